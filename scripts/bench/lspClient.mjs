// The bench and the scripts use the tests' LSP client (test/helpers/lspClient.ts), as compiled by
// `npm run build` (tsc -b) into out/.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

const compiled = new URL('../../out/test/helpers/lspClient.js', import.meta.url);
if (!fs.existsSync(compiled)) throw new Error('out/test/helpers/lspClient.js is missing: run `npm run build` (or `npx tsc -b`) first');
export const { LspClient, CLIENT_CAPABILITIES } = createRequire(import.meta.url)(compiled.pathname);
