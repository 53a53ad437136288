// Writes RULES.md from the rule catalogue (compiled by `tsc -b` to out/). `npm run rules-doc`
// builds first. With --check it writes nothing and exits 1 when RULES.md is out of date.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'out/server/src/core/catalogue/renderDoc.js');
if (!existsSync(compiled)) {
  console.error(`gen-rules-doc: ${compiled} is missing; run \`npx tsc -b\` first`);
  process.exit(2);
}
const { renderRulesDocument } = createRequire(import.meta.url)(compiled);
const target = join(root, 'RULES.md');
const text = renderRulesDocument();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('gen-rules-doc: RULES.md is out of date; run `npm run rules-doc`');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`gen-rules-doc: wrote ${target}`);
}
