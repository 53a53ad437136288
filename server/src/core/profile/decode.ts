// Reads a pprof profile file (gzipped, as Go writes them, or raw protobuf) with pprof-format.
// A file that is not a profile gives one message naming it; the caller keeps the others.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { Profile } from 'pprof-format';
import { ObjectSamples, SampleSource } from './sampleTable';

/** pprof-format's Profile, with its samples as the index reads them (sampleTable.ts). */
export interface DecodedProfile extends Profile {
  samples: SampleSource;
}

export type DecodeResult = { ok: true; profile: DecodedProfile } | { ok: false; message: string };

/** The whole profile through pprof-format, the maintained decoder: no protobuf of our own. */
function decodeWhole(raw: Uint8Array): DecodedProfile {
  const decoded = Profile.decode(raw) as DecodedProfile;
  decoded.samples = new ObjectSamples(decoded.sample);
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
    profile = decodeWhole(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
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
