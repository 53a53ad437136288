// Lens data from a Go file's syntax tree, its findings and a profile: one lens per function with
// heap findings (closures counted with their function), and one per benchmark.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../../../server/src/core/findings';
import { benchmarkLenses, functionLenses } from '../../../server/src/core/profile/lenses';
import { loadProfiles } from '../../../server/src/core/profile/profileSet';
import { createGoParser } from '../../../server/src/core/treesitter/parser';
import { encodeProfile, HEAP_TYPES } from '../../helpers/pprofBuilder';
import { makeModule, removeDir } from '../../helpers/tempModule';

const SOURCE = `package m

import "testing"

type T struct{ n int }

func New() *T {
	return &T{}
}

func (t *T) Many() []*int {
	a := 1
	b := 2
	f := func() *int { return &b }
	return []*int{&a, f()}
}

func Quiet(x int) int { return x }

func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		New()
	}
}

func BenchmarkLoop(b *testing.B) {
	for b.Loop() {
	}
}

func Benchmarkhelper(b *testing.B) {}

func BenchmarkWrong(t *testing.T) {}

func BenchmarkTwo(b, c *testing.B) {}
`;

describe('code lens data', () => {
  let dir = '';
  let file = '';
  let parser: Parser;
  before(async () => {
    dir = makeModule({ 'a_test.go': SOURCE }, 'example.com/m');
    file = path.join(dir, 'a_test.go');
    parser = await createGoParser();
  });
  after(() => {
    parser?.delete();
    removeDir(dir);
  });

  const lineOf = (text: string) => SOURCE.split('\n').findIndex((l) => l.includes(text)) + 1;
  const at = (text: string, message: string, category: Finding['category'] = 'moved'): Finding => ({
    file, line: lineOf(text), column: SOURCE.split('\n')[lineOf(text) - 1].indexOf(text.trim()) + 1, message, category, rule: 'unexplained', origin: 'compiler',
  });
  const findings = (): Finding[] => [
    at('return &T{}', '&T{} escapes to heap', 'escapes'),
    at('a := 1', 'moved to heap: a'),
    at('b := 2', 'moved to heap: b'),
    at('f := func', 'func literal does not escape', 'noescape'),
    at('return x', 'leaking param: x', 'leak'),
  ];

  it('counts the heap findings of each function', () => {
    const tree = parser.parse(SOURCE)!;
    try {
      const lenses = functionLenses(tree, SOURCE, findings());
      assert.deepEqual(lenses.map((l) => [l.name, l.startLine, l.endLine, l.title]), [
        ['New', lineOf('func New'), lineOf('func New') + 2, '1 heap allocation'],
        ['(*T).Many', lineOf('func (t *T) Many'), lineOf('func (t *T) Many') + 5, '2 heap allocations'],
      ]);
    } finally {
      tree.delete();
    }
  });

  it("adds the function's share of the profile", async () => {
    const frame = (text: string) => ({ func: text.startsWith('return &T') ? 'example.com/m.New' : 'example.com/m.(*T).Many', file: '/elsewhere/a_test.go', line: lineOf(text), startLine: 1 });
    fs.writeFileSync(path.join(dir, 'heap.pprof'), encodeProfile({ sampleTypes: HEAP_TYPES, samples: [{ stack: [frame('return &T{}')], values: [10, 140, 0, 0] }, { stack: [frame('a := 1')], values: [1, 8, 0, 0] }, { stack: [{ func: 'example.com/m.other', file: '/elsewhere/b.go', line: 3 }], values: [1, 852, 0, 0] }] }));
    const { set, messages } = await loadProfiles([path.join(dir, 'heap.pprof')]);
    assert.deepEqual(messages, []);
    const tree = parser.parse(SOURCE)!;
    try {
      const lenses = functionLenses(tree, SOURCE, findings(), set);
      assert.deepEqual(lenses.map((l) => l.title), ['1 heap allocation · 14% of allocated bytes', '2 heap allocations · 0.8% of allocated bytes']);
      assert.equal(lenses[0].weight?.value, 140);
    } finally {
      tree.delete();
    }
  });

  it('offers to measure each benchmark, and only benchmarks', () => {
    const tree = parser.parse(SOURCE)!;
    try {
      assert.deepEqual(benchmarkLenses(tree).map((l) => [l.name, l.line, l.title]), [
        ['BenchmarkNew', lineOf('func BenchmarkNew'), 'measure allocations'],
        ['BenchmarkLoop', lineOf('func BenchmarkLoop'), 'measure allocations'],
      ]);
    } finally {
      tree.delete();
    }
  });
});
