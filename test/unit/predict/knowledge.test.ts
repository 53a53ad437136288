// Facts learned from the real compiler about another package's parameters (`leaking param`,
// `does not escape`, `can inline`) make the predictor follow calls into that package. The test
// compiles a small library and a caller with the real `go`, learns the library's facts from
// its -m output (directly, and through the on-disk cache), and checks that the predictions for
// the caller equal the compiler's `moved to heap` verdicts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { cacheFile, packageFacts } from '../../../server/src/core/predict/facts/factsCache';
import { leakMessagesByPackage, leakMessagesInSlices, packageKnowledge } from '../../../server/src/core/predict/facts/packageFacts';
import { mapOutputPaths } from '../../../server/src/core/compiler/outputPaths';
import { Slicer } from '../../../server/src/core/util/slices';
import { predictFile } from '../../../server/src/core/predict/predictor';
import { createGoParser } from '../../../server/src/core/treesitter/parser';

const LIB = `package lib

var kept *int

func Keep(p *int) { kept = p }

func Look(p *int) int { return *p }

func Ident(p *int) *int { return p }

type Box struct{ p *int }

func (b *Box) Set(p *int) { b.p = p }

func (b *Box) Get() int { return *b.p }
`;

const MAIN = `package main

import "example.com/m/lib"

var sink *int

func main() {
	a := 1
	lib.Keep(&a)
	b := 2
	_ = lib.Look(&b)
	c := 3
	sink = lib.Ident(&c)
	d := 4
	_ = lib.Ident(&d)
	var box lib.Box
	e := 5
	box.Set(&e)
	_ = box.Get()
}
`;

const GO_ENV = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' };

/**
 * A module of `files` in a temp directory, built with `-gcflags=-m` before the suite's tests
 * (skipped without go), with a parser; removed after them.
 */
function builtModule(modulePath: string, files: Record<string, string>): { built?: { parser: Parser; tmp: string; output: string } } {
  const state: { built?: { parser: Parser; tmp: string; output: string } } = {};
  before(async function () {
    if (spawnSync('go', ['version']).status !== 0) {
      // eslint-disable-next-line no-console
      console.log('    (skipped: no `go` on PATH; these tests compare with the real compiler)');
      this.skip();
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-knowledge-'));
    fs.writeFileSync(path.join(tmp, 'go.mod'), `module ${modulePath}\n\ngo 1.21\n`);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      fs.writeFileSync(path.join(tmp, name), text);
    }
    const r = spawnSync('go', ['build', '-gcflags=-m', '-o', os.devNull, './...'], { cwd: tmp, env: GO_ENV, encoding: 'utf8' });
    state.built = { parser: await createGoParser(), tmp, output: r.stderr };
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => {
    state.built?.parser.delete();
    if (state.built?.tmp) fs.rmSync(state.built.tmp, { recursive: true, force: true });
  });
  return state;
}

describe('knowledge from compiler output', function () {
  this.timeout(120_000);
  const m = builtModule('example.com/m', { 'lib/lib.go': LIB, 'main.go': MAIN });
  const env = GO_ENV;
  let parser: Parser;
  let tmp = '';
  let output = '';
  before(() => ({ parser, tmp, output } = m.built!));

  it('learns which parameters leak where', () => {
    const msgs = leakMessagesByPackage(output, tmp).get('example.com/m/lib') ?? [];
    const k = packageKnowledge(parser, { importPath: 'example.com/m/lib', files: [path.join(tmp, 'lib', 'lib.go')] }, msgs, 'example.com/m/lib.');
    const fact = (fn: string, i: number) => k.functions.get(`example.com/m/lib.${fn}`)?.params.get(i);
    assert.deepEqual(fact('Keep', 0), { heap: 0, results: [] });
    assert.deepEqual(fact('Look', 0), { heap: -1, results: [] });
    assert.deepEqual(fact('Ident', 0), { heap: -1, results: [0] });
    assert.deepEqual(fact('(*Box).Set', 0), { heap: 0, results: [] });
    assert.equal(fact('(*Box).Set', -1)?.heap, -1, 'the receiver b does not escape (b.p = p stores into it)');
    assert.equal(k.functions.get('example.com/m/lib.Look')?.inlinable, true);
  });

  it('reads the same messages from a run\'s mapped output as from the raw one (the server learns from the mapped)', async () => {
    const mapped = mapOutputPaths(output, [], tmp).text;
    assert.notEqual(mapped, output, 'mapping made the paths absolute');
    const fromMapped = await leakMessagesInSlices(mapped, tmp, new Slicer());
    assert.ok(fromMapped && (fromMapped.get('example.com/m/lib')?.length ?? 0) > 0, 'the package has messages');
    assert.deepEqual(fromMapped, leakMessagesByPackage(output, tmp));
  });

  it('makes predictions for callers match the compiler', () => {
    const msgs = leakMessagesByPackage(output, tmp).get('example.com/m/lib') ?? [];
    const knowledge = packageKnowledge(parser, { importPath: 'example.com/m/lib', files: [path.join(tmp, 'lib', 'lib.go')] }, msgs, 'example.com/m/lib.');
    const file = path.join(tmp, 'main.go');
    const tree = parser.parse(MAIN)!;
    try {
      const predicted = predictFile(tree, file, MAIN, { knowledge }).filter((f) => f.category === 'moved').map((f) => `${f.line}: ${f.message}`);
      const compiled = output
        .split('\n')
        .map((l) => /^\.\/main\.go:(\d+):\d+: (moved to heap: \S+)$/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => `${m[1]}: ${m[2]}`);
      assert.deepEqual([...new Set(predicted)].sort(), [...new Set(compiled)].sort());
      assert.ok(compiled.length >= 3, 'the caller has moved variables to compare');
    } finally {
      tree.delete();
    }
  });

  it('computes facts once and serves them from the disk cache (a module package of known version)', async () => {
    const cacheDir = path.join(tmp, 'cache');
    const req = { goBinary: 'go', goVersion: 'go-test', importPath: 'example.com/m/lib', variant: 'v1.0.0', cwd: tmp, env, cacheDir, parser };
    const first = await packageFacts(req);
    assert.equal(first?.functions.get('example.com/m/lib.Keep')?.params.get(0)?.heap, 0);
    assert.ok(fs.existsSync(cacheFile(cacheDir, 'go-test', 'example.com/m/lib', 'v1.0.0')));
    // A binary that does not exist proves the second answer comes from the cache.
    const second = await packageFacts({ ...req, goBinary: path.join(tmp, 'no-such-go') });
    assert.equal(second?.functions.get('example.com/m/lib.Keep')?.params.get(0)?.heap, 0);
    const otherVersion = await packageFacts({ ...req, goVersion: 'go-other', goBinary: path.join(tmp, 'no-such-go') });
    assert.equal(otherVersion, undefined, 'another Go version has its own cache entry');
  });

  it('keeps a package of unknown version (the user\'s own, here) off the disk: it can change', async () => {
    const cacheDir = path.join(tmp, 'cache-own');
    const req = { goBinary: 'go', goVersion: 'go-test', importPath: 'example.com/m/lib', cwd: tmp, env, cacheDir, parser };
    const k = await packageFacts(req);
    assert.equal(k?.functions.get('example.com/m/lib.Keep')?.params.get(0)?.heap, 0);
    assert.equal(fs.existsSync(cacheFile(cacheDir, 'go-test', 'example.com/m/lib')), false);
    assert.equal(await packageFacts({ ...req, goBinary: path.join(tmp, 'no-such-go') }), undefined, 'nothing is served from disk');
  });

  it('stops the compiler when the signal aborts', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await packageFacts({ goBinary: 'go', goVersion: 'go-abort', importPath: 'example.com/m/lib', cwd: tmp, env, cacheDir: path.join(tmp, 'cache2'), parser, signal: ac.signal });
    assert.equal(r, undefined);
  });
});

