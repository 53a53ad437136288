// The CLI on go package patterns with the real go: ./..., ./pkg/..., import paths, directories and
// files, test variants with --tests, and one go command run per module (counted through a go
// that logs its arguments before running the real one).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/lspClient';
import { hasGo, makeModule, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

const moved = (pkg: string, v: string) => `package ${pkg}\n\nfunc F${v}() *int {\n\t${v} := 1\n\treturn &${v}\n}\n`;

describe('CLI on package patterns', function () {
  this.timeout(180_000);
  let root = '';
  let bin = '';
  let log = '';
  before(function () {
    if (!hasGo()) this.skip();
    root = makeModule(
      {
        'main.go': 'package main\n\nfunc main() { _ = Fm() }\n\n' + moved('main', 'm').replace('package main\n\n', ''),
        'a/a.go': moved('a', 'x'),
        'a/a_test.go': moved('a', 't').replace('func Ft', 'func helperFt'),
        'a/ext_test.go': 'package a_test\n\nimport "testing"\n\nfunc TestE(t *testing.T) {\n\te := 1\n\tsink = &e\n}\n\nvar sink *int\n',
        'b/b.go': moved('b', 'y'),
        'b/c/c.go': moved('c', 'z'),
        'nested/go.mod': 'module example.com/nested\n\ngo 1.21\n',
        'nested/n.go': moved('nested', 'n'),
      },
      'example.com/multi',
    );
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-loggo-'));
    log = path.join(bin, 'log');
    const real = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() + '/bin/go';
    fs.writeFileSync(path.join(bin, 'go'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  });
  after(() => {
    if (root) removeDir(root);
    if (bin) removeDir(bin);
  });

  /** The findings (file:line: message, relative to the module) and the number of `go list` runs. */
  function run(cwd: string, ...args: string[]): { lines: string[]; runs: number; status: number | null; stderr: string } {
    fs.writeFileSync(log, '');
    const r = spawnSync(process.execPath, [CLI, '--go', path.join(bin, 'go'), '--json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '', GOWORK: 'off' } });
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((f) => `${path.relative(root, f.file)}:${f.line}: ${f.message}`).sort();
    const runs = fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('list ')).length;
    return { lines, runs, status: r.status, stderr: r.stderr };
  }

  const cases: [string, string[], string[], number][] = [
    ['./... from the root (no nested module)', ['./...'], ['a/a.go:4: moved to heap: x', 'b/b.go:4: moved to heap: y', 'b/c/c.go:4: moved to heap: z', 'main.go:6: moved to heap: m'], 1],
    ['./b/...', ['./b/...'], ['b/b.go:4: moved to heap: y', 'b/c/c.go:4: moved to heap: z'], 1],
    ['an import path', ['example.com/multi/a'], ['a/a.go:4: moved to heap: x'], 1],
    ['directories, bare and with ./, in one run', ['b', './a'], ['a/a.go:4: moved to heap: x', 'b/b.go:4: moved to heap: y'], 1],
    ['a .go file means its package', ['b/c/c.go'], ['b/c/c.go:4: moved to heap: z'], 1],
    ['two modules, one run each', ['./b/c', './nested'], ['b/c/c.go:4: moved to heap: z', 'nested/n.go:4: moved to heap: n'], 2],
    ['test variants with --tests', ['--tests', './a'], ['a/a.go:4: moved to heap: x', 'a/a_test.go:4: moved to heap: t', 'a/ext_test.go:6: moved to heap: e'], 1],
  ];
  for (const [name, args, want, runs] of cases) {
    it(name, () => {
      const r = run(root, ...args);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.lines, want);
      assert.equal(r.runs, runs, 'go list runs');
    });
  }

  it('./... from a subdirectory means the packages below it', () => {
    assert.deepEqual(run(path.join(root, 'b'), './...').lines, ['b/b.go:4: moved to heap: y', 'b/c/c.go:4: moved to heap: z']);
  });

  it('bad patterns are usage errors', () => {
    for (const args of [['./nope'], ['nope/x.go'], []]) {
      const r = run(root, ...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.runs, 0);
    }
  });
});
