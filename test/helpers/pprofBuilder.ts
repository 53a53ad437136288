// Builds pprof profiles for unit tests with pprof-format's encoder: stacks of Go-like frames
// (function symbol, file, line), inlined frames inside one location, any sample types.
import * as zlib from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

export interface Frame {
  func: string;
  file: string;
  line: number;
  startLine?: number;
}

export interface SampleSpec {
  /** Locations innermost first; each location lists its frames innermost first (inlining). */
  stack: (Frame | Frame[])[];
  values: (number | bigint)[];
}

export interface ProfileSpec {
  sampleTypes: [string, string][];
  samples: SampleSpec[];
  periodType?: [string, string];
  defaultSampleType?: string;
}

export function buildProfile(spec: ProfileSpec): Profile {
  const strings = new StringTable();
  const functions = new Map<string, PFunction>();
  const locations: Location[] = [];
  const fnOf = (f: Frame) => {
    const key = `${f.func}\0${f.file}`;
    let fn = functions.get(key);
    if (!fn) {
      fn = new PFunction({ id: functions.size + 1, name: strings.dedup(f.func), systemName: strings.dedup(f.func), filename: strings.dedup(f.file), startLine: f.startLine ?? 0 });
      functions.set(key, fn);
    }
    return fn;
  };
  const samples = spec.samples.map((s) => {
    const ids = s.stack.map((loc) => {
      const frames = Array.isArray(loc) ? loc : [loc];
      const location = new Location({ id: locations.length + 1, line: frames.map((f) => new Line({ functionId: fnOf(f).id, line: f.line })) });
      locations.push(location);
      return location.id;
    });
    return new Sample({ locationId: ids, value: s.values });
  });
  return new Profile({
    sampleType: spec.sampleTypes.map(([t, u]) => new ValueType({ type: strings.dedup(t), unit: strings.dedup(u) })),
    sample: samples,
    location: locations,
    function: [...functions.values()],
    stringTable: strings,
    periodType: spec.periodType ? new ValueType({ type: strings.dedup(spec.periodType[0]), unit: strings.dedup(spec.periodType[1]) }) : undefined,
    defaultSampleType: spec.defaultSampleType ? strings.dedup(spec.defaultSampleType) : 0,
  });
}

/** The profile as Go writes it: gzipped protobuf. */
export function encodeProfile(spec: ProfileSpec, gzip = true): Buffer {
  const raw = Buffer.from(buildProfile(spec).encode());
  return gzip ? zlib.gzipSync(raw) : raw;
}

export const HEAP_TYPES: [string, string][] = [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']];
export const CPU_TYPES: [string, string][] = [['samples', 'count'], ['cpu', 'nanoseconds']];
