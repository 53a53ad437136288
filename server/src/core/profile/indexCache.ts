// Built profile indexes (profileIndex.ts) kept on disk, so that loading a profile again (an editor
// restart, the CLI run again in CI) reads its index instead of decoding the whole profile, which
// is most of a load's time. An entry is found by the profile's path and the sample type asked
// for, and is used only while the file's size, mtime and a hash of its first and last 64 KiB are
// those it was built from; a gzipped profile (as Go writes them) ends with the CRC-32 and length
// of all its data, so its tail changes with any change of content. Entries are written whole
// (temp file + rename) and checked when read: a damaged entry is a miss, rewritten after the
// decode. Beyond a count or a size, the least recently used entries are removed.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import { userCacheDir } from '../util/cacheDir';
import type { ProfileIndex } from './profileIndex';

export interface IndexCacheOptions {
  /** The directory of the entries. */
  dir: string;
  /** At most this many entries and this many bytes are kept. */
  maxEntries: number;
  maxBytes: number;
}

export function defaultIndexCache(): IndexCacheOptions {
  return { dir: userCacheDir('profiles'), maxEntries: 16, maxBytes: 128 * 2 ** 20 };
}

/** What a profile file was: its size, its mtime (ns) and a hash of its first and last bytes. */
export interface Fingerprint {
  size: number;
  mtimeNs: string;
  ends: string;
}

const EDGE = 64 * 1024;
const MAGIC = Buffer.from('GOESCIDX', 'latin1');
/** An entry: MAGIC, the header's length (u32 LE), the sha256 of all that follows, the header (JSON), the arrays (8-aligned). */
const HEAD = MAGIC.length + 4 + 32;
/** Bumped whenever the index's meaning or this layout changes, so that older entries are misses. */
const FORMAT = 1;
/** Temp files this old are left over from a process that ended while writing. */
const STALE_TEMP_MS = 60 * 60 * 1000;

function endsHash(head: Uint8Array, tail: Uint8Array): string {
  return crypto.createHash('sha256').update(head).update(tail).digest('hex');
}

/** The fingerprint of bytes read from a file whose mtime was `mtimeNs` before the read. */
export function fingerprintOf(bytes: Uint8Array, mtimeNs: bigint): Fingerprint {
  const n = bytes.length;
  return { size: n, mtimeNs: mtimeNs.toString(), ends: endsHash(bytes.subarray(0, Math.min(EDGE, n)), bytes.subarray(Math.max(0, n - EDGE))) };
}

/** The file's fingerprint as it is now, reading only its ends; undefined when it cannot be read. */
export async function fingerprintFile(file: string): Promise<Fingerprint | undefined> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const st = await handle.stat({ bigint: true });
    const n = Number(st.size);
    const head = Buffer.alloc(Math.min(EDGE, n));
    const tail = Buffer.alloc(Math.min(EDGE, n));
    await handle.read(head, 0, head.length, 0);
    await handle.read(tail, 0, tail.length, n - tail.length);
    return { size: n, mtimeNs: st.mtimeNs.toString(), ends: endsHash(head, tail) };
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * What the code that builds indexes is: a new build of the bundle (a new version of the
 * extension) never reads entries an older one wrote.
 */
let codeStamp: string | undefined;
function codeOf(): string {
  if (codeStamp === undefined) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(__filename);
    } catch {
      st = undefined;
    }
    codeStamp = `${FORMAT}:${os.endianness()}:${st ? `${st.size}:${st.mtimeMs}` : ''}`;
  }
  return codeStamp;
}

function entryPath(cache: IndexCacheOptions, file: string, sampleType: string | undefined): string {
  const name = crypto.createHash('sha256').update(`${codeOf()}\0${path.resolve(file)}\0${sampleType ?? ''}`).digest('hex').slice(0, 40);
  return path.join(cache.dir, `${name}.idx`);
}

type ArrayName = 'fileLineStart' | 'fileFuncStart' | 'lineNo' | 'lineFunc' | 'funcStart' | 'funcLast' | 'lineFlat' | 'lineCum' | 'funcFlat' | 'funcCum';
const INT_ARRAYS: ArrayName[] = ['fileLineStart', 'fileFuncStart', 'lineNo', 'lineFunc', 'funcStart', 'funcLast'];
const FLOAT_ARRAYS: ArrayName[] = ['lineFlat', 'lineCum', 'funcFlat', 'funcCum'];