const INL = `package inl

type T struct{ n int }

func Must(ok bool) int {
	if !ok {
		panic("not ok")
	}
	return 1
}

func Buffer(size int) []byte { return make([]byte, size) }

func New() *T { return new(T) }

func Index() map[string]T { return map[string]T{} }

func Adder(d int) func(int) int { return func(x int) int { return x + d } }
`;

const CALLER = `package main

import "example.com/k/inl"

var (
	sinkBytes []byte
	sinkT     *inl.T
	sinkIndex map[string]inl.T
	sinkFn    func(int) int
	sinkN     int
)

func main() {
	sinkN = inl.Must(sinkN > 0)
	sinkBytes = inl.Buffer(sinkN)
	sinkT = inl.New()
	sinkIndex = inl.Index()
	sinkFn = inl.Adder(sinkN)
}
`;

describe('knowledge of what inlined calls allocate', function () {
  this.timeout(120_000);
  const m = builtModule('example.com/k', { 'inl/inl.go': INL, 'main.go': CALLER });
  let parser: Parser;
  let tmp = '';
  let output = '';
  before(() => ({ parser, tmp, output } = m.built!));

  it('predicts the allocations of another package\'s inlined calls in the caller\'s words (panic strings, make, new, map literals, closures)', () => {
    const msgs = leakMessagesByPackage(output, tmp).get('example.com/k/inl') ?? [];
    const knowledge = packageKnowledge(parser, { importPath: 'example.com/k/inl', files: [path.join(tmp, 'inl', 'inl.go')] }, msgs, 'example.com/k/inl.');
    const file = path.join(tmp, 'main.go');
    const tree = parser.parse(CALLER)!;
    try {
      const predicted = predictFile(tree, file, CALLER, { knowledge }).filter((f) => f.category === 'escapes').map((f) => `${f.line}: ${f.message}`);
      const compiled = output
        .split('\n')
        .map((l) => /^\.\/main\.go:(\d+):\d+: (.* escapes to heap)$/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => `${m[1]}: ${m[2]}`);
      assert.ok(compiled.length >= 5, 'every inlined call allocates in the caller');
      assert.deepEqual([...new Set(predicted)].sort(), [...new Set(compiled)].sort());
    } finally {
      tree.delete();
    }
  });
});
