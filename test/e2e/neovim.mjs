// Runs test/e2e/neovim.lua in Debian's Neovim (0.7) against dist/server.js on a temp copy of the
// seed example; the Lua script does the checks, its exit code is the verdict.
import { join } from 'node:path';
import { runEditorOnSeed } from './lib/editor-run.mjs';
import { repoRoot } from './lib/paths.mjs';

runEditorOnSeed('neovim', 'nvim', (root) => ({
  args: ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(repoRoot, 'test/e2e/neovim.lua')}`],
  // Neovim's state and cache go to the temp folder.
  env: { XDG_STATE_HOME: join(root, 'state'), XDG_CACHE_HOME: join(root, 'cache') },
}));
