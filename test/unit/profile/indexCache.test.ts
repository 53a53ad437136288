// The disk cache of built indexes: a second load of the same profile reads the index instead of
// decoding; a changed profile, a damaged entry or a full cache never gives a wrong index.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeCount } from '../../../server/src/core/profile/decode';
import type { IndexCacheOptions } from '../../../server/src/core/profile/indexCache';
import { loadProfiles } from '../../../server/src/core/profile/profileSet';
import { lineWeight } from '../../../server/src/core/profile/weights';
import { encodeProfile, HEAP_TYPES } from '../../helpers/pprofBuilder';
import { makeModule, removeDir } from '../../helpers/tempModule';

/** A heap profile with `bytes` allocated at line 3 of a.go (and 16 at line 4). */
function heap(bytes: number, gzip = true): Buffer {
  const frame = (line: number) => ({ func: 'example.com/m.F', file: '/elsewhere/a.go', line, startLine: 1 });
  return encodeProfile({ sampleTypes: HEAP_TYPES, samples: [{ stack: [frame(3)], values: [1, bytes, 0, 0] }, { stack: [frame(4)], values: [1, 16, 0, 0] }] }, gzip);
}

describe('profile index cache', () => {
  let dir = '';
  let cache: IndexCacheOptions;
  let a = '';
  beforeEach(() => {
    dir = makeModule({ 'a.go': 'package m\n' }, 'example.com/m');
    cache = { dir: path.join(dir, 'cache'), maxEntries: 16, maxBytes: 2 ** 20 };
    a = path.join(dir, 'a.go');
  });
  afterEach(() => removeDir(dir));

  /** Loads the profiles; returns the bytes at line 3 (first group) and how many decodes ran. */
  async function load(files: string[], opts: { sampleType?: string } = {}): Promise<{ value?: number; decodes: number; messages: string[] }> {
    const before = decodeCount();
    const r = await loadProfiles(files, { cache, ...opts });
    return { value: lineWeight(r.set, a, 3)?.value, decodes: decodeCount() - before, messages: r.messages };
  }

  const entries = () => fs.readdirSync(cache.dir).filter((n) => n.endsWith('.idx'));

  it('reads the index from the cache on the second load, without decoding', async () => {
    const p = path.join(dir, 'heap.pprof');
    fs.writeFileSync(p, heap(32));
    assert.deepEqual(await load([p]), { value: 32, decodes: 1, messages: [] });
    assert.equal(entries().length, 1);
    assert.deepEqual(await load([p]), { value: 32, decodes: 0, messages: [] });
    // The cached index is the decoded one, array for array.
    const fresh = (await loadProfiles([p], { cache: false })).set.groups[0].indexes[0];
    const cached = (await loadProfiles([p], { cache })).set.groups[0].indexes[0];
    assert.deepEqual(cached, fresh);
    assert.deepEqual(fs.readdirSync(cache.dir).filter((n) => !n.endsWith('.idx')), [], 'no temp file is left');
  });

  it('keeps one entry per sample type asked for', async () => {
    const p = path.join(dir, 'heap.pprof');
    fs.writeFileSync(p, heap(32));
    await load([p]);
    assert.deepEqual(await load([p], { sampleType: 'alloc_objects' }), { value: 1, decodes: 1, messages: [] });
    assert.deepEqual(await load([p], { sampleType: 'alloc_objects' }), { value: 1, decodes: 0, messages: [] });
    assert.deepEqual(await load([p]), { value: 32, decodes: 0, messages: [] });
    assert.equal(entries().length, 2);
  });

  it('decodes again when the profile changes', async () => {
    const p = path.join(dir, 'heap.pprof');
    fs.writeFileSync(p, heap(32));
    await load([p]);
    fs.writeFileSync(p, heap(4096));
    assert.deepEqual(await load([p]), { value: 4096, decodes: 1, messages: [] });
    assert.deepEqual(await load([p]), { value: 4096, decodes: 0, messages: [] });
    assert.equal(entries().length, 1, 'the entry of the path is replaced, not added to');
  });

  it('decodes again when only the mtime changes, and when the content changes under the same size and mtime', async () => {
    const p = path.join(dir, 'heap.pprof');
    fs.writeFileSync(p, heap(32, false));
    await load([p]);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(p, later, later);
    assert.equal((await load([p])).decodes, 1);
    // 32 and 48 encode to varints of one byte: same size; the old mtime is put back.
    const { mtime, size } = fs.statSync(p);
    fs.writeFileSync(p, heap(48, false));
    fs.utimesSync(p, mtime, mtime);
    assert.equal(fs.statSync(p).size, size);
    assert.deepEqual(await load([p]), { value: 48, decodes: 1, messages: [] });
  });

  for (const [what, damage] of [
    ['garbage', (b: Buffer) => Buffer.from('not an index entry')],
    ['a truncated entry', (b: Buffer) => b.subarray(0, b.length - 9)],
    ['a flipped byte in the arrays', (b: Buffer) => Buffer.concat([b.subarray(0, b.length - 3), Buffer.from([b[b.length - 3] ^ 0x40]), b.subarray(b.length - 2)])],
    ['an empty file', () => Buffer.alloc(0)],
    ['a changed total in the header', (b: Buffer) => Buffer.from(b.toString('latin1').replace(/"totals":\[(\d)/, (_, d: string) => `"totals":[${(Number(d) + 1) % 10}`), 'latin1')],
  ] as [string, (b: Buffer) => Buffer][]) {
    it(`survives ${what} in place of an entry: decodes, and rewrites it`, async () => {
      const p = path.join(dir, 'heap.pprof');
      fs.writeFileSync(p, heap(32));
      await load([p]);
      const [entry] = entries();
      const file = path.join(cache.dir, entry);
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      assert.deepEqual(await load([p]), { value: 32, decodes: 1, messages: [] });
      assert.deepEqual(await load([p]), { value: 32, decodes: 0, messages: [] });
      const fresh = (await loadProfiles([p], { cache: false })).set.groups[0].indexes[0];
      assert.deepEqual((await loadProfiles([p], { cache })).set.groups[0].indexes[0], fresh);
    });
  }

  /** The entry with its header (JSON) changed and its digest made right again, as only a writer of other code could. */
  function rewriteHeader(entry: Buffer, change: (header: Record<string, unknown>) => unknown): Buffer {
    const length = entry.readUInt32LE(8);
    const header = JSON.parse(entry.toString('utf8', 44, 44 + length)) as Record<string, unknown>;
    const json = Buffer.from(JSON.stringify(change(header)), 'utf8');
    const body = entry.subarray((44 + length + 7) & ~7);
    const out = Buffer.alloc(((44 + json.length + 7) & ~7) + body.length);
    entry.copy(out, 0, 0, 8);
    out.writeUInt32LE(json.length, 8);
    json.copy(out, 44);
    body.copy(out, out.length - body.length);
    crypto.createHash('sha256').update(out.subarray(44)).digest().copy(out, 12);
    return out;
  }

  for (const [what, change] of [
    ['the same header', (h: Record<string, unknown>) => h],
    ['a header of null', () => null],
    ['a file name fewer than the arrays have', (h: Record<string, unknown>) => ({ ...h, meta: { ...(h.meta as object), fileNames: (h.meta as { fileNames: string[] }).fileNames.slice(1) } })],
    ['a primary sample type beyond the types', (h: Record<string, unknown>) => ({ ...h, meta: { ...(h.meta as object), primary: 9 } })],
    ['array lengths that are not numbers', (h: Record<string, unknown>) => ({ ...h, lengths: (h.lengths as number[]).map(String) })],
  ] as [string, (h: Record<string, unknown>) => unknown][]) {
    it(`checks the shape of an entry with a right digest: ${what}`, async () => {
      const p = path.join(dir, 'heap.pprof');
      fs.writeFileSync(p, heap(32));
      await load([p]);
      const file = path.join(cache.dir, entries()[0]);
      fs.writeFileSync(file, rewriteHeader(fs.readFileSync(file), change));
      // The unchanged header shows that the rewriting itself keeps an entry usable.
      assert.deepEqual(await load([p]), { value: 32, decodes: what === 'the same header' ? 0 : 1, messages: [] });
    });
  }

  it('keeps at most maxEntries, removing the least recently used', async () => {
    cache.maxEntries = 2;
    const files = [1, 2, 3].map((i) => path.join(dir, `p${i}.pprof`));
    files.forEach((p, i) => fs.writeFileSync(p, heap(32 * (i + 1))));
    const past = (s: number) => new Date(Date.now() - s * 1000);
    await load([files[0]]);
    const [first] = entries();
    await load([files[1]]);
    const [second] = entries().filter((e) => e !== first);
    // An entry's mtime marks its last use: p1's is the older, until p1 is loaded again.
    fs.utimesSync(path.join(cache.dir, first), past(200), past(200));
    fs.utimesSync(path.join(cache.dir, second), past(100), past(100));
    assert.equal((await load([files[0]])).decodes, 0);
    await load([files[2]]);
    assert.equal(entries().length, 2);
    assert.deepEqual(await load([files[0]]), { value: 32, decodes: 0, messages: [] });
    assert.deepEqual(await load([files[2]]), { value: 96, decodes: 0, messages: [] });
    assert.deepEqual(await load([files[1]]), { value: 64, decodes: 1, messages: [] });
  });

  it('keeps at most maxBytes', async () => {
    const p1 = path.join(dir, 'p1.pprof');
    const p2 = path.join(dir, 'p2.pprof');
    fs.writeFileSync(p1, heap(32));
    fs.writeFileSync(p2, heap(64));
    await load([p1]);
    cache.maxBytes = fs.statSync(path.join(cache.dir, entries()[0])).size + 8;
    await load([p2]);
    assert.equal(entries().length, 1);
    assert.deepEqual(await load([p2]), { value: 64, decodes: 0, messages: [] });
  });

  it('loads without a usable cache directory, and writes nothing with cache: false', async () => {
    const p = path.join(dir, 'heap.pprof');
    fs.writeFileSync(p, heap(32));
    fs.writeFileSync(cache.dir, 'a file where the directory would be');
    assert.deepEqual(await load([p]), { value: 32, decodes: 1, messages: [] });
    fs.rmSync(cache.dir);
    const before = decodeCount();
    await loadProfiles([p], { cache: false });
    await loadProfiles([p], { cache: false });
    assert.equal(decodeCount() - before, 2);
    assert.equal(fs.existsSync(cache.dir), false);
  });
});
