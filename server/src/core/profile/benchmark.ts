// Runs one benchmark with every allocation recorded and measures allocations per line:
// `go test -run '^$' -bench REGEXP -benchmem -benchtime=Nx -memprofile F -memprofilerate=1`.
// The run goes through runGoCommand (own process group, killed on cancel or timeout); the test
// binary and the profile live in a temporary directory that is removed afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyzeSettings } from '../compiler/analyze';
import { runGoCommand } from '../compiler/goCommand';
import { goCommandEnv } from '../compiler/goEnv';
import { readProfile } from './decode';
import { measure, Measurement } from './measured';

/** Iterations when none are asked for: enough that one-time costs vanish in the per-op figures. */
export const DEFAULT_BENCH_ITERATIONS = 1000;

export interface BenchRequest {
  /** The package directory holding the benchmark. */
  dir: string;
  /** The -bench regular expression; it must match exactly one benchmark. */
  regexp: string;
  /** b.N, passed as -benchtime=Nx. */
  iterations?: number;
  settings: AnalyzeSettings;
  signal?: AbortSignal;
}

/** One result line of `go test -bench`. */
export interface BenchLine {
  name: string;
  n: number;
  /** Every `value unit` pair: `ns/op`, `B/op`, `allocs/op`, custom metrics. */
  metrics: Record<string, number>;
}

export type BenchStatus = 'ok' | 'failed' | 'no-benchmark' | 'several-benchmarks' | 'go-missing' | 'cancelled' | 'timeout';

export interface BenchResult {
  status: BenchStatus;
  /** One line that says what happened. */
  summary: string;
  /** The benchmark's own result (its -benchmem figures included). */
  result?: BenchLine;
  measurement?: Measurement;
  args: string[];
  output: string;
}

/** The benchmark result lines of `go test -bench` output. */
export function parseBenchOutput(text: string): BenchLine[] {
  const out: BenchLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^(Benchmark\S*)\s+(\d+)((?:\s+[-+\d.e]+ \S+)+)\s*$/.exec(line);
    if (!m) continue;
    const metrics: Record<string, number> = {};
    for (const pair of m[3].matchAll(/([-+\d.e]+) (\S+)/g)) metrics[pair[2]] = Number(pair[1]);
    out.push({ name: m[1], n: Number(m[2]), metrics });
  }
  return out;
}

export function benchArgs(req: BenchRequest, work: string): string[] {
  const n = req.iterations ?? DEFAULT_BENCH_ITERATIONS;
  return [
    'test', '-run', '^$', '-bench', req.regexp, '-benchmem', '-count=1', `-benchtime=${n}x`,
    '-memprofile', path.join(work, 'mem.pprof'), '-memprofilerate=1',
    // Without -o, go test leaves the test binary in the package directory when profiling.
    '-o', path.join(work, 'bench.test'),
    ...req.settings.buildFlags, '.',
  ];
}

export async function runBenchmark(req: BenchRequest): Promise<BenchResult> {
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'go-escape-bench-'));
  const args = benchArgs(req, work);
  try {
    const r = await runGoCommand({ goBinary: req.settings.goBinary, args, cwd: req.dir, env: goCommandEnv(req.settings), signal: req.signal, timeoutMs: req.settings.timeoutMs });
    const output = r.stdout + r.stderr;
    const base = { args, output };
    switch (r.outcome) {
      case 'not-found':
      case 'spawn-failed':
        return { ...base, status: 'go-missing', summary: `could not start "${req.settings.goBinary}": ${r.error ?? 'not found'}` };
      case 'aborted':
        return { ...base, status: 'cancelled', summary: 'cancelled' };
      case 'timeout':
        return { ...base, status: 'timeout', summary: `the benchmark did not finish within ${Math.round(req.settings.timeoutMs / 1000)} s and was stopped` };
    }
    const lines = parseBenchOutput(r.stdout);
    if (r.exitCode !== 0) {
      const first = output.split('\n').find((l) => /FAIL|panic:|\.go:\d+/.test(l)) ?? `go test exited with code ${r.exitCode}`;
      return { ...base, status: 'failed', summary: `go test failed: ${first.trim()}` };
    }
    if (lines.length === 0) return { ...base, status: 'no-benchmark', summary: `no benchmark in ${req.dir} matches ${req.regexp}` };
    if (lines.length > 1) {
      return { ...base, status: 'several-benchmarks', summary: `${req.regexp} matches ${lines.length} benchmarks (${lines.map((l) => l.name).join(', ')}); measure one at a time, e.g. -bench '^${lines[0].name.replace(/-\d+$/, '')}$'` };
    }
    const decoded = await readProfile(path.join(work, 'mem.pprof'), req.signal);
    if (!decoded.ok) return { ...base, status: 'failed', summary: decoded.message, result: lines[0] };
    const m = measure(decoded.profile, path.join(req.dir, '(benchmark profile)'), lines[0].name, lines[0].n);
    if (typeof m === 'string') return { ...base, status: 'failed', summary: m, result: lines[0] };
    return { ...base, status: 'ok', summary: `${lines[0].name}: ${lines[0].n} iterations measured`, result: lines[0], measurement: m };
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
