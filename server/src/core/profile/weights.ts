// What a profile says about a line, a function and a finding. Heap profiles count what was
// allocated with its innermost frame at the line (an allocation site's own cost); CPU profiles
// count the time of every sample with the line on its stack (how hot the code around it runs).
import type { Finding } from '../findings';
import { FunctionStats, ProfileFile, ProfileIndex, Sums, sampleTypeIndex } from './profileIndex';
import { filesOf, groupFiles, ProfileGroup, ProfileSet } from './profileSet';
import { shortSymbol } from './symbols';

export interface Weight {
  /** The profile files this weight sums. */
  profiles: string[];
  kind: ProfileGroup['kind'];
  /** The sample type the share is of, e.g. `alloc_space` or `cpu`. */
  sampleType: string;
  unit: string;
  /**
   * The amount at this line (heap: allocated here; CPU: time with the line on the stack, which
   * is 0 for an unsampled line of a sampled function: then only the function's figures speak).
   */
  value: number;
  /** `value` as a fraction of the profile's total for the sample type, 0..1. */
  share: number;
  total: number;
  /** Heap profiles: objects and bytes allocated here (alloc_* or inuse_*, as the sample type). */
  objects?: number;
  bytes?: number;
  /** CPU profiles: time spent in the line itself. */
  flat?: number;
  /** The function the line is in, as the profile names it (without the package path). */
  function?: string;
  /** Heap: allocated in the function's own lines; CPU: time with the function on the stack. */
  functionValue?: number;
  functionShare?: number;
}

/** Which of flat and cum a kind of profile ranks lines by. */
function measure(kind: ProfileGroup['kind']): keyof Sums {
  return kind === 'cpu' ? 'cum' : 'flat';
}

const pairs = new WeakMap<ProfileIndex, { objects: number; bytes: number }>();

/** The heap sample types that go with the primary one: objects and bytes of the same kind. */
function heapPair(index: ProfileIndex): { objects: number; bytes: number } {
  let pair = pairs.get(index);
  if (!pair) {
    const inuse = index.sampleTypes[index.primary].type.startsWith('inuse');
    pair = { objects: sampleTypeIndex(index, inuse ? 'inuse_objects' : 'alloc_objects'), bytes: sampleTypeIndex(index, inuse ? 'inuse_space' : 'alloc_space') };
    pairs.set(index, pair);
  }
  return pair;
}

/** The weight of one line in one group (one sample type), or undefined when it has nothing there. Weights are cached per set: read them, do not change them. */
export function groupLineWeight(set: ProfileSet, g: number, file: string, line: number): Weight | undefined {
  const memo = filesOf(set, file).weights[g] as Map<number, Weight | null>;
  let w = memo.get(line);
  if (w === undefined) memo.set(line, (w = computeLineWeight(set, g, file, line) ?? null));
  return w ?? undefined;
}

function computeLineWeight(set: ProfileSet, g: number, file: string, line: number): Weight | undefined {
  const group = set.groups[g];
  const m = measure(group.kind);
  let value = 0;
  let objects = 0;
  let bytes = 0;
  let flat = 0;
  let funcValue = 0;
  let func: string | undefined;
  for (const { index, file: pf } of groupFiles(set, file, g)) {
    if (!pf) continue;
    const stats = pf.lines.get(line);
    // A CPU profile also speaks for an unsampled line of a sampled function.
    const fn = stats?.func ?? (group.kind === 'cpu' ? enclosingFunction(pf, line) : undefined);
    if (fn) {
      funcValue += fn[m][index.primary];
      func ??= shortSymbol(fn.name);
    }
    if (!stats) continue;
    value += stats[m][index.primary];
    flat += stats.flat[index.primary];
    if (group.kind === 'heap') {
      const pair = heapPair(index);
      if (pair.objects >= 0) objects += stats.flat[pair.objects];
      if (pair.bytes >= 0) bytes += stats.flat[pair.bytes];
    }
  }
  if (value <= 0 && funcValue <= 0) return undefined;
  const share = group.total > 0 ? value / group.total : 0;
  const w: Weight = {
    profiles: group.indexes.map((i) => i.source), kind: group.kind, sampleType: group.sampleType, unit: group.unit,
    value, share, total: group.total, function: func, functionValue: funcValue, functionShare: group.total > 0 ? funcValue / group.total : 0,
  };
  if (group.kind === 'heap') Object.assign(w, { objects, bytes });
  if (group.kind === 'cpu') w.flat = flat;
  return w;
}

/**
 * The sampled function a line is in: the latest-starting one that starts at or before the line
 * and has a sampled line at or after it (functions do not interleave; closures nest, and the
 * latest start is the innermost).
 */
