// Bundles the extension client, the language server and the CLI with esbuild, and copies the
// wasm files the server loads at run time next to the bundles.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: process.env.GO_ESCAPE_MINIFY !== '0',
  logLevel: 'warning',
  // web-tree-sitter locates itself through import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
};
const metaUrl = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js'), external: ['vscode'], banner: { js: metaUrl } }),
  build({ ...common, entryPoints: [join(root, 'server/src/lsp/main.ts')], outfile: join(dist, 'server.js'), banner: { js: `#!/usr/bin/env node\n${metaUrl}` } }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(dist, 'cli.js'), banner: { js: `#!/usr/bin/env node\n${metaUrl}` } }),
]);

copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(join(root, 'grammars/tree-sitter-go.wasm'), join(dist, 'tree-sitter-go.wasm'));
