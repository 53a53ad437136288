// Baseline keys: what a finding is, not where. Enclosing functions come from the source with
// tree-sitter, named as the compiler names them without instantiations and closure numbers.
import * as assert from 'node:assert/strict';
import { conditionWarnings, readBaseline, serialiseBaseline, Baseline } from '../../../server/src/core/baseline/baselineFile';
import { diffAgainst } from '../../../server/src/core/baseline/diff';
import { enclosingFunctions } from '../../../server/src/core/baseline/functions';
import { keyFindings, normaliseMessage } from '../../../server/src/core/baseline/key';
import type { Finding } from '../../../server/src/core/findings';
import { useGoParser } from '../../helpers/goParser';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SRC = `package p

type List[T any] struct{ items []T }

func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

func (l List[T]) Len() int { return len(l.items) }

var Hook = func() *int { h := 1; return &h }

func init() { _ = F() }

func F() *int {
	g := func() *int { c := 2; return &c }
	_ = g()
	a := 3
	return &a
}
`;

const finding = (line: number, column: number, message: string): Finding => ({ file: '/m/p/p.go', line, column, message, category: message.startsWith('moved') ? 'moved' : 'escapes', rule: 'unexplained', origin: 'compiler' });

describe('baseline keys', () => {
  const ctx = useGoParser();

  it('names enclosing functions as the compiler does, without instantiations or closure numbers', () => {
    const list = [finding(5, 40, 'append escapes to heap'), finding(7, 30, 'x'), finding(9, 26, 'moved to heap: h'), finding(14, 21, 'moved to heap: c'), finding(16, 2, 'moved to heap: a')];
    const names = enclosingFunctions(list, ctx.parser, () => SRC);
    assert.deepEqual(list.map((f) => names.get(f)), ['(*List).Push', 'List.Len', 'init', 'F', 'F']);
  });

  it('counts ordinals among equal findings of a function, in position order', () => {
    const a = finding(20, 2, 'moved to heap: v');
    const b = finding(10, 2, 'moved to heap: v');
    const c = finding(15, 2, 'moved to heap: w');
    const keys = keyFindings([a, b, c], () => ({ module: 'example.com/m', root: '/m' }), () => 'F');
    assert.deepEqual([keys.get(b)!.ordinal, keys.get(a)!.ordinal, keys.get(c)!.ordinal], [0, 1, 0]);
    assert.equal(keys.get(a)!.file, 'p/p.go');
  });

  it("leaves the compiler temporaries' numbers out of messages, and only heap findings get keys", () => {
    assert.equal(normaliseMessage('moved to heap: .autotmp_17'), 'moved to heap: .autotmp');
    const leak: Finding = { ...finding(1, 1, 'leaking param: p'), category: 'leak' };
    assert.equal(keyFindings([leak], () => ({ module: 'm', root: '/m' }), () => 'F').size, 0);
  });

  it('reports the added ones and, within scope, the fixed ones', () => {
    const f1 = finding(3, 2, 'moved to heap: v');
    const f2 = finding(4, 2, 'moved to heap: v');
    const keys = keyFindings([f1, f2], () => ({ module: 'm', root: '/m' }), () => 'F');
    const base = [{ ...keys.get(f1)!, line: 3, column: 2 }, { module: 'm', file: 'q/q.go', function: 'G', category: 'moved' as const, message: 'moved to heap: z', ordinal: 0, line: 1, column: 1 }];
    const d = diffAgainst(keys, base, (e) => e.file.startsWith('p/'));
    assert.deepEqual(d.added.map((a) => a.key.ordinal), [1]);
    assert.deepEqual(d.fixed, []);
    assert.deepEqual(diffAgainst(keys, base, () => true).fixed.map((e) => e.file), ['q/q.go']);
  });

  it('writes baselines that read back, and warns about each condition that differs', () => {
    const b: Baseline = { format: 'go-escape-baseline', version: 1, goVersion: 'go1.26.8', buildFlags: [], compilerFlags: [], env: { GOOS: 'linux' }, tests: false, patterns: ['./...'], findings: [{ module: 'm', file: 'a.go', function: 'F', category: 'moved', message: 'moved to heap: u', ordinal: 0, line: 3, column: 2 }] };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-bl-')), 'b.json');
    try {
      fs.writeFileSync(file, serialiseBaseline(b));
      assert.deepEqual(readBaseline(file), b);
      assert.equal(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"ordinal"')).length, 1, 'one finding per line');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true });
    }
    const w = conditionWarnings(b, { goVersion: 'go1.25.0', buildFlags: ['-tags=x'], compilerFlags: [], env: { GOOS: 'darwin' }, tests: true });
    assert.equal(w.length, 4, w.join('\n'));
    assert.deepEqual(conditionWarnings(b, b), []);
  });
});
