// The bench and the scripts use the tests' LSP client (test/helpers/lspClient.ts), as compiled by
// `npm run build` (tsc -b) into out/.
import { compiled } from './scriptEnv.mjs';

export const { LspClient, CLIENT_CAPABILITIES } = compiled('test/helpers/lspClient.js');
