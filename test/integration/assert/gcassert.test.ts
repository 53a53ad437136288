// Compatibility with gcassert: its own testdata, checked by `go-escape check` (the CLI, through
// the gate's module analysis) on the installed go, gives exactly the failures its
// gcassert_test.go expects, nothing else. The module comes from
// the Go module proxy at test time (never committed); its testdata is built in a temporary copy
// with the module's path and go version, as gcassert's test builds it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { subjectOf } from '../../../server/src/core/compiler/parseText';
import { moduleCacheDir } from '../../helpers/proxyModule';
import { REPO } from '../../helpers/lspClient';
import { hasGo, removeDir } from '../../helpers/tempModule';

const GCASSERT = 'github.com/jordanlewis/gcassert@v0.0.0-20250430164644-389ef753e22e';
const CLI = path.join(REPO, 'dist', 'cli.js');

/**
 * The failures of gcassert's expected output as `file:line kind detail`. Each entry is
 * `path:line:\t<the annotated code as go/printer prints it>: <message>`, and the code may span
 * lines, so entries are split where a line starts with a testdata path.
 */
function expectedFromTest(testSource: string): string[] {
  const block = /expectedOutput := `([^`]*)`/.exec(testSource)?.[1];
  if (!block) throw new Error('no expectedOutput in gcassert_test.go');
  const starts = [...block.matchAll(/^(testdata\/\S+?\.go):(\d+):\t/gm)];
  return starts.map((m, i) => {
    const entry = block.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : block.length).trimEnd();
    const message = entry.slice(entry.lastIndexOf(': ') + 2);
    const where = `${m[1]}:${m[2]}`;
    let k: RegExpExecArray | null;
    if ((k = /^unknown directive "(.*)"$/.exec(message))) return `${where} unknown ${k[1]}`;
    if ((k = /^(\S+) escapes to heap:$/.exec(message))) return `${where} noescape ${k[1]}`;
    if ((k = /^Found (IsInBounds|IsSliceInBounds)$/.exec(message))) return `${where} bce ${k[1]}`;
    if (message === 'call was not inlined') return `${where} inline`;
    throw new Error(`unexpected gcassert message: ${message}`);
  }).sort();
}

interface Reported {
  kind: string;
  file: string;
  line: number;
  message: string;
  directive: string;
  covered?: { line: number };
}

/** Our failures (`check --format json`) in the same shape; gcassert reports at the first line of the annotated code. */
function ours(root: string, stdout: string): string[] {
  const reports = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Reported);
  return reports.map((f) => {
    assert.equal(f.kind, 'assertion');
    const where = `${path.relative(root, f.file)}:${f.covered?.line ?? f.line}`;
    switch (f.directive) {
      case 'unknown': return `${where} unknown ${/unknown directive "(.*)"/.exec(f.message)![1]}`;
      case 'noescape': return `${where} noescape ${subjectOf(f.message)}`;
      case 'bce': return `${where} bce ${f.message.replace(/^Found /, '')}`;
      default: return `${where} ${f.directive}`;
    }
  }).sort();
}

describe("gcassert's testdata and expected output", function () {
  this.timeout(300000);
  let root: string | undefined;
  let expected: string[] = [];
  before(function () {
    if (!hasGo()) this.skip();
    const mod = moduleCacheDir(GCASSERT);
    expected = expectedFromTest(fs.readFileSync(path.join(mod, 'gcassert_test.go'), 'utf8'));
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-gcassert-')));
    fs.cpSync(path.join(mod, 'testdata'), path.join(root, 'testdata'), { recursive: true });
    // Files in the module cache are read-only; the copy must be removable.
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
    const goLine = /^go\s+(\S+)/m.exec(fs.readFileSync(path.join(mod, 'go.mod'), 'utf8'))?.[1] ?? '1.13';
    fs.writeFileSync(path.join(root, 'go.mod'), `module github.com/jordanlewis/gcassert\n\ngo ${goLine}\n`);
  });
  after(() => root && removeDir(root));

  it('lists the 17 failures its test expects', function () {
    assert.equal(expected.length, 17, expected.join('\n'));
  });

  for (const [name, patterns] of [['relative', ['./testdata', './testdata/otherpkg']], ['absolute', ['testdata', 'testdata/otherpkg']]] as const) {
    it(`reproduces them exactly from the CLI, exit 1 (${name} patterns)`, function () {
      const args = name === 'absolute' ? patterns.map((p) => path.join(root!, p)) : [...patterns];
      const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(ours(root!, r.stdout), expected);
    });
  }
});
