// What the measuring scripts share: the repository, the server they run (SERVERJS=path for
// another build), numeric command-line options, and modules compiled by `npm run build` into out/.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER = process.env.SERVERJS ? path.resolve(process.env.SERVERJS) : path.join(REPO, 'dist', 'server.js');

const argv = process.argv.slice(2);

/** The number after `name` on the command line, else `dflt`. */
export function numberOption(name, dflt) {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
}

export const flag = (name) => argv.includes(name);

/** A module of out/ (e.g. 'test/helpers/lspClient.js'), with a clear message when it is not built. */
export function compiled(file) {
  const f = path.join(REPO, 'out', file);
  if (!fs.existsSync(f)) throw new Error(`out/${file} is missing: run \`npm run build\` (or \`npx tsc -b\`) first`);
  return createRequire(import.meta.url)(f);
}
