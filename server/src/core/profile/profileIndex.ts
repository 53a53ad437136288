// One decoded profile turned into per-line and per-function sums, the shape every question the
// editor and the CLI ask is answered from: "how much was allocated at this line", "how hot is
// this function". Built once per profile; queries are map look-ups.
import type { Profile } from 'pprof-format';
import { num } from './decode';
import { fileKey, slashed } from './symbols';

export type ProfileKind = 'heap' | 'cpu' | 'other';

export interface SampleType {
  type: string;
  unit: string;
}

/** Sums for one line or one function, one entry per sample type. */
export interface Sums {
  /** Samples whose innermost frame (inlined frames count as frames) is here. */
  flat: ArrayLike<number>;
  /** Samples with a frame here anywhere on the stack, each sample counted once (zero in heap profiles, which are read by their innermost frames). */
  cum: ArrayLike<number>;
}

export interface FunctionStats extends Sums {
  /** The profile's symbol, e.g. `example.com/m/pkg.(*T).Get`. */
  name: string;
  /** Line of the `func` keyword, as the profile records it (0 when unknown). */
  startLine: number;
  /** The last line of the function that the profile has a frame at. */
  lastLine: number;
  file: ProfileFile;
}

export interface LineStats extends Sums {
  line: number;
  /** The function the line is in (the innermost one when a closure shares the line). */
  func: FunctionStats;
}

export interface ProfileFile {
  /** `importPath/base.go` for files of non-main packages; see symbols.ts. */
  key?: string;
  /** The file name as the profile spells it (forward slashes). */
  filename: string;
  lines: Map<number, LineStats>;
  functions: FunctionStats[];
}

export interface ProfileIndex {
  /** The profile file this came from. */
  source: string;
  kind: ProfileKind;
  sampleTypes: SampleType[];
  /** The sample type shares are computed for (alloc_space for heap profiles, cpu for CPU ones). */
  primary: number;
  /** Sum over all samples, per sample type. */
  totals: number[];
  /** Files of non-main packages by key. */
  byKey: Map<string, ProfileFile>;
  /** Files of main packages (and of symbols without a package), matched by path. */
  pathFiles: ProfileFile[];
  /** Import paths of the non-main packages the profile has samples in. */
  packages: Set<string>;
  sampleCount: number;
}

export interface IndexOptions {
  /** The sample type to rank by; by default alloc_space, cpu, or the profile's default. */
  sampleType?: string;
  /** Keeps only the samples for which this is true; gets the stack's function names, innermost first. */
  sampleFilter?: (frames: readonly string[]) => boolean;
}

const HEAP_TYPES = new Set(['alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects']);

function kindOf(types: SampleType[]): ProfileKind {
  if (types.some((t) => HEAP_TYPES.has(t.type))) return 'heap';
  if (types.some((t) => t.type === 'cpu')) return 'cpu';
  return 'other';
}

function primaryOf(types: SampleType[], kind: ProfileKind, profile: Profile, strings: string[], wanted?: string): number | string {
  if (wanted) {
    const i = types.findIndex((t) => t.type === wanted);
    return i >= 0 ? i : `no sample type ${wanted} (it has ${types.map((t) => t.type).join(', ')})`;
  }
  const preferred = kind === 'heap' ? 'alloc_space' : kind === 'cpu' ? 'cpu' : strings[num(profile.defaultSampleType)];
  const i = types.findIndex((t) => t.type === preferred);
  return i >= 0 ? i : types.length - 1;
}

