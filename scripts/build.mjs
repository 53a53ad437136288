// Bundles the extension client, the language server and the CLI with esbuild, and copies the
// wasm files the server loads at run time next to the bundles.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// The server and the CLI are each a small launcher (server.js, cli.js) that runs the bundle
// (*-main.js) through V8's code cache. Code compiled that way cannot use import() on Node 20 once
// it comes from the cache, so the bundles take web-tree-sitter's CommonJS build (its ES module
// build imports `module` with import()) and turn the remaining import() of built-ins into require.
const bundle = {
  ...common,
  banner: { js: metaUrl },
  supported: { 'dynamic-import': false },
  alias: { 'web-tree-sitter': createRequire(import.meta.url).resolve('web-tree-sitter') },
};
const launcher = { ...common, banner: { js: '#!/usr/bin/env node' } };

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js'), external: ['vscode'], banner: { js: metaUrl } }),
  build({ ...bundle, entryPoints: [join(root, 'server/src/lsp/serverMain.ts')], outfile: join(dist, 'server-main.js') }),
  build({ ...bundle, entryPoints: [join(root, 'server/src/cli/bin.ts')], outfile: join(dist, 'cli-main.js') }),
  // Profiles are decoded in a worker thread (core/profile/offThread.ts) that runs this bundle.
  build({ ...bundle, entryPoints: [join(root, 'server/src/core/profile/offThread.ts')], outfile: join(dist, 'profile-worker.js') }),
  build({ ...launcher, entryPoints: [join(root, 'server/src/runtime/serverLauncher.ts')], outfile: join(dist, 'server.js') }),
  build({ ...launcher, entryPoints: [join(root, 'server/src/runtime/cliLauncher.ts')], outfile: join(dist, 'cli.js') }),
]);
for (const f of ['server.js', 'cli.js']) chmodSync(join(dist, f), 0o755);

copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(join(root, 'grammars/tree-sitter-go.wasm'), join(dist, 'tree-sitter-go.wasm'));
// Standard-library facts for predictions without a toolchain (scripts/gen-std-facts.mjs).
mkdirSync(join(dist, 'stdfacts'), { recursive: true });
for (const f of readdirSync(join(root, 'data/stdfacts'))) if (f.endsWith('.json.gz')) copyFileSync(join(root, 'data/stdfacts', f), join(dist, 'stdfacts', f));
