// Runs test/e2e/emacs.el in Debian's Emacs 28 with eglot 1.9 against dist/server.js on a temp
// copy of the seed example; the Lisp script does the checks, its exit code is the verdict.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runEditor } from './lib/editor-run.mjs';
import { outputDir, repoRoot, serverJs } from './lib/paths.mjs';
import { copySeed, makeTempRoot } from './lib/seed.mjs';

// Debian installs elpa-eglot and its dependencies here; `emacs -Q` does not load them by itself.
const elpa = '/usr/share/emacs/site-lisp/elpa';

async function main() {
  if (!existsSync(serverJs)) throw new Error(`missing ${serverJs}: run npm run build`);
  if (!existsSync(elpa) || !readdirSync(elpa).some((name) => name.startsWith('eglot-'))) {
    throw new Error(`eglot is not installed under ${elpa}: run scripts/setup-e2e.sh`);
  }
  mkdirSync(outputDir, { recursive: true });
  const root = makeTempRoot('go-escape-e2e-emacs-');
  try {
    const workspace = copySeed(root);
    const loadPath = readdirSync(elpa).flatMap((name) => ['-L', join(elpa, name)]);
    const gocache = execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim();
    await runEditor('emacs', 'emacs', ['-Q', '--batch', ...loadPath, '-l', join(repoRoot, 'test/e2e/emacs.el')], {
      cwd: workspace,
      env: { ...process.env, GO_ESCAPE_SERVER: serverJs, GO_ESCAPE_WORKSPACE: workspace, HOME: root, GOCACHE: gocache },
      logFile: join(outputDir, 'emacs.log'),
      timeoutMs: 240_000,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`emacs e2e FAILED: ${error.message}`);
    process.exit(1);
  },
);
