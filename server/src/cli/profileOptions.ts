// The CLI's profile flags (--profile, --sample-type, --sort profile, --bench, --benchtime, --pgo)
// as data, and what they add to a run: weights and measurements on each finding, the order by
// weight, and the PGO profile each package is compiled with.
import * as path from 'node:path';
import type { AnalyzeSettings } from '../core/compiler/compileRun';
import type { Finding } from '../core/findings';
import { BenchStatus, DEFAULT_BENCH_ITERATIONS, runBenchmark } from '../core/profile/benchmark';
import { measuredLabel, shareLabel } from '../core/profile/describe';
import { Measured, measuredAt, Measurement } from '../core/profile/measured';
import type { PgoChoice, PgoSetting } from '../core/profile/pgo';
import { emptyProfileSet, loadProfiles, ProfileSet } from '../core/profile/profileSet';
import { sortByWeight, Weight, weightOf } from '../core/profile/weights';
import { choice, Flag, UsageError } from './flags';

export interface ProfileOptions {
  profiles: string[];
  sampleType?: string;
  sort?: 'profile';
  bench?: string;
  benchIterations: number;
  pgo: PgoSetting;
}

export function defaultProfileOptions(): ProfileOptions {
  return { profiles: [], benchIterations: DEFAULT_BENCH_ITERATIONS, pgo: 'auto' };
}

/** The options of a command that takes the profile flags. */
export interface WithProfileOptions {
  profile: ProfileOptions;
}

export const PROFILE_FLAGS: Flag<WithProfileOptions>[] = [
  { name: '--profile', value: 'FILE', help: 'weigh findings with a pprof heap or CPU profile (repeatable; default.pgo works)', set: (o, v) => void o.profile.profiles.push(v) },
  { name: '--sample-type', value: 'TYPE', help: 'the sample type to weigh by (default alloc_space, or cpu)', set: (o, v) => void (o.profile.sampleType = v) },
  choice('--sort', 'profile', ['profile'], 'order findings by their share of the profile, highest first', (o) => void (o.profile.sort = 'profile')),
  { name: '--bench', value: 'REGEXP', help: 'run this benchmark of the first PATTERN and add allocations per op measured at each line', set: (o, v) => void (o.profile.bench = v) },
  {
    name: '--benchtime',
    value: 'Nx',
    help: `b.N for --bench (default ${DEFAULT_BENCH_ITERATIONS}x)`,
    set: (o, v) => {
      const m = /^(\d+)x$/.exec(v);
      if (!m || Number(m[1]) < 1) throw new UsageError(`--benchtime takes an iteration count such as 1000x (got ${v}); a duration would not give exact per-op figures`);
      o.profile.benchIterations = Number(m[1]);
    },
  },
  { name: '--pgo', value: 'auto|off|FILE', help: 'PGO profile to compile with (default auto: the default.pgo of a main package that imports the package)', set: (o, v) => void (o.profile.pgo = v) },
];

export interface ProfileContext {
  set: ProfileSet;
  measurement?: Measurement;
}

export interface Prepared {
  /** Undefined when the benchmark asked for could not be measured. */
  context?: ProfileContext;
  /** Profiles that could not be used, a benchmark that failed (with its output). */
  problems: string[];
  /** What the benchmark itself reported. */
  notes: string[];
  /** Why the benchmark could not be measured, when it could not. */
  benchFailure?: Exclude<BenchStatus, 'ok'>;
}

/**
 * Loads the profiles and runs the benchmark the options ask for. An unusable profile is a
 * problem and the rest carries on; a benchmark that cannot be measured leaves no context.
 */
export async function prepareProfiles(opts: ProfileOptions, cwd: string, benchDir: string | undefined, settings: AnalyzeSettings, signal: AbortSignal): Promise<Prepared> {
  const loaded = opts.profiles.length > 0 ? await loadProfiles(opts.profiles.map((p) => path.resolve(cwd, p)), { sampleType: opts.sampleType, signal }) : { set: emptyProfileSet(), messages: [] };
  const problems = [...loaded.messages];
  if (!opts.bench || !benchDir) return { context: { set: loaded.set }, problems, notes: [] };
  const r = await runBenchmark({ dir: benchDir, regexp: opts.bench, iterations: opts.benchIterations, settings, signal });
  if (r.status !== 'ok') {
    problems.push(`--bench: ${r.summary}`);
    if (r.status === 'failed') problems.push(r.output.trimEnd());
    return { problems, notes: [], benchFailure: r.status };
  }
  const own = r.result!;
  const figures = ['B/op', 'allocs/op'].filter((u) => own.metrics[u] !== undefined).map((u) => `${own.metrics[u]} ${u}`).join(', ');
  return { context: { set: loaded.set, measurement: r.measurement }, problems, notes: [`${own.name}: b.N = ${own.n}${figures ? `, ${figures}` : ''} (go test -benchmem)`] };
}

/** The `profile` and `measured` fields of a finding's JSON object (absent where nothing applies). */
export function profileFields(ctx: ProfileContext | undefined, f: Finding): { profile?: Record<string, unknown>; measured?: Measured } {
  if (!ctx) return {};
  const out: { profile?: Record<string, unknown>; measured?: Measured } = {};
  const w = weightOf(ctx.set, f);
  if (w) out.profile = weightJson(w);
  const m = ctx.measurement && measuredAt(ctx.measurement, f.file, f.line);
  if (m) out.measured = m;
  return out;
}

function weightJson(w: Weight): Record<string, unknown> {
  const { profiles, ...rest } = w;
  return { ...rest, files: profiles };
}

/** The text output's suffix: " — 14% of allocated bytes; 1 alloc/op, 16 B/op (BenchmarkHot-2)". */
export function profileSuffix(ctx: ProfileContext | undefined, f: Finding): string {
  if (!ctx) return '';
  const parts: string[] = [];
  const w = weightOf(ctx.set, f);
  if (w) parts.push(shareLabel(w));
  const m = ctx.measurement && measuredAt(ctx.measurement, f.file, f.line);
  if (m) parts.push(`${measuredLabel(m)} (${m.benchmark})`);
  return parts.length > 0 ? ` — ${parts.join('; ')}` : '';
}

/** Findings in the order asked for: by share with --sort profile, else as given. */
export function orderFindings(ctx: ProfileContext | undefined, opts: ProfileOptions, findings: Finding[]): Finding[] {
  return ctx && opts.sort === 'profile' ? sortByWeight(findings, ctx.set) : findings;
}

/** A note for stderr when a package is compiled with a profile the go command would not give it alone. */
export function pgoNote(choice: PgoChoice, dir: string, show: (file: string) => string): string | undefined {
  if (!choice.main || path.resolve(choice.main.dir) === path.resolve(dir)) return undefined;
  const others = choice.others.length > 0 ? ` (also imported by ${choice.others.map((m) => m.importPath).join(', ')})` : '';
  return `${show(dir)}: analysed with ${show(choice.main.profile)}, the PGO profile of ${choice.main.importPath}, as go build compiles it there${others}`;
}
