// `check --base GITREF`: the code at GITREF, checked out in a temporary git worktree that is
// removed afterwards whatever happens (an error, a cancelled run, the process exiting).
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class GitError extends Error {}

function git(cwd: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, signal, encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        reject(new GitError(code === 'ENOENT' ? 'git is not installed (needed for --base)' : code === 'ABORT_ERR' ? 'cancelled' : (stderr || err.message).trim()));
      } else resolve(stdout);
    });
  });
}

/** Worktrees not yet removed; an exit in the middle of a check removes them too. */
const live = new Map<string, { top: string; tree: string }>();
let exitHookInstalled = false;

function removeSync(dir: string, top: string, tree: string): void {
  try {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: top, stdio: 'ignore' });
  } catch {
    // Removed below; prune forgets it.
  }
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('git', ['worktree', 'prune'], { cwd: top, stdio: 'ignore' });
  } catch {
    // Nothing more to do.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [dir, { top, tree }] of live) removeSync(dir, top, tree);
  });
}

/**
 * Runs `fn` with the directory that corresponds to `cwd` in a worktree of `ref`. `cwd` must be in
 * a git repository; the worktree is detached (no branch is created or moved).
 */
export async function withBaseWorktree<T>(cwd: string, ref: string, fn: (baseCwd: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'], signal)).trim();
  let commit: string;
  try {
    commit = (await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], signal)).trim();
  } catch {
    throw new GitError(`${ref}: not a commit in ${top}`);
  }
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-base-')));
  const tree = path.join(dir, 'tree');
  installExitHook();
  live.set(dir, { top, tree });
  try {
    await git(top, ['worktree', 'add', '--detach', '--quiet', tree, commit], signal);
    return await fn(path.join(tree, path.relative(fs.realpathSync(top), fs.realpathSync(cwd))));
  } finally {
    removeSync(dir, top, tree);
    live.delete(dir);
  }
}
