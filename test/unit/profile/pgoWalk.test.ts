// The walk for a module's default.pgo files: the directories the go command treats as packages
// of the module, read several at a time, with the same answer as a walk of one directory at a
// time, and few turns of the event loop however many directories there are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPgoDirs } from '../../../server/src/core/profile/pgoWalk';
import { makeModule, removeDir } from '../../helpers/tempModule';

const PGO = 'not a real profile';

/** The walk as it was written first, one directory at a time: the reference. */
function walkOneByOne(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, top: boolean) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (!top && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
    if (entries.some((e) => e.isFile() && e.name === 'default.pgo')) found.push(dir);
    for (const e of entries) if (e.isDirectory() && !/^(vendor|testdata|node_modules)$|^[._]/.test(e.name)) walk(path.join(dir, e.name), false);
  };
  walk(root, true);
  return found.sort();
}

/** A module of `n` package directories at several depths, some with a default.pgo, some nested modules and skipped directories. */
function generatedTree(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const dir = i % 3 === 0 ? `a/p${i}` : i % 3 === 1 ? `b/c/p${i}` : `d/e/f/p${i}`;
    files[`${dir}/x.go`] = 'package p\n';
    if (i % 17 === 0) files[`${dir}/default.pgo`] = PGO;
    if (i % 41 === 0) files[`${dir}/sub/go.mod`] = 'module nested\n';
    if (i % 41 === 0) files[`${dir}/sub/default.pgo`] = PGO;
    if (i % 29 === 0) files[`${dir}/testdata/default.pgo`] = PGO;
  }
  return files;
}

describe('defaultPgoDirs', () => {
  let dir = '';
  afterEach(() => {
    if (dir) removeDir(dir);
    dir = '';
  });

  it('finds every default.pgo of the module, its root\'s too, sorted', async () => {
    dir = makeModule({ 'default.pgo': PGO, 'cmd/b/default.pgo': PGO, 'cmd/a/default.pgo': PGO, 'cmd/a/deeper/x/default.pgo': PGO, 'lib/lib.go': 'package lib\n' });
    assert.deepEqual(await defaultPgoDirs(dir), [dir, path.join(dir, 'cmd', 'a'), path.join(dir, 'cmd', 'a', 'deeper', 'x'), path.join(dir, 'cmd', 'b')]);
  });

  it('does not descend into nested modules, vendor, testdata, node_modules, dot or underscore directories', async () => {
    dir = makeModule({
      'cmd/app/default.pgo': PGO,
      'nested/go.mod': 'module example.com/nested\n',
      'nested/cmd/default.pgo': PGO,
      'nested/default.pgo': PGO,
      'vendor/example.com/v/default.pgo': PGO,
      'testdata/default.pgo': PGO,
      'node_modules/x/default.pgo': PGO,
      '.git/default.pgo': PGO,
      '_build/default.pgo': PGO,
      // Names that only look like skipped ones are walked.
      'vendored/default.pgo': PGO,
      'my_testdata/default.pgo': PGO,
      'a.b/default.pgo': PGO,
    });
    assert.deepEqual(await defaultPgoDirs(dir), ['a.b', 'cmd/app', 'my_testdata', 'vendored'].map((d) => path.join(dir, d)));
  });

  it('counts only files named default.pgo, and does not follow symbolic links to directories', async () => {
    dir = makeModule({ 'cmd/app/default.pgo/x': 'a directory, not a profile', 'elsewhere/default.pgo': PGO });
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'link'));
    assert.deepEqual(await defaultPgoDirs(dir), [path.join(dir, 'elsewhere')]);
  });

  it('gives the answer of a walk one directory at a time, whatever the number of reads in flight', async () => {
    dir = makeModule(generatedTree(300));
    const want = walkOneByOne(dir);
    assert.ok(want.length > 10, `the tree has default.pgo files to find: ${want.length}`);
    for (const inFlight of [1, 2, 7, 256]) assert.deepEqual(await defaultPgoDirs(dir, undefined, inFlight), want, `${inFlight} in flight`);
  });

  it('moves on by many directories in each turn of a busy event loop, not by one', async () => {
    dir = makeModule(generatedTree(300));
    const dirs = 300 + 5;
    // Every turn of the loop is busy with other work, as a server's first second is.
    let turns = 0;
    let on = true;
    const busy = () => {
      turns++;
      const end = Date.now() + 3;
      while (Date.now() < end);
      if (on) setImmediate(busy);
    };
    setImmediate(busy);
    try {
      assert.deepEqual(await defaultPgoDirs(dir), walkOneByOne(dir));
    } finally {
      on = false;
    }
    assert.ok(turns < dirs / 4, `${turns} turns of the event loop for ${dirs} directories`);
  });

  it('reads no more directories once its signal aborts', async () => {
    dir = makeModule(generatedTree(60));
    const controller = new AbortController();
    const read = fs.promises.readdir;
    let reads = 0;
    (fs.promises as { readdir: unknown }).readdir = (...args: Parameters<typeof read>) => {
      if (++reads === 5) controller.abort();
      return read(...args);
    };
    try {
      const found = await defaultPgoDirs(dir, controller.signal, 1);
      assert.equal(reads, 5);
      assert.ok(found.length < walkOneByOne(dir).length);
    } finally {
      (fs.promises as { readdir: unknown }).readdir = read;
    }
  });
});