interface Header {
  code: string;
  path: string;
  sampleType: string;
  fingerprint: Fingerprint;
  meta: Pick<ProfileIndex, 'kind' | 'sampleTypes' | 'primary' | 'totals' | 'sampleCount' | 'fileKeys' | 'fileNames' | 'funcNames' | 'packages'>;
  /** Per array (INT_ARRAYS then FLOAT_ARRAYS): its length, negative when it is all zeros and not stored. */
  lengths: number[];
}

const align8 = (n: number) => (n + 7) & ~7;

function allZero(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}

function serialize(index: ProfileIndex, file: string, sampleType: string | undefined, fingerprint: Fingerprint): Buffer {
  const arrays = [...INT_ARRAYS, ...FLOAT_ARRAYS].map((name) => index[name]);
  const stored = arrays.map((a) => !allZero(a));
  const bodyLength = arrays.reduce((n, a, i) => n + (stored[i] ? align8(a.byteLength) : 0), 0);
  const body = Buffer.alloc(bodyLength);
  let at = 0;
  arrays.forEach((a, i) => {
    if (!stored[i]) return;
    body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += align8(a.byteLength);
  });
  const { kind, sampleTypes, primary, totals, sampleCount, fileKeys, fileNames, funcNames, packages } = index;
  const header: Header = {
    code: codeOf(), path: path.resolve(file), sampleType: sampleType ?? '', fingerprint,
    meta: { kind, sampleTypes, primary, totals, sampleCount, fileKeys, fileNames, funcNames, packages },
    lengths: arrays.map((a, i) => (stored[i] ? a.length : -a.length - 1)),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align8(HEAD + json.length);
  const out = Buffer.alloc(start + body.length);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, HEAD);
  body.copy(out, start);
  crypto.createHash('sha256').update(out.subarray(HEAD)).digest().copy(out, MAGIC.length + 4);
  return out;
}

/** The index in an entry, or undefined when the entry is not one for this file as it is now. */
function deserialize(bytes: Buffer, file: string, sampleType: string | undefined, now: Fingerprint): ProfileIndex | undefined {
  if (bytes.length < HEAD || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const jsonLength = bytes.readUInt32LE(MAGIC.length);
  const start = align8(HEAD + jsonLength);
  if (start > bytes.length) return undefined;
  if (!crypto.createHash('sha256').update(bytes.subarray(HEAD)).digest().equals(bytes.subarray(MAGIC.length + 4, HEAD))) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', HEAD, HEAD + jsonLength)) as Header;
  } catch {
    return undefined;
  }
  const fp = header?.fingerprint;
  if (header.code !== codeOf() || header.path !== path.resolve(file) || header.sampleType !== (sampleType ?? '')) return undefined;
  if (!fp || fp.size !== now.size || fp.mtimeNs !== now.mtimeNs || fp.ends !== now.ends) return undefined;
  const body = bytes.subarray(start);
  const names = [...INT_ARRAYS, ...FLOAT_ARRAYS];
  if (!Array.isArray(header.lengths) || header.lengths.length !== names.length) return undefined;
  const arrays: Partial<Record<ArrayName, Int32Array | Float64Array>> = {};
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const float = i >= INT_ARRAYS.length;
    const n = header.lengths[i];
    const length = n < 0 ? -n - 1 : n;
    const bytesOf = length * (float ? 8 : 4);
    if (!Number.isSafeInteger(length) || (n >= 0 && at + bytesOf > body.length)) return undefined;
    // Each array gets a buffer of its own, as a transfer to another thread needs (offThread.ts).
    const buffer = n < 0 ? new ArrayBuffer(bytesOf) : body.buffer.slice(body.byteOffset + at, body.byteOffset + at + bytesOf);
    arrays[names[i]] = float ? new Float64Array(buffer) : new Int32Array(buffer);
    if (n >= 0) at += align8(bytesOf);
  }
  if (at !== body.length) return undefined;
  const index = { source: file, ...header.meta, ...arrays } as ProfileIndex;
  return wellFormed(index) ? index : undefined;
}

