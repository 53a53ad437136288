// Where the rule catalogue's document lives for the client. RULES.md ships with the extension;
// links point at the installed copy so that they work offline and match the installed version.
import { findUp } from '../core/util/findUp';
import { pathToFileURL } from 'node:url';
import { RULES_DOCUMENT, ruleHref as catalogueHref } from '../core/catalogue/catalogue';

let base: string | undefined;

/** File URI of the RULES.md next to the running server (dist/..), or the bare name. */
export function rulesBase(): string {
  if (base) return base;
  const p = findUp(__dirname, [RULES_DOCUMENT]);
  return (base = p ? pathToFileURL(p).href : RULES_DOCUMENT);
}

export function ruleHref(rule: string): string {
  return catalogueHref(rule, rulesBase());
}
