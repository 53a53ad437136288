// What a profile says about a line, a function and a finding. Heap profiles count what was
// allocated with its innermost frame at the line (an allocation site's own cost); CPU profiles
// count the time of every sample with the line on its stack (how hot the code around it runs).
import type { Finding } from '../findings';
import { functionSlots, lineSlot, lineSlots, lookupOf, ProfileFile, widthOf } from './indexLookup';
import { ProfileIndex, sampleTypeIndex } from './profileIndex';
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

type Measure = 'flat' | 'cum';

/** Which of flat and cum a kind of profile ranks lines by. */
function measure(kind: ProfileGroup['kind']): Measure {
  return kind === 'cpu' ? 'cum' : 'flat';
}

/** The index's line or function sums of one kind; entry `slot * width + sampleType`. */
const lineSums = (index: ProfileIndex, m: Measure) => (m === 'cum' ? index.lineCum : index.lineFlat);
const funcSums = (index: ProfileIndex, m: Measure) => (m === 'cum' ? index.funcCum : index.funcFlat);

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
    const w = widthOf(index);
    const p = index.primary;
    const slot = lineSlot(pf, line);
    // A CPU profile also speaks for an unsampled line of a sampled function.
    const fn = slot >= 0 ? index.lineFunc[slot] : group.kind === 'cpu' ? enclosingFunction(pf, line) : -1;
    if (fn >= 0) {
      funcValue += funcSums(index, m)[fn * w + p];
      func ??= shortName(index, fn);
    }
    if (slot < 0) continue;
    value += lineSums(index, m)[slot * w + p];
    flat += index.lineFlat[slot * w + p];
    if (group.kind === 'heap') {
      const pair = heapPair(index);
      if (pair.objects >= 0) objects += index.lineFlat[slot * w + pair.objects];
      if (pair.bytes >= 0) bytes += index.lineFlat[slot * w + pair.bytes];
    }
  }
  if (value <= 0 && funcValue <= 0) return undefined;
  const share = group.total > 0 ? value / group.total : 0;
  const functionShare = group.total > 0 ? funcValue / group.total : 0;
  const { kind, sampleType, unit, total } = group;
  const profiles = sourcesOf(group);
  // One literal per kind (a spread copy costs more than the rest of the look-up).
  if (kind === 'heap') return { profiles, kind, sampleType, unit, value, share, total, objects, bytes, function: func, functionValue: funcValue, functionShare };
  if (kind === 'cpu') return { profiles, kind, sampleType, unit, value, share, total, flat, function: func, functionValue: funcValue, functionShare };
  return { profiles, kind, sampleType, unit, value, share, total, function: func, functionValue: funcValue, functionShare };
}

const sources = new WeakMap<ProfileGroup, string[]>();

/** The group's profile files, one list shared by its weights. */
function sourcesOf(group: ProfileGroup): string[] {
  let list = sources.get(group);
  if (!list) sources.set(group, (list = group.indexes.map((i) => i.source)));
  return list;
}

const shortNames = new WeakMap<ProfileIndex, (string | undefined)[]>();

/** A function's symbol without its package path, computed once per function. */
function shortName(index: ProfileIndex, fn: number): string {
  let names = shortNames.get(index);
  if (!names) shortNames.set(index, (names = []));
  return (names[fn] ??= shortSymbol(index.funcNames[fn]));
}

/**
 * The sampled function a line is in: the latest-starting one that starts at or before the line
 * and has a sampled line at or after it (functions do not interleave; closures nest, and the
 * latest start is the innermost).
 */
function enclosingFunction(pf: ProfileFile, line: number): number {
  const { funcStart, funcLast } = pf.index;
  const [from, to] = functionSlots(pf);
  let best = -1;
  for (let fn = from; fn < to; fn++) {
    if (funcStart[fn] > 0 && funcStart[fn] <= line && funcLast[fn] >= line && (best < 0 || funcStart[fn] > funcStart[best])) best = fn;
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
  return set.groups.some((g) => g.indexes.some((index) => lookupOf(index).packages.has(local.importPath)));
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
    const w = widthOf(index);
    const [ffrom, fto] = functionSlots(pf);
    let fn = -1;
    if (group.kind === 'cpu') for (let i = ffrom; i < fto && fn < 0; i++) if (index.funcStart[i] === startLine) fn = i;
    if (fn >= 0) {
      value += index.funcCum[fn * w + index.primary];
      continue;
    }
    const [from, to] = lineSlots(pf);
    for (let slot = from; slot < to; slot++) if (index.lineNo[slot] >= startLine && index.lineNo[slot] <= endLine) value += index.lineFlat[slot * w + index.primary];
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
      const w = widthOf(index);
      const [from, to] = functionSlots(pf);
      for (let fn = from; fn < to; fn++) {
        const v = funcSums(index, m)[fn * w + index.primary];
        if (v <= 0) continue;
        const name = index.funcNames[fn];
        const t = byName.get(name) ?? { name, short: shortSymbol(name), filename: pf.filename, startLine: index.funcStart[fn], value: 0, share: 0 };
        t.value += v;
        byName.set(name, t);
      }
    }
  }
  const out = [...byName.values()];
  for (const t of out) t.share = group.total > 0 ? t.value / group.total : 0;
  return out.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1));
}

/** Orders findings by their weight's share, highest first; findings without one keep their order at the end. */
export function sortByWeight<F extends Pick<Finding, 'file' | 'line'>>(findings: readonly F[], set: ProfileSet): F[] {
  const shares = Float64Array.from(findings, (f) => weightOf(set, f)?.share ?? -1);
  return Array.from(findings.keys()).sort((a, b) => shares[b] - shares[a] || a - b).map((i) => findings[i]);
}
