// Trees of unedited package files are kept between annotations, parsed again when the file
// changes on disk, and freed only when no annotation of their package is running.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { DiskTrees } from '../../../server/src/core/explain/diskTrees';
import { createGoParser } from '../../../server/src/core/treesitter/parser';

describe('DiskTrees', () => {
  let parser: Parser;
  let dir: string;
  before(async () => {
    parser = await createGoParser();
  });
  after(() => parser.delete());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-disktrees-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const parse = async (text: string) => parser.parse(text);
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('gives the same tree while the file is unchanged, and a new one after it is written', async () => {
    const trees = new DiskTrees();
    const f = write('a.go', 'package a\n\nfunc A() {}\n');
    trees.acquire(dir);
    const first = (await trees.get(f, parse))!;
    assert.equal((await trees.get(f, parse))!.tree, first.tree);
    trees.release(dir);
    fs.writeFileSync(f, 'package a\n\nfunc B() int { return 1 }\n');
    // Same size is no proof of the same text: the change time moves too.
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(f, t, t);
    trees.acquire(dir);
    const second = (await trees.get(f, parse))!;
    assert.notEqual(second.tree, first.tree);
    assert.match(second.text, /func B/);
    assert.equal(second.tree.rootNode.text, second.text);
    trees.release(dir);
    trees.dispose();
  });

  it('keeps a replaced tree usable until the annotation that holds it ends', async () => {
    const trees = new DiskTrees();
    const f = write('a.go', 'package a\n\nfunc A() {}\n');
    trees.acquire(dir);
    const held = (await trees.get(f, parse))!.tree;
    fs.writeFileSync(f, 'package a\n\nfunc Longer() {}\n');
    trees.acquire(dir);
    await trees.get(f, parse);
    // The first annotation is still running: its tree must still be readable.
    assert.match(held.rootNode.text, /func A/);
    trees.release(dir);
    trees.release(dir);
    trees.dispose();
  });

  it('keeps the trees of the last packages only', async () => {
    const trees = new DiskTrees(1);
    const sub = (name: string) => {
      const d = path.join(dir, name);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'x.go'), `package ${name}\n`);
      return d;
    };
    const [p, q] = [sub('p'), sub('q')];
    trees.acquire(p);
    const a = (await trees.get(path.join(p, 'x.go'), parse))!.tree;
    trees.release(p);
    trees.acquire(q);
    await trees.get(path.join(q, 'x.go'), parse);
    trees.release(q);
    trees.acquire(p);
    assert.notEqual((await trees.get(path.join(p, 'x.go'), parse))!.tree, a, 'p was evicted when q came in');
    trees.release(p);
    trees.dispose();
  });
});
