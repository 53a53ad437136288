// `check --base GITREF` analyses GITREF in a temporary git worktree and removes it afterwards:
// after a clean run, when the code at GITREF does not build, and when the run is interrupted
// with Ctrl-C while the go command runs. TMPDIR points into a directory of the test's own, so
// that anything left behind is seen.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitModule, gitModule } from '../helpers/gitModule';
import { REPO } from '../helpers/lspClient';
import { PrivateCache, privateCache } from '../helpers/poisonedCache';
import { FIXTURES, hasGo, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

describe('check --base leaves nothing behind', function () {
  this.timeout(300_000);
  let mod: GitModule;
  let cache: PrivateCache;
  let tmp = '';
  let good = '';
  let broken = '';
  const env = () => ({ ...cache.env, TMPDIR: tmp });
  const worktrees = () => mod.git('worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length;
  const leftovers = () => fs.readdirSync(tmp);

  before(function () {
    if (!hasGo() || spawnSync('git', ['--version']).status !== 0) this.skip();
    cache = privateCache();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-tmpdir-')));
    mod = gitModule(path.join(FIXTURES, 'gate'));
    good = mod.commit('base');
    mod.edit('lib/lib.go', '\treturn *p', '\treturn p');
    broken = mod.commit('does not build');
    mod.reset(good);
  });
  after(() => {
    if (mod) removeDir(mod.dir);
    if (tmp) removeDir(tmp);
    cache?.remove();
  });

  it('after a clean run', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', '--base', good, './...'], { cwd: mod.dir, env: env(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(worktrees(), 1);
    assert.deepEqual(leftovers(), []);
  });

  it('when the code at the base does not build', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', '--base', broken, './...'], { cwd: mod.dir, env: env(), encoding: 'utf8' });
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, new RegExp(`${broken}:\\./lib/lib\\.go:9:9: `), 'errors name the file at the base');
    assert.match(r.stderr, /the code at [0-9a-f]+ could not be analysed/);
    assert.equal(worktrees(), 1);
    assert.deepEqual(leftovers(), []);
  });

  it('when interrupted while the go command runs', async () => {
    // A go that never finishes, so that the interrupt lands in the middle of the base's analysis.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-slowgo-'));
    const slow = path.join(bin, 'go');
    fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    try {
      const child = spawn(process.execPath, [CLI, 'check', '--base', good, '--go', slow, './...'], { cwd: mod.dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      for (let i = 0; i < 300 && worktrees() < 2; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(worktrees(), 2, 'the worktree was made');
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      assert.equal(worktrees(), 1);
      assert.deepEqual(leftovers(), []);
    } finally {
      removeDir(bin);
    }
  });
});