function enclosingFunction(pf: ProfileFile, line: number): FunctionStats | undefined {
  let best: FunctionStats | undefined;
  for (const fn of pf.functions) {
    if (fn.startLine > 0 && fn.startLine <= line && fn.lastLine >= line && (!best || fn.startLine > best.startLine)) best = fn;
  }
  return best;
}

/** The line's weight in the first group (the sample type findings are ranked by). */
export function lineWeight(set: ProfileSet, file: string, line: number): Weight | undefined {
  return set.groups.length > 0 ? groupLineWeight(set, 0, file, line) : undefined;
}

/** The line's weight in every group that has something there (a heap and a CPU profile, say). */
export function lineWeights(set: ProfileSet, file: string, line: number): Weight[] {
  return set.groups.map((_, g) => groupLineWeight(set, g, file, line)).filter((w): w is Weight => w !== undefined);
}

/** A finding's weight: that of its line. Several findings on one line share it. */
export function weightOf(set: ProfileSet, finding: Pick<Finding, 'file' | 'line'>): Weight | undefined {
  return lineWeight(set, finding.file, finding.line);
}

/**
 * True when the profile has samples in the file's package (for main packages: in the file), so
 * that a finding there without weight is known to be cold rather than outside the profile.
 */
export function coversFile(set: ProfileSet, file: string): boolean {
  const { local, files } = filesOf(set, file);
  if (files.some((f) => f !== undefined)) return true;
  return set.groups.some((g) => g.indexes.some((index) => index.packages.has(local.importPath)));
}

export interface FunctionWeight {
  value: number;
  share: number;
  sampleType: string;
  unit: string;
  kind: ProfileGroup['kind'];
}

/**
 * The weight of the function spanning `startLine..endLine` of `file` (1-based, inclusive) in
 * the first group. Heap: the sum of what its lines (closures included) allocated. CPU: the
 * time with the function on the stack, found by its `func` line; the sum of its lines' own
 * time when the profile does not know where it starts.
 */
export function functionWeight(set: ProfileSet, file: string, startLine: number, endLine: number): FunctionWeight | undefined {
  if (set.groups.length === 0) return undefined;
  const group = set.groups[0];
  let value = 0;
  for (const { index, file: pf } of groupFiles(set, file, 0)) {
    if (!pf) continue;
    const fn = group.kind === 'cpu' ? pf.functions.find((f) => f.startLine === startLine) : undefined;
    if (fn) {
      value += fn.cum[index.primary];
      continue;
    }
    for (const stats of pf.lines.values()) if (stats.line >= startLine && stats.line <= endLine) value += stats.flat[index.primary];
  }
  if (value <= 0) return undefined;
  return { value, share: group.total > 0 ? value / group.total : 0, sampleType: group.sampleType, unit: group.unit, kind: group.kind };
}

export interface FunctionTotal {
  /** The profile's symbol. */
  name: string;
  /** The symbol without the package path. */
  short: string;
  /** The profile's file name. */
  filename: string;
  startLine: number;
  /** Heap: allocated with the innermost frame in the function; CPU: time with it on the stack. */
  value: number;
  share: number;
}

/** Per-function totals of the first group for the local files given, largest first. */
export function functionTotals(set: ProfileSet, files: Iterable<string>): FunctionTotal[] {
  if (set.groups.length === 0) return [];
  const group = set.groups[0];
  const m = measure(group.kind);
  const byName = new Map<string, FunctionTotal>();
  const seen = new Set<object>();
  for (const file of files) {
    for (const { index, file: pf } of groupFiles(set, file, 0)) {
      if (!pf || seen.has(pf)) continue;
      seen.add(pf);
      for (const fn of pf.functions) {
        const v = fn[m][index.primary];
        if (v <= 0) continue;
        const t = byName.get(fn.name) ?? { name: fn.name, short: shortSymbol(fn.name), filename: pf.filename, startLine: fn.startLine, value: 0, share: 0 };
        t.value += v;
        byName.set(fn.name, t);
      }
    }
  }
  const out = [...byName.values()];
  for (const t of out) t.share = group.total > 0 ? t.value / group.total : 0;
  return out.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1));
}

/** Orders findings by their weight's share, highest first; findings without one keep their order at the end. */
export function sortByWeight<F extends Pick<Finding, 'file' | 'line'>>(findings: readonly F[], set: ProfileSet): F[] {
  const share = new Map<F, number>(findings.map((f) => [f, weightOf(set, f)?.share ?? -1]));
  return findings.map((f, i) => ({ f, i })).sort((a, b) => share.get(b.f)! - share.get(a.f)! || a.i - b.i).map((x) => x.f);
}
