// Reads a pprof profile file (gzipped, as Go writes them, or raw protobuf) with pprof-format.
// A file that is not a profile gives one message naming it; the caller keeps the others.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { Profile, Sample } from 'pprof-format';
import { ObjectSamples, SampleSource, SampleTable } from './sampleTable';

/** pprof-format's Profile, with its samples as the index reads them (sampleTable.ts). */
export interface DecodedProfile extends Profile {
  samples: SampleSource;
}

export type DecodeResult = { ok: true; profile: DecodedProfile } | { ok: false; message: string };

/** The table of the profile being decoded; pprof-format calls decodeValue without a receiver. */
let table: SampleTable | undefined;

/**
 * pprof-format decodes every message, samples included (Sample.decode); each decoded sample goes
 * into the table at once instead of into a list of objects that would live as long as the
 * profile. Nothing here reads protobuf itself.
 */
class TabledProfile extends Profile {
  static override decodeValue(data: Parameters<typeof Profile.decodeValue>[0], field: number, buffer: Uint8Array): void {
    if (field === 2 && table) table.add(Sample.decode(buffer));
    else Profile.decodeValue(data, field, buffer);
  }
}

function decodeTabled(raw: Uint8Array): DecodedProfile {
  const samples = new SampleTable();
  table = samples;
  let decoded: DecodedProfile;
  try {
    decoded = TabledProfile.decode(raw) as DecodedProfile;
  } finally {
    table = undefined;
  }
  // A pprof-format that dispatches fields otherwise has put the samples in the list itself.
  if (samples.count === 0 && decoded.sample.length > 0) {
    decoded.samples = new ObjectSamples(decoded.sample);
    return decoded;
  }
  decoded.samples = samples;
  // The Sample objects, for whoever asks (tests): pprof-format's own decode of the whole profile.
  let objects: Sample[] | undefined;
  Object.defineProperty(decoded, 'sample', {
    get: () => (objects ??= Profile.decode(raw).sample),
    set: (v: Sample[]) => void (objects = v),
    configurable: true,
    enumerable: true,
  });
  return decoded;
}

let decodes = 0;

/** How many times decodeProfile has run in this thread (what the index cache saves). */
export function decodeCount(): number {
  return decodes;
}

/** Gzip's magic bytes; Go's profiles are gzipped, `go tool pprof -proto` output may not be. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decodes profile bytes; `name` is the file the bytes came from, for the message. */
export function decodeProfile(bytes: Uint8Array, name: string): DecodeResult {
  decodes++;
  if (bytes.length === 0) return { ok: false, message: `${name}: empty file, not a pprof profile` };
  let raw: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      raw = zlib.gunzipSync(bytes);
    } catch (e) {
      return { ok: false, message: `${name}: not a pprof profile (gzip data is damaged: ${(e as Error).message})` };
    }
  } else if (/^GO PREPROFILE/.test(Buffer.from(bytes.subarray(0, 16)).toString('latin1'))) {
    return { ok: false, message: `${name}: a preprocessed PGO profile (go tool preprofile) has no per-line samples; use the pprof CPU profile it was made from` };
  }
  let profile: DecodedProfile;
  try {
    // A plain Uint8Array view: pprof-format slices it per field, and Buffer's subarray is slower.
    profile = decodeTabled(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  } catch (e) {
    return { ok: false, message: `${name}: not a pprof profile (${(e as Error).message})` };
  }
  // The protobuf decoder accepts many byte strings; a profile without sample types or with
  // references it does not define is not one Go wrote.
  const problem = inconsistency(profile);
  if (problem) return { ok: false, message: `${name}: not a pprof profile (${problem})` };
  return { ok: true, profile };
}

function inconsistency(p: DecodedProfile): string | undefined {
  if (p.sampleType.length === 0) return 'no sample types';
  const strings = p.stringTable.strings.length;
  for (const t of p.sampleType) if (Number(t.type) >= strings) return 'a sample type names no string';
  const { min, max } = p.samples.valueCounts;
  const width = p.sampleType.length;
  if (p.samples.count > 0 && (min !== width || max !== width)) return `a sample has ${min !== width ? min : max} values for ${width} sample types`;
  return undefined;
}

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

/** Reads a profile file's bytes, or says why it cannot be read. */
export async function readProfileBytes(file: string, signal?: AbortSignal): Promise<ReadResult> {
  try {
    return { ok: true, bytes: await fs.promises.readFile(file, { signal }) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.name === 'AbortError') return { ok: false, message: `${file}: cancelled` };
    return { ok: false, message: `${file}: cannot read the profile (${err.code === 'ENOENT' ? 'no such file' : err.message})` };
  }
}

/** Reads and decodes one profile file. */
export async function readProfile(file: string, signal?: AbortSignal): Promise<DecodeResult> {
  const read = await readProfileBytes(file, signal);
  return read.ok ? decodeProfile(read.bytes, file) : read;
}

/** A sample value or id as a number; int64 values beyond 2^53 lose precision, negative ones keep their sign. */
export function num(v: number | bigint): number {
  if (typeof v === 'number') return v;
  return Number(BigInt.asIntN(64, v));
}
