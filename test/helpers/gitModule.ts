// A copy of a fixture module under git, made at test time: a base commit and edits committed
// on top, for tests of `check --base` and baselines.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture } from './tempModule';

export interface GitModule {
  dir: string;
  git(...args: string[]): string;
  /** Replaces `from` with `to` in `file` (relative to the module), failing when `from` is absent. */
  edit(file: string, from: string | RegExp, to: string): void;
  commit(message: string): string;
  /** Back to `commit` with a clean tree. */
  reset(commit: string): void;
}

export function gitModule(fixture: string): GitModule {
  const dir = copyFixture(fixture);
  const env = { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  const m: GitModule = {
    dir,
    git,
    edit(file, from, to) {
      const p = path.join(dir, file);
      const text = fs.readFileSync(p, 'utf8');
      const next = text.replace(from, to);
      if (next === text) throw new Error(`edit of ${file}: ${String(from)} not found`);
      fs.writeFileSync(p, next);
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    reset(commit) {
      git('reset', '-q', '--hard', commit);
      git('clean', '-q', '-fdx');
    },
  };
  return m;
}
