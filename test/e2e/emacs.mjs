// Runs test/e2e/emacs.el in Debian's Emacs 28 with eglot 1.9 against dist/server.js on a temp
// copy of the seed example; the Lisp script does the checks, its exit code is the verdict.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runEditorOnSeed } from './lib/editor-run.mjs';
import { repoRoot } from './lib/paths.mjs';

// Debian installs elpa-eglot and its dependencies here; `emacs -Q` does not load them by itself.
const elpa = '/usr/share/emacs/site-lisp/elpa';

runEditorOnSeed('emacs', 'emacs', (root) => {
  if (!existsSync(elpa) || !readdirSync(elpa).some((name) => name.startsWith('eglot-'))) {
    throw new Error(`eglot is not installed under ${elpa}: run scripts/setup-e2e.sh`);
  }
  const loadPath = readdirSync(elpa).flatMap((name) => ['-L', join(elpa, name)]);
  return { args: ['-Q', '--batch', ...loadPath, '-l', join(repoRoot, 'test/e2e/emacs.el')], env: { HOME: root } };
});