function ascending(starts: Int32Array, last: number): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== last) return false;
  for (let i = 1; i < starts.length; i++) if (starts[i] < starts[i - 1]) return false;
  return true;
}

/** The shape every look-up relies on, so that an entry this code did not write is never used. */
function wellFormed(x: ProfileIndex): boolean {
  const lists = [x.sampleTypes, x.totals, x.fileKeys, x.fileNames, x.funcNames, x.packages];
  if (!lists.every(Array.isArray) || !['heap', 'cpu', 'other'].includes(x.kind)) return false;
  const width = x.sampleTypes.length;
  const files = x.fileNames.length;
  const lines = x.lineNo.length;
  const funcs = x.funcNames.length;
  if (width === 0 || !Number.isInteger(x.primary) || x.primary < 0 || x.primary >= width || x.totals.length !== width) return false;
  if (!Number.isInteger(x.sampleCount) || x.sampleCount <= 0 || x.fileKeys.length !== files) return false;
  if (x.fileLineStart.length !== files + 1 || x.fileFuncStart.length !== files + 1) return false;
  if (!ascending(x.fileLineStart, lines) || !ascending(x.fileFuncStart, funcs)) return false;
  if (x.lineFunc.length !== lines || x.funcStart.length !== funcs || x.funcLast.length !== funcs) return false;
  if (x.lineFlat.length !== lines * width || x.lineCum.length !== lines * width) return false;
  if (x.funcFlat.length !== funcs * width || x.funcCum.length !== funcs * width) return false;
  for (let i = 0; i < lines; i++) if (x.lineFunc[i] < 0 || x.lineFunc[i] >= funcs) return false;
  return true;
}

/** The cached index of the file, when there is one for the file as it is now. */
export async function readCachedIndex(cache: IndexCacheOptions, file: string, sampleType?: string): Promise<ProfileIndex | undefined> {
  const entry = entryPath(cache, file, sampleType);
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(entry);
  } catch {
    return undefined;
  }
  const now = await fingerprintFile(file);
  let index: ProfileIndex | undefined;
  try {
    index = now && deserialize(bytes, file, sampleType, now);
  } catch {
    // A header of other shapes than this code writes (a list where a string was, null).
    index = undefined;
  }
  if (!index) return undefined;
  // Its mtime says when it was last used, for eviction.
  const t = new Date();
  await fs.promises.utimes(entry, t, t).catch(() => undefined);
  return index;
}

/** Writes the file's index as an entry (never throws: without a cache, loads only take longer). */
export async function writeCachedIndex(cache: IndexCacheOptions, file: string, sampleType: string | undefined, fingerprint: Fingerprint, index: ProfileIndex): Promise<void> {
  const entry = entryPath(cache, file, sampleType);
  const temp = `${entry}.${process.pid}.${threadId}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const bytes = serialize(index, file, sampleType, fingerprint);
    if (bytes.length > cache.maxBytes) return;
    await fs.promises.mkdir(cache.dir, { recursive: true });
    await fs.promises.writeFile(temp, bytes);
    await fs.promises.rename(temp, entry);
    await evict(cache, entry);
  } catch {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Removes the least recently used entries beyond the limits (never `keep`), and stale temp files. */
async function evict(cache: IndexCacheOptions, keep: string): Promise<void> {
  const names = await fs.promises.readdir(cache.dir);
  const entries: { file: string; size: number; used: number }[] = [];
  const now = Date.now();
  for (const name of names) {
    const file = path.join(cache.dir, name);
    const st = await fs.promises.stat(file).catch(() => undefined);
    if (!st) continue;
    if (name.endsWith('.tmp') && now - st.mtimeMs > STALE_TEMP_MS) await fs.promises.rm(file, { force: true }).catch(() => undefined);
    else if (name.endsWith('.idx')) entries.push({ file, size: st.size, used: file === keep ? Infinity : st.mtimeMs });
  }
  entries.sort((a, b) => b.used - a.used);
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    bytes += entries[i].size;
    if (i > 0 && (i >= cache.maxEntries || bytes > cache.maxBytes)) await fs.promises.rm(entries[i].file, { force: true }).catch(() => undefined);
  }
}
