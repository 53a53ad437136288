// Allocations per operation at each line, from a benchmark's memory profile taken with
// -memprofilerate=1 (every allocation recorded) and a fixed iteration count (-benchtime=Nx).
//
// The profile counts everything since the test binary started, and the testing package calls a
// benchmark more than once: run1 runs one iteration, then launch runs b.N (testing/benchmark.go).
// A `for b.Loop()` benchmark does all its b.N iterations inside the first call and launch
// never calls it again. So the samples under `runN` called from `launch`, when there are any,
// are exactly b.N iterations; otherwise those under `runN` called from `run1` are. Dividing
// those samples by b.N gives per-op figures that match -benchmem's.
import type { Profile } from 'pprof-format';
import { indexProfile, ProfileIndex } from './profileIndex';
import { profileSetOf, ProfileSet } from './profileSet';
import { lineWeight } from './weights';

const RUN_N = 'testing.(*B).runN';
const LAUNCH = 'testing.(*B).launch';

/** The function that called runN on this stack (innermost first), if runN is on it. */
function runNCaller(frames: readonly string[]): string | undefined {
  const i = frames.indexOf(RUN_N);
  return i >= 0 ? frames[i + 1] : undefined;
}

export interface Measurement {
  /** The benchmark's name as `go test` printed it (`BenchmarkHot-2`). */
  benchmark: string;
  /** b.N of the measured run. */
  n: number;
  /** The memory profile's samples of those b.N iterations. */
  set: ProfileSet;
  index: ProfileIndex;
}

export interface Measured {
  allocsPerOp: number;
  bytesPerOp: number;
  benchmark: string;
  n: number;
}

/** Indexes the samples of the measured b.N iterations; a string says why it cannot. */
export function measure(profile: Profile, source: string, benchmark: string, n: number): Measurement | string {
  if (!(n > 0)) return `benchmark ${benchmark} ran no iterations`;
  const all = indexProfile(profile, source, { sampleType: 'alloc_objects', sampleFilter: (frames) => runNCaller(frames) === LAUNCH });
  if (typeof all === 'string') return `${source}: ${all} (is it a memory profile?)`;
  const index = all.sampleCount > 0 ? all : indexProfile(profile, source, { sampleType: 'alloc_objects', sampleFilter: (frames) => { const c = runNCaller(frames); return c !== undefined && c !== LAUNCH; } });
  if (typeof index === 'string') return `${source}: ${index}`;
  return { benchmark, n, set: profileSetOf([index]), index };
}

/** What the measured iterations allocated at a line, per iteration; undefined where nothing was. */
export function measuredAt(m: Measurement, file: string, line: number): Measured | undefined {
  const w = lineWeight(m.set, file, line);
  if (!w || !w.objects) return undefined;
  return { allocsPerOp: w.objects / m.n, bytesPerOp: (w.bytes ?? 0) / m.n, benchmark: m.benchmark, n: m.n };
}
