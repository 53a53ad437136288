// Where the end-to-end tests find the repository, the tools setup-e2e.sh installed, and where
// they write their screenshots and logs.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const e2eDir = process.env.GO_ESCAPE_E2E_DIR ?? join(repoRoot, '.e2e');
export const outputDir = join(repoRoot, 'test-output', 'e2e');
export const seedDir = join(repoRoot, 'test', 'fixtures', 'seed');
export const serverJs = join(repoRoot, 'dist', 'server.js');
export const vsixPath = process.env.GO_ESCAPE_VSIX ?? join(repoRoot, 'go-escape.vsix');
export const codeServerEntry = join(e2eDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const playwrightCore = join(e2eDir, 'tools', 'node_modules', 'playwright-core', 'index.mjs');
export const chromiumPath = process.env.GO_ESCAPE_CHROMIUM ?? '/usr/bin/chromium';
