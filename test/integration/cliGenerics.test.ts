// The CLI on generic code with the real go: one line per place, and with --explain --json the
// instantiations the compiler printed the verdict for.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/lspClient';
import { FIXTURES, hasGo, makeModule, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

describe('CLI on generic code', function () {
  this.timeout(60000);
  let dir: string | undefined;
  before(function () {
    if (!hasGo()) this.skip();
    dir = makeModule({ 'a.go': fs.readFileSync(path.join(FIXTURES, 'parser', 'generics-m2', 'a.go'), 'utf8') }, 'example.com/generics');
  });
  after(() => dir && removeDir(dir));

  it('prints each place once', () => {
    const lines = execFileSync(process.execPath, [CLI, dir!], { encoding: 'utf8' }).trim().split('\n');
    // The compiler prints line 5 three times for each column, once per instantiation.
    assert.deepEqual(lines.filter((l) => /a\.go:5:/.test(l)).map((l) => l.replace(/^.*a\.go:/, '')), ['5:6: moved to heap: v', '5:17: moved to heap: v']);
  });

  it('lists the instantiations in --explain --json', () => {
    const out = execFileSync(process.execPath, [CLI, '--json', '--explain', dir!], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
    const shapes = out.find((f) => f.line === 5 && f.column === 17);
    assert.deepEqual([...shapes.instances].sort(), ['Box[go.shape.int]', 'Box[go.shape.string]', 'Box[go.shape.struct { example.com/generics.a [8]int }]']);
    const plain = out.find((f) => f.line === 10 && f.column === 17);
    assert.equal(plain.message, 'moved to heap: v');
    assert.equal(plain.instances, undefined);
  });
});