/** Builds the index, or returns why the sample type asked for cannot be used. */
export function indexProfile(profile: Profile, source: string, opts: IndexOptions = {}): ProfileIndex | string {
  const strings = profile.stringTable.strings;
  const str = (i: number | bigint) => strings[num(i)] ?? '';
  const sampleTypes = profile.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  const kind = kindOf(sampleTypes);
  const primary = primaryOf(sampleTypes, kind, profile, strings, opts.sampleType);
  if (typeof primary === 'string') return primary;
  const width = sampleTypes.length;
  const none = new Float64Array(width);

  const byKey = new Map<string, ProfileFile>();
  const byPath = new Map<string, ProfileFile>();
  const fileOf = (symbol: string, filename: string): ProfileFile => {
    const name = slashed(filename);
    const key = fileKey(symbol, name);
    const table = key ? byKey : byPath;
    let file = table.get(key ?? name);
    if (!file) {
      file = { key, filename: name, lines: new Map(), functions: [] };
      table.set(key ?? name, file);
    }
    return file;
  };

  const functions = new Map<number, FunctionStats>();
  for (const fn of profile.function) {
    const name = str(fn.name);
    const file = fileOf(name, str(fn.filename));
    const stats: FunctionStats = { name, startLine: num(fn.startLine), lastLine: 0, file, flat: none, cum: none };
    file.functions.push(stats);
    functions.set(num(fn.id), stats);
  }

  // Each location becomes a run of line and function slots, innermost first, in flat typed
  // arrays, so that the pass over samples (millions of frames in a large profile) only adds numbers.
  const lineSlots: LineStats[] = [];
  const funcSlots: FunctionStats[] = [];
  const funcSlotOf = new Map<FunctionStats, number>();
  const lineSlotOf = new Map<ProfileFile, Map<number, number>>();
  // Go numbers locations 1..n; an array indexed by id is much faster than a Map for millions of look-ups.
  const maxId = profile.location.reduce((m, l) => Math.max(m, num(l.id)), 0);
  const locIndex = maxId <= 4 * profile.location.length + 16 ? new Int32Array(maxId + 1).fill(-1) : undefined;
  const locMap = new Map<number, number>();
  const indexOf = (id: number | bigint): number => {
    const n = num(id);
    return locIndex ? (n >= 0 && n <= maxId ? locIndex[n] : -1) : locMap.get(n) ?? -1;
  };
  const locStart: number[] = [];
  const slotLines: number[] = [];
  const slotFuncs: number[] = [];
  for (const loc of profile.location) {
    if (locIndex) locIndex[num(loc.id)] = locStart.length;
    else locMap.set(num(loc.id), locStart.length);
    locStart.push(slotLines.length);
    for (const ln of loc.line) {
      const fn = functions.get(num(ln.functionId));
      if (!fn) continue;
      let fslot = funcSlotOf.get(fn);
      if (fslot === undefined) {
        fslot = funcSlots.push(fn) - 1;
        funcSlotOf.set(fn, fslot);
      }
      const lineNo = num(ln.line);
      if (lineNo > fn.lastLine) fn.lastLine = lineNo;
      let perFile = lineSlotOf.get(fn.file);
      if (!perFile) lineSlotOf.set(fn.file, (perFile = new Map()));
      let lslot = perFile.get(lineNo);
      if (lslot === undefined) {
        const stats: LineStats = { line: lineNo, func: fn, flat: none, cum: none };
        fn.file.lines.set(lineNo, stats);
        lslot = lineSlots.push(stats) - 1;
        perFile.set(lineNo, lslot);
      }
      slotLines.push(lslot);
      slotFuncs.push(fslot);
    }
  }
  locStart.push(slotLines.length);
  const starts = Int32Array.from(locStart);
  const lineOfSlot = Int32Array.from(slotLines);
  const funcOfSlot = Int32Array.from(slotFuncs);

  const lineFlat = new Float64Array(lineSlots.length * width);
  const lineCum = new Float64Array(lineSlots.length * width);
  const funcFlat = new Float64Array(funcSlots.length * width);
  const funcCum = new Float64Array(funcSlots.length * width);
  const lineSeen = new Int32Array(lineSlots.length).fill(-1);
  const funcSeen = new Int32Array(funcSlots.length).fill(-1);
  const totals = new Array<number>(width).fill(0);
  const values = new Float64Array(width);
  const framesOf = (ids: readonly (number | bigint)[]) => {
    const names: string[] = [];
    for (const id of ids) {
      const l = indexOf(id);
      if (l >= 0) for (let k = starts[l]; k < starts[l + 1]; k++) names.push(funcSlots[funcOfSlot[k]].name);
    }
    return names;
  };
  // Heap figures are the innermost frame's; only CPU (and unknown) profiles walk whole stacks.
  const wantCum = kind !== 'heap';
  let sampleCount = 0;
  const samples = profile.sample;
  for (let si = 0; si < samples.length; si++) {
    const sample = samples[si];
    if (opts.sampleFilter && !opts.sampleFilter(framesOf(sample.locationId))) continue;
    sampleCount++;
    for (let t = 0; t < width; t++) {
      values[t] = num(sample.value[t] ?? 0);
      totals[t] += values[t];
    }
    let leaf = true;
    const ids = sample.locationId;
    for (let j = 0; j < ids.length; j++) {
      if (!leaf && !wantCum) break;
      const l = indexOf(ids[j]);
      if (l < 0) continue;
      for (let k = starts[l]; k < starts[l + 1]; k++) {
        const ls = lineOfSlot[k];
        const fs = funcOfSlot[k];
        if (leaf) {
          for (let t = 0; t < width; t++) lineFlat[ls * width + t] += values[t];
          for (let t = 0; t < width; t++) funcFlat[fs * width + t] += values[t];
          leaf = false;
          if (!wantCum) break;
        }
        if (lineSeen[ls] !== si) {
          lineSeen[ls] = si;
          for (let t = 0; t < width; t++) lineCum[ls * width + t] += values[t];
        }
        if (funcSeen[fs] !== si) {
          funcSeen[fs] = si;
          for (let t = 0; t < width; t++) funcCum[fs * width + t] += values[t];
        }
      }
    }
  }
  // Views into the sums, not copies: a large profile has tens of thousands of lines.
  lineSlots.forEach((stats, i) => {
    stats.flat = lineFlat.subarray(i * width, (i + 1) * width);
    stats.cum = wantCum ? lineCum.subarray(i * width, (i + 1) * width) : none;
  });
  funcSlots.forEach((stats, i) => {
    stats.flat = funcFlat.subarray(i * width, (i + 1) * width);
    stats.cum = wantCum ? funcCum.subarray(i * width, (i + 1) * width) : none;
  });
  for (const fn of functions.values()) if (!funcSlotOf.has(fn)) Object.assign(fn, { flat: none, cum: none });

  const packages = new Set<string>();
  for (const file of byKey.values()) {
    if ([...file.lines.values()].some((l) => Array.prototype.some.call(l.flat, (v: number) => v !== 0) || Array.prototype.some.call(l.cum, (v: number) => v !== 0))) packages.add(file.key!.slice(0, file.key!.lastIndexOf('/')));
  }
  return { source, kind, sampleTypes, primary, totals, byKey, pathFiles: [...byPath.values()], packages, sampleCount };
}

/** The index of a sample type by name, or -1. */
export function sampleTypeIndex(index: ProfileIndex, type: string): number {
  return index.sampleTypes.findIndex((t) => t.type === type);
}
