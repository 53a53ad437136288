// Where the rule catalogue's document lives for the client. RULES.md ships with the extension;
// links point at the installed copy so that they work offline and match the installed version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES_DOCUMENT, ruleHref as catalogueHref } from '../core/rules/catalogue';

let base: string | undefined;

/** File URI of the RULES.md next to the running server (dist/..), or the bare name. */
export function rulesBase(): string {
  if (base) return base;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, RULES_DOCUMENT);
    if (fs.existsSync(p)) return (base = pathToFileURL(p).href);
    dir = path.dirname(dir);
  }
  return (base = RULES_DOCUMENT);
}

export function ruleHref(rule: string): string {
  return catalogueHref(rule, rulesBase());
}
