// Runs test/e2e/neovim.lua in Debian's Neovim (0.7) against dist/server.js on a temp copy of the
// seed example; the Lua script does the checks, its exit code is the verdict.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runEditor } from './lib/editor-run.mjs';
import { outputDir, repoRoot, serverJs } from './lib/paths.mjs';
import { copySeed, makeTempRoot } from './lib/seed.mjs';

async function main() {
  if (!existsSync(serverJs)) throw new Error(`missing ${serverJs}: run npm run build`);
  mkdirSync(outputDir, { recursive: true });
  const root = makeTempRoot('go-escape-e2e-neovim-');
  try {
    const workspace = copySeed(root);
    // Neovim's cache goes to the temp folder, but the go build cache must stay the user's: a cold
    // one means rebuilding the runtime before the first finding.
    const gocache = execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim();
    await runEditor('nvim', 'nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(repoRoot, 'test/e2e/neovim.lua')}`], {
      cwd: workspace,
      env: { ...process.env, GO_ESCAPE_SERVER: serverJs, GO_ESCAPE_WORKSPACE: workspace, XDG_STATE_HOME: join(root, 'state'), XDG_CACHE_HOME: join(root, 'cache'), GOCACHE: gocache },
      logFile: join(outputDir, 'neovim.log'),
      timeoutMs: 240_000,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`neovim e2e FAILED: ${error.message}`);
    process.exit(1);
  },
);
