// One decoded profile turned into per-line and per-function sums, the shape every question the
// editor and the CLI ask is answered from: "how much was allocated at this line", "how hot is
// this function". The index is flat: typed arrays and string lists, no object per line, so that
// a worker thread can hand it over by transfer (offThread.ts) and the receiving thread pays
// nothing to take it in. Files, lines and functions are numbered; lines are sorted by file and
// line, functions by file, so that a file's lines and functions are one range each.
import type { Profile } from 'pprof-format';
import { DecodedProfile, num } from './decode';
import { Ints } from './growable';
import { ObjectSamples, SampleRow, SampleSource } from './sampleTable';
import { fileKey, slashed } from './symbols';

export type ProfileKind = 'heap' | 'cpu' | 'other';

export interface SampleType {
  type: string;
  unit: string;
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
  sampleCount: number;
  /** Files: `key` (`importPath/base.go`, see symbols.ts) for non-main packages, else null; the name as the profile spells it (forward slashes). */
  fileKeys: (string | null)[];
  fileNames: string[];
  /** File f's lines are `fileLineStart[f]..fileLineStart[f+1]`, its functions `fileFuncStart[f]..fileFuncStart[f+1]`. */
  fileLineStart: Int32Array;
  fileFuncStart: Int32Array;
  /** Per line: its number and the function it is in (the first the profile names there). */
  lineNo: Int32Array;
  lineFunc: Int32Array;
  /** Per function: the profile's symbol (`example.com/m/pkg.(*T).Get`), the line of `func` (0 when unknown), the last line with a frame. */
  funcNames: string[];
  funcStart: Int32Array;
  funcLast: Int32Array;
  /**
   * Sums, one value per sample type (`sampleTypes.length` per line or function): flat counts the
   * samples whose innermost frame (inlined frames count as frames) is here; cum every sample with
   * a frame here, once each (zero in heap profiles, which are read by their innermost frames).
   */
  lineFlat: Float64Array;
  lineCum: Float64Array;
  funcFlat: Float64Array;
  funcCum: Float64Array;
  /** Import paths of the non-main packages the profile has samples in. */
  packages: string[];
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

/**
 * The profile's frames, numbered: files, functions, line slots (one per file and line) and one
 * run of (slot, function) pairs per location, innermost first, so that the pass over samples
 * (millions of frames in a large profile) only adds numbers.
 */
interface Frames {
  fileKeys: (string | null)[];
  fileNames: string[];
  funcNames: string[];
  funcFile: Int32Array;
  funcStart: Int32Array;
  funcLast: Int32Array;
  slotFile: Int32Array;
  slotLine: Int32Array;
  slotFunc: Int32Array;
  runStart: Int32Array;
  runSlot: Int32Array;
  runFunc: Int32Array;
  /** The run of a location id (-1 for ids no location has); see locationRuns. */
  runs: LocationRuns;
}

function readFrames(profile: Profile, str: (i: number | bigint) => string): Frames {
  const fileIds = new Map<string, number>();
  const fileKeys: (string | null)[] = [];
  const fileNames: string[] = [];
  const funcNames: string[] = [];
  const funcs = profile.function.length;
  const funcFile = new Int32Array(funcs);
  const funcStart = new Int32Array(funcs);
  const funcOfId = new Map<number, number>();
  for (let i = 0; i < funcs; i++) {
    const fn = profile.function[i];
    const name = str(fn.name);
    const filename = slashed(str(fn.filename));
    const key = fileKey(name, filename);
    const id = key ?? `\0${filename}`;
    let file = fileIds.get(id);
    if (file === undefined) {
      file = fileKeys.push(key ?? null) - 1;
      fileNames.push(filename);
      fileIds.set(id, file);
    }
    funcOfId.set(num(fn.id), i);
    funcNames.push(name);
    funcFile[i] = file;
    funcStart[i] = num(fn.startLine);
  }
  const funcLast = new Int32Array(funcs);
  // Slots by file, then by line: small-integer keys, which a Map hashes fastest.
  const slotOf: Map<number, number>[] = fileNames.map(() => new Map());
  const slotFile = new Ints();
  const slotLine = new Ints();
  const slotFunc = new Ints();
  const locs = profile.location.length;
  const runStart = new Int32Array(locs + 1);
  const runSlot = new Ints();
  const runFunc = new Ints();
  for (let r = 0; r < locs; r++) {
    runStart[r] = runSlot.length;
    const lines = profile.location[r].line;
    for (let j = 0; j < lines.length; j++) {
      const ln = lines[j];
      const fn = funcOfId.get(num(ln.functionId));
      if (fn === undefined) continue;
      const lineNo = num(ln.line);
      if (lineNo > funcLast[fn]) funcLast[fn] = lineNo;
      const slots = slotOf[funcFile[fn]];
      let slot = slots.get(lineNo);
      if (slot === undefined) {
        slot = slotLine.length;
        slotFile.push(funcFile[fn]);
        slotLine.push(lineNo);
        slotFunc.push(fn);
        slots.set(lineNo, slot);
      }
      runSlot.push(slot);
      runFunc.push(fn);
    }
  }
  runStart[profile.location.length] = runSlot.length;
  return {
    fileKeys, fileNames, funcNames, funcFile, funcStart, funcLast,
    slotFile: slotFile.take(), slotLine: slotLine.take(), slotFunc: slotFunc.take(),
    runStart, runSlot: runSlot.take(), runFunc: runFunc.take(), runs: locationRuns(profile),
  };
}

/**
 * Location ids to runs. Go numbers locations 1..n, and an array indexed by id is much faster
 * than a Map for millions of look-ups; the Map is for profiles with sparse ids.
 */
interface LocationRuns {
  dense: Int32Array;
  sparse?: Map<number, number>;
}

function locationRuns(profile: Profile): LocationRuns {
  const locs = profile.location;
  const maxId = locs.reduce((m, l) => Math.max(m, num(l.id)), 0);
  if (maxId > 4 * locs.length + 16) return { dense: new Int32Array(0), sparse: new Map(locs.map((l, r) => [num(l.id), r])) };
  const dense = new Int32Array(maxId + 1).fill(-1);
  locs.forEach((l, r) => (dense[num(l.id)] = r));
  return { dense };
}

function runOf(runs: LocationRuns, id: number): number {
  return runs.sparse ? runs.sparse.get(id) ?? -1 : id < runs.dense.length ? runs.dense[id] : -1;
}

interface Sums {
  lineFlat: Float64Array;
  lineCum: Float64Array;
  funcFlat: Float64Array;
  funcCum: Float64Array;
  totals: number[];
  sampleCount: number;
}

/** Adds each kept sample's values to its innermost frame (flat) and, with `cum`, to every frame on its stack once. */
function sumSamples(samples: SampleSource, f: Frames, width: number, cum: boolean, keep?: (row: SampleRow) => boolean): Sums {
  const slots = f.slotLine.length;
  const funcs = f.funcNames.length;
  const lineFlat = new Float64Array(slots * width);
  const lineCum = new Float64Array(slots * width);
  const funcFlat = new Float64Array(funcs * width);
  const funcCum = new Float64Array(funcs * width);
  const lineSeen = new Int32Array(cum ? slots : 0).fill(-1);
  const funcSeen = new Int32Array(cum ? funcs : 0).fill(-1);
  const totals = new Float64Array(width);
  const { runStart, runSlot, runFunc } = f;
  const { dense, sparse } = f.runs;
  const maxId = dense.length - 1;
  const row = new SampleRow();
  // Heap profiles are read by their innermost frames: the rest of a stack is not even read.
  const leafOnly = !cum && !keep;
  let sampleCount = 0;
  for (let si = 0; si < samples.count; si++) {
    samples.read(si, leafOnly, row);
    if (keep && !keep(row)) continue;
    sampleCount++;
    const { ids, values } = row;
    const nv = Math.min(width, row.valueCount);
    for (let t = 0; t < nv; t++) totals[t] += values[t];
    let leaf = true;
    for (let j = 0; j < row.idCount; j++) {
      const id = ids[j];
      const l = sparse ? sparse.get(id) ?? -1 : id <= maxId ? dense[id] : -1;
      if (l < 0) continue;
      for (let k = runStart[l]; k < runStart[l + 1]; k++) {
        const ls = runSlot[k] * width;
        const fs = runFunc[k] * width;
        if (leaf) {
          for (let t = 0; t < nv; t++) {
            lineFlat[ls + t] += values[t];
            funcFlat[fs + t] += values[t];
          }
          leaf = false;
          if (!cum) break;
        }
        if (lineSeen[runSlot[k]] !== si) {
          lineSeen[runSlot[k]] = si;
          for (let t = 0; t < nv; t++) lineCum[ls + t] += values[t];
        }
        if (funcSeen[runFunc[k]] !== si) {
          funcSeen[runFunc[k]] = si;
          for (let t = 0; t < nv; t++) funcCum[fs + t] += values[t];
        }
      }
      if (!leaf && !cum) break;
    }
  }
  return { lineFlat, lineCum, funcFlat, funcCum, totals: [...totals], sampleCount };
}

/** Copies `width` values of each slot of `from` into `to` at its new place. */
function permute(from: Float64Array, order: ArrayLike<number>, width: number): Float64Array {
  const to = new Float64Array(from.length);
  for (let i = 0; i < order.length; i++) {
    const src = order[i] * width;
    const dst = i * width;
    for (let t = 0; t < width; t++) to[dst + t] = from[src + t];
  }
  return to;
}

/** Slot numbers sorted by file (and by `then` within a file), by counting per file. */
function byFile(fileOf: Int32Array, files: number, then?: Int32Array): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(files + 1);
  for (let i = 0; i < fileOf.length; i++) start[fileOf[i] + 1]++;
  for (let f = 0; f < files; f++) start[f + 1] += start[f];
  const order = new Int32Array(fileOf.length);
  const next = start.slice(0, files);
  for (let i = 0; i < fileOf.length; i++) order[next[fileOf[i]]++] = i;
  if (then) for (let f = 0; f < files; f++) order.subarray(start[f], start[f + 1]).sort((a, b) => then[a] - then[b]);
  return { order, start };
}

