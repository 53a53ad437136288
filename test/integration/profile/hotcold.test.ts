// Profiles from the real `go test -bench` on the hotcold fixture, joined with the real
// compiler's findings: the hot site ranks first with the share `go tool pprof` gives its line,
// the init-time site gets nothing, and allocs/op per line equals -benchmem's figure.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePackage, DEFAULT_ANALYZE_SETTINGS } from '../../../server/src/core/compiler/analyze';
import type { Finding } from '../../../server/src/core/findings';
import { runBenchmark } from '../../../server/src/core/profile/benchmark';
import { decodeProfile, num } from '../../../server/src/core/profile/decode';
import { measuredAt } from '../../../server/src/core/profile/measured';
import { loadProfiles } from '../../../server/src/core/profile/profileSet';
import { lineWeight, sortByWeight, weightOf } from '../../../server/src/core/profile/weights';
import { REPO } from '../../helpers/lspClient';
import { goBench, hottestLine, markedLines, pprofPercents } from '../../helpers/profileRuns';
import { copyFixture, FIXTURES, hasGo, removeDir } from '../../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');
const SETTINGS = { ...DEFAULT_ANALYZE_SETTINGS, env: { GOFLAGS: '' } };

describe('profiles of the hotcold fixture (real go test -bench)', function () {
  this.timeout(240_000);
  let dir = '';
  let hotGo = '';
  let hot = 0;
  let cold = 0;
  let loop: [number, number] = [0, 0];
  let findings: Finding[] = [];
  const file = (name: string) => path.join(dir, name);

  before(async function () {
    if (!hasGo()) this.skip();
    dir = copyFixture(path.join(FIXTURES, 'profile', 'hotcold'));
    hotGo = file('hot.go');
    [hot] = markedLines(hotGo, 'profile: hot');
    [cold] = markedLines(hotGo, 'profile: cold');
    const [first, last] = markedLines(hotGo, 'profile: cpu-loop');
    loop = [first, last];
    goBench(dir, '^BenchmarkHot$', file('mem.pprof'));
    goBench(dir, '^BenchmarkHot$', file('trim.pprof'), { trimpath: true });
    goBench(dir, '^BenchmarkChecksum$', file('cpu.pprof'), { cpu: true, benchtime: '400ms' });
    const r = await analyzePackage({ dir, settings: SETTINGS });
    assert.equal(r.status, 'ok', r.summary);
    findings = r.findings;
  });
  after(() => dir && removeDir(dir));

  it('ranks the hot site first, with the share go tool pprof gives its line', async () => {
    const { set, messages } = await loadProfiles([file('mem.pprof')]);
    assert.deepEqual(messages, []);
    const heapFindings = findings.filter((f) => f.category === 'moved' || f.category === 'escapes');
    assert.ok(heapFindings.some((f) => f.line === cold), 'the cold site is a finding');
    const ranked = sortByWeight(heapFindings, set);
    assert.equal(ranked[0].line, hot);
    const w = weightOf(set, ranked[0])!;
    assert.equal(w.sampleType, 'alloc_space');
    const pprof = pprofPercents(file('mem.pprof'), `hot.go:${hot}`, 'alloc_space')!;
    assert.ok(Math.abs(w.share * 100 - pprof.flat) < 0.006, `share ${w.share * 100}% vs pprof ${pprof.flat}%`);
    assert.equal(w.objects, 20001, 'b.N = 20000 plus the first single iteration');
    assert.ok(w.share > 0.5, `the hot loop dominates: ${w.share}`);
    // Package initialisation ran before the benchmark set -memprofilerate=1: at most one sampled object.
    const c = lineWeight(set, hotGo, cold);
    assert.ok(c === undefined || c.share < 0.001, `cold share ${c?.share}`);
  });

  for (const bench of ['BenchmarkHot', 'BenchmarkLoop']) {
    it(`measures ${bench}: allocs/op at the line equals its -benchmem figure`, async () => {
      const r = await runBenchmark({ dir, regexp: `^${bench}$`, iterations: 3000, settings: SETTINGS });
      assert.equal(r.status, 'ok', r.summary + r.output);
      assert.equal(r.result!.n, 3000);
      const m = measuredAt(r.measurement!, hotGo, hot)!;
      assert.equal(m.allocsPerOp, r.result!.metrics['allocs/op']);
      assert.equal(m.allocsPerOp, 1);
      assert.equal(m.bytesPerOp, 16);
      assert.equal(measuredAt(r.measurement!, hotGo, cold), undefined);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.test') && !f.includes('pprof')), [], 'no test binary left in the package');
    });
  }

  it('matches a -trimpath profile by import path', async () => {
    const decoded = decodeProfile(fs.readFileSync(file('trim.pprof')), 'trim.pprof');
    assert.ok(decoded.ok);
    const names = decoded.profile.function.map((f) => decoded.profile.stringTable.strings[num(f.filename)]);
    assert.ok(names.includes('example.com/hotcold/hot.go'), 'the profile has trimmed paths');
    assert.ok(!names.some((n) => n.startsWith(dir)), 'and no path of this machine');
    const { set } = await loadProfiles([file('trim.pprof')]);
    const pprof = pprofPercents(file('trim.pprof'), `hot.go:${hot}`, 'alloc_space')!;
    assert.ok(Math.abs(lineWeight(set, hotGo, hot)!.share * 100 - pprof.flat) < 0.006);
  });

  it('matches a profile taken in another checkout of the module', async () => {
    const other = copyFixture(path.join(FIXTURES, 'profile', 'hotcold'));
    try {
      const { set } = await loadProfiles([file('mem.pprof')]);
      assert.equal(lineWeight(set, path.join(other, 'hot.go'), hot)?.objects, 20001);
    } finally {
      removeDir(other);
    }
  });

  it('weighs lines and functions by a CPU profile', async () => {
    const { set } = await loadProfiles([file('cpu.pprof')]);
    // Which line of the loop gets the samples is the code generator's choice (go1.26 puts nearly
    // all on the range clause): the line checked is the one pprof itself ranks first in hot.go.
    const cpuHot = hottestLine(file('cpu.pprof'), 'hot.go');
    assert.ok(cpuHot !== undefined && cpuHot >= loop[0] && cpuHot <= loop[1], `pprof's hottest line of hot.go, ${cpuHot}, is in Checksum's loop (lines ${loop.join('-')})`);
    const w = lineWeight(set, hotGo, cpuHot!)!;
    assert.equal(w.kind, 'cpu');
    const pprof = pprofPercents(file('cpu.pprof'), `hot.go:${cpuHot}`)!;
    assert.ok(Math.abs((w.flat! / w.total) * 100 - pprof.flat) < 0.006, `flat ${(w.flat! / w.total) * 100}% vs pprof ${pprof.flat}%`);
    assert.ok(w.share >= w.flat! / w.total);
    // Checksum's own finding (its parameter) sits on an unsampled line of the hottest function.
    const param = findings.find((f) => f.message === 'data does not escape')!;
    const pw = weightOf(set, param)!;
    assert.equal(pw.function, 'Checksum');
    assert.ok(pw.functionShare! > 0.5, `Checksum's share ${pw.functionShare}`);
    assert.equal(lineWeight(set, hotGo, hot), undefined, 'NewPoint never ran in this benchmark');
  });

  describe('CLI', () => {
    before(function () {
      if (!fs.existsSync(CLI)) this.skip();
    });
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });

    it('--profile adds profile to --json objects, --sort profile ranks, a corrupt profile is one message', () => {
      fs.writeFileSync(file('bad.pprof'), fs.readFileSync(file('mem.pprof')).subarray(0, 50));
      const r = cli(['--json', '--include', 'all', '--profile', 'bad.pprof', '--profile', 'mem.pprof', '--sort', 'profile', '.']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stderr.trim().split('\n').filter((l) => l.includes('bad.pprof')).length, 1);
      assert.match(r.stderr, /bad\.pprof: not a pprof profile/);
      const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(out[0].line, hot);
      assert.equal(out[0].profile.sampleType, 'alloc_space');
      assert.ok(out[0].profile.share > 0.5 && out[0].profile.share <= 1);
      assert.equal(out[0].profile.value, 20001 * 16);
      assert.equal(out.find((o) => o.line === cold).profile, undefined);
      const shares = out.map((o) => o.profile?.share ?? -1);
      assert.deepEqual(shares, [...shares].sort((a, b) => b - a));
    });

    it('--bench adds measured to the findings the benchmark reached', () => {
      const r = cli(['--json', '--bench', '^BenchmarkHot$', '--benchtime', '500x', '.']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /BenchmarkHot-\d+: b\.N = 500, \d+ B\/op, 1 allocs\/op/);
      const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(out.find((o) => o.line === hot).measured, { allocsPerOp: 1, bytesPerOp: 16, benchmark: out.find((o) => o.line === hot).measured.benchmark, n: 500 });
      assert.equal(out.find((o) => o.line === cold).measured, undefined);
    });

    it('--bench that matches several benchmarks says so and fails', () => {
      const r = cli(['--bench', '.', '.']);
      assert.equal(r.status, 2, 'a REGEXP that does not pick one benchmark is a usage error');
      assert.match(r.stderr, /matches 3 benchmarks \(BenchmarkHot-\d+, BenchmarkLoop-\d+, BenchmarkChecksum-\d+\); measure one at a time/);
    });
  });

  it('cancels a running benchmark and leaves no process or file behind', async () => {
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const controller = new AbortController();
      // Enough iterations to run for minutes; the abort comes once the test binary is running.
      const pending = runBenchmark({ dir, regexp: '^BenchmarkChecksum$', iterations: 10_000_000, settings: SETTINGS, signal: controller.signal });
      const started = Date.now();
      while (Date.now() - started < 60_000 && !running(tmp)) await new Promise((r) => setTimeout(r, 100));
      assert.ok(running(tmp), 'the benchmark binary started');
      controller.abort();
      const r = await pending;
      assert.equal(r.status, 'cancelled');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(running(tmp), false);
      assert.deepEqual(fs.readdirSync(tmp), []);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

/** True while the benchmark binary runs from a directory under `dir`. */
function running(dir: string): boolean {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      if (argv0.startsWith(`${dir}/`) && argv0.endsWith('.test')) return true;
    } catch {
      // Gone meanwhile.
    }
  }
  return false;
}
