// Where a rule's documentation lives. RULES.md ships with the extension; links point at the
// copy in the installed package so that they work offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let base: string | undefined;

function rulesDocUrl(): string {
  if (base) return base;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, 'RULES.md');
    if (fs.existsSync(p)) return (base = pathToFileURL(p).href);
    dir = path.dirname(dir);
  }
  return (base = 'https://github.com/go-escape/go-escape/blob/main/RULES.md');
}

export function ruleHref(rule: string): string {
  return `${rulesDocUrl()}#${rule}`;
}