/** Builds the index, or returns why the sample type asked for cannot be used. */
export function indexProfile(profile: DecodedProfile | Profile, source: string, opts: IndexOptions = {}): ProfileIndex | string {
  const strings = profile.stringTable.strings;
  const str = (i: number | bigint) => strings[num(i)] ?? '';
  const sampleTypes = profile.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  const kind = kindOf(sampleTypes);
  const primary = primaryOf(sampleTypes, kind, profile, strings, opts.sampleType);
  if (typeof primary === 'string') return primary;
  const width = sampleTypes.length;
  const samples = 'samples' in profile && profile.samples ? profile.samples : new ObjectSamples(profile.sample);
  const frames = readFrames(profile, str);
  const framesOf = (row: SampleRow) => {
    const names: string[] = [];
    for (let j = 0; j < row.idCount; j++) {
      const l = runOf(frames.runs, row.ids[j]);
      if (l >= 0) for (let k = frames.runStart[l]; k < frames.runStart[l + 1]; k++) names.push(frames.funcNames[frames.runFunc[k]]);
    }
    return names;
  };
  const filter = opts.sampleFilter;
  // Heap figures are the innermost frame's; only CPU (and unknown) profiles walk whole stacks.
  const cum = kind !== 'heap';
  const sums = sumSamples(samples, frames, width, cum, filter && ((row) => filter(framesOf(row))));

  // Lines sorted by file and line, functions by file: each file's share is one range.
  const files = frames.fileNames.length;
  const lines = byFile(frames.slotFile, files, frames.slotLine);
  const funcs = byFile(frames.funcFile, files);
  const newFunc = new Int32Array(funcs.order.length);
  funcs.order.forEach((old, i) => (newFunc[old] = i));
  const lineFlat = permute(sums.lineFlat, lines.order, width);
  const lineCum = permute(sums.lineCum, lines.order, width);
  const packages = new Set<string>();
  for (let f = 0; f < files; f++) {
    const key = frames.fileKeys[f];
    const pkg = key?.slice(0, key.lastIndexOf('/'));
    if (pkg === undefined || packages.has(pkg)) continue;
    for (let i = lines.start[f] * width; i < lines.start[f + 1] * width; i++) {
      if (lineFlat[i] !== 0 || lineCum[i] !== 0) {
        packages.add(pkg);
        break;
      }
    }
  }
  return {
    source, kind, sampleTypes, primary, totals: sums.totals, sampleCount: sums.sampleCount,
    fileKeys: frames.fileKeys, fileNames: frames.fileNames, fileLineStart: lines.start, fileFuncStart: funcs.start,
    lineNo: lines.order.map((old) => frames.slotLine[old]),
    lineFunc: lines.order.map((old) => newFunc[frames.slotFunc[old]]),
    funcNames: Array.from(funcs.order, (old) => frames.funcNames[old]),
    funcStart: funcs.order.map((old) => frames.funcStart[old]),
    funcLast: funcs.order.map((old) => frames.funcLast[old]),
    lineFlat, lineCum,
    funcFlat: permute(sums.funcFlat, funcs.order, width),
    funcCum: permute(sums.funcCum, funcs.order, width),
    packages: [...packages],
  };
}

/** The index of a sample type by name, or -1. */
export function sampleTypeIndex(index: ProfileIndex, type: string): number {
  return index.sampleTypes.findIndex((t) => t.type === type);
}

/** The typed arrays of an index, for a transfer list: each has a buffer of its own. */
export function indexBuffers(index: ProfileIndex): ArrayBuffer[] {
  return [index.fileLineStart, index.fileFuncStart, index.lineNo, index.lineFunc, index.funcStart, index.funcLast, index.lineFlat, index.lineCum, index.funcFlat, index.funcCum].map((a) => a.buffer as ArrayBuffer);
}
