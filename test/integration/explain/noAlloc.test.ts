// The no-allocation classifier against the real toolchain: test/fixtures/noalloc is built with
// the installed go, testing.AllocsPerRun measures every noted function (a generated test run
// with `go test`), and the compiler's verdicts (`-m=2` and plain `-m`) are classified. Every
// note must hold: measured allocations, each clause's reading, and no `noalloc` finding in a
// function that allocates.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../../server/src/core/compiler/analyze';
import { runGoCommand } from '../../../server/src/core/compiler/goCommand';
import { goCommandEnv } from '../../../server/src/core/compiler/goEnv';
import { RuleId } from '../../../server/src/core/catalogue/ids';
import { annotateFindings } from '../../../server/src/core/explain/annotate';
import { explainFindings } from '../../../server/src/core/explain/classify';
import { GoDependencyReader } from '../../../server/src/core/explain/dependencySources';
import { parsePackage } from '../../../server/src/core/explain/packageSyntax';
import { TypeWorld } from '../../../server/src/core/explain/typeWorld';
import { Finding, messageCategory } from '../../../server/src/core/findings';
import { FIXTURES, hasGo, makeModule, removeDir } from '../../helpers/tempModule';
import { allocsTestFile, readNotes } from './noAllocNotes';

const DIR = path.join(FIXTURES, 'noalloc');
const SOURCES = fs.readdirSync(DIR).filter((n) => n.endsWith('.go'));
const notes = SOURCES.map((n) => ({ file: n, ...readNotes(fs.readFileSync(path.join(DIR, n), 'utf8')) }));

/** Function line ranges per file, from the fixture text: a function ends at its first line that is `}` or at its own line. */
function functionRanges(text: string): { name: string; start: number; end: number }[] {
  const lines = text.split('\n');
  const out: { name: string; start: number; end: number }[] = [];
  lines.forEach((l, i) => {
    const m = /^func (\w+)\(/.exec(l);
    if (!m) return;
    let end = i;
    if (!/\}\s*(\/\/.*)?$/.test(l) || /\{\s*(\/\/.*)?$/.test(l)) while (end < lines.length - 1 && lines[end] !== '}') end++;
    out.push({ name: m[1], start: i + 1, end: end + 1 });
  });
  return out;
}

describe('no-allocation findings, measured', function () {
  let dir: string | undefined;
  const measured = new Map<string, number>();
  const world = new TypeWorld(new GoDependencyReader(DEFAULT_ANALYZE_SETTINGS));

  before(async function () {
    if (!hasGo()) {
      // eslint-disable-next-line no-console
      console.log('    skipped: no go on PATH');
      this.skip();
    }
    const files: Record<string, string> = { 'go.mod': fs.readFileSync(path.join(DIR, 'go.mod'), 'utf8') };
    for (const n of SOURCES) files[n] = fs.readFileSync(path.join(DIR, n), 'utf8');
    files['zz_allocs_test.go'] = allocsTestFile('noalloc', notes.flatMap((n) => n.allocs));
    dir = makeModule(files, 'example.com/noalloc');
    const r = await runGoCommand({ goBinary: 'go', args: ['test', '-run', '^TestAllocs$', '-count=1', '-v', '.'], cwd: dir, env: goCommandEnv({ env: {} }), timeoutMs: 120_000 });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const m of r.stdout.matchAll(/^ALLOCS (\w+) (\S+)$/gm)) measured.set(m[1], Number(m[2]));
  });
  after(() => {
    world.dispose();
    if (dir) removeDir(dir);
  });

  it('allocates what each function is noted to allocate', function () {
    const failures: string[] = [];
    for (const n of notes.flatMap((x) => x.allocs)) {
      const got = measured.get(n.func);
      if (got !== n.allocs) failures.push(`${n.func}: noted ${n.allocs}, measured ${got}`);
    }
    assert.ok(measured.size > 30, `only ${measured.size} functions measured`);
    assert.deepEqual(failures, []);
  });

  for (const explain of [true, false]) {
    it(`classifies every verdict as noted (${explain ? '-m=2' : '-m'})`, async function () {
      const r = await analyzePackage({ dir: dir!, explain, settings: DEFAULT_ANALYZE_SETTINGS });
      assert.equal(r.status, 'ok', r.summary);
      const findings = explainFindings(r.findings, r.goVersion);
      const texts = new Map(SOURCES.map((n) => [path.join(dir!, n), fs.readFileSync(path.join(dir!, n), 'utf8')]));
      const pkg = await parsePackage(texts);
      try {
        await annotateFindings(findings, { pkg, world, compilerOutput: r.stderr, cwd: dir });
      } finally {
        pkg.dispose();
      }
      assert.deepEqual(check(findings, dir!, explain), []);
    });
  }

  function check(findings: Finding[], root: string, explained: boolean): string[] {
    const failures: string[] = [];
    const claimed = new Set<Finding>();
    for (const { file, clauses } of notes) {
      const here = findings.filter((f) => f.file === path.join(root, file));
      const annotated = new Set(clauses.map((c) => c.line));
      for (const clause of clauses) {
        const c = clause.explainedOnly && !explained ? { ...clause, verdict: 'alloc' } : clause;
        const f = here.find((x) => x.line === c.line && !claimed.has(x) && c.message.test(x.message));
        const where = `${file}:${c.line}`;
        if (!f) {
          failures.push(`${where}: no finding matches ${c.message}; the compiler said: ${here.filter((x) => x.line === c.line).map((x) => JSON.stringify(x.message)).join(', ') || 'nothing'}`);
          continue;
        }
        claimed.add(f);
        if (c.verdict === 'alloc' && f.noAlloc) failures.push(`${where}: "${f.message}" classified noalloc:${f.noAlloc.kind}, but it allocates`);
        if (c.verdict && c.verdict !== 'alloc' && f.noAlloc?.kind !== c.verdict) failures.push(`${where}: "${f.message}" classified ${f.noAlloc ? `noalloc:${f.noAlloc.kind}` : 'as allocating'}, noted noalloc:${c.verdict}`);
        if (c.verdict && c.verdict !== 'alloc' && (f.category !== 'noalloc' || f.rule !== RuleId.NoAllocation)) failures.push(`${where}: "${f.message}" has category ${f.category}, rule ${f.rule}`);
        if (Boolean(f.packageInit) !== c.init) failures.push(`${where}: "${f.message}" packageInit is ${Boolean(f.packageInit)}`);
      }
      for (const f of here) {
        const heap = messageCategory(f) === 'moved' || messageCategory(f) === 'escapes';
        if (!claimed.has(f) && (heap || annotated.has(f.line))) failures.push(`${file}:${f.line}: unexpected finding "${f.message}"`);
      }
      // A function that allocates holds no finding read as allocating nothing.
      for (const fn of functionRanges(fs.readFileSync(path.join(DIR, file), 'utf8'))) {
        const allocs = measured.get(fn.name);
        if (allocs === undefined) continue;
        for (const f of here.filter((x) => x.noAlloc && x.line >= fn.start && x.line <= fn.end)) {
          if (allocs !== 0) failures.push(`${file}:${f.line}: "${f.message}" read as no allocation, but ${fn.name} allocates ${allocs}`);
        }
      }
    }
    return failures;
  }
});
