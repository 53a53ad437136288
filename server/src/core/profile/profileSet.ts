// The profiles a session or a CLI run weighs findings with. Profiles of the same kind and sample
// type add up (as `go tool pprof` merges them); the first loaded profile's sample type is the one
// findings are ranked by. Loading never throws: each file that cannot be used gives one message.
import * as fs from 'node:fs';
import { decodeProfile, readProfileBytes } from './decode';
import { describeLocalFile, LocalFile, matchFile } from './fileMatch';
import type { ProfileFile } from './indexLookup';
import { defaultIndexCache, fingerprintOf, IndexCacheOptions, readCachedIndex, writeCachedIndex } from './indexCache';
import { indexProfile, IndexOptions, ProfileIndex, ProfileKind } from './profileIndex';

export interface ProfileGroup {
  kind: ProfileKind;
  sampleType: string;
  unit: string;
  indexes: ProfileIndex[];
  /** Sum of the group's totals for its sample type. */
  total: number;
}

export interface ProfileSet {
  groups: ProfileGroup[];
  /** Per local file, the matching record of each index (cached; see filesOf). */
  readonly cache: Map<string, CachedFile>;
  readonly roots: WeakMap<ProfileIndex, Map<string, Set<string>>>;
}

export interface CachedFile {
  local: LocalFile;
  /** The file's record in each index, in group order; undefined where an index has none. */
  files: (ProfileFile | undefined)[];
  perGroup: { index: ProfileIndex; file?: ProfileFile }[][];
  /** Weights already computed, per group and line (null: nothing there); see weights.ts. */
  weights: Map<number, unknown>[];
}

export interface LoadResult {
  set: ProfileSet;
  /** One message per profile that could not be used, naming the file. */
  messages: string[];
}

export function emptyProfileSet(): ProfileSet {
  return { groups: [], cache: new Map(), roots: new WeakMap() };
}

/** Groups indexes by kind and sample type, in the order given. */
export function profileSetOf(indexes: readonly ProfileIndex[]): ProfileSet {
  const set = emptyProfileSet();
  for (const index of indexes) {
    const t = index.sampleTypes[index.primary];
    let group = set.groups.find((g) => g.kind === index.kind && g.sampleType === t.type);
    if (!group) set.groups.push((group = { kind: index.kind, sampleType: t.type, unit: t.unit, indexes: [], total: 0 }));
    group.indexes.push(index);
    group.total += index.totals[index.primary];
  }
  return set;
}

export interface LoadOptions extends IndexOptions {
  signal?: AbortSignal;
  /** Where built indexes are kept between loads (default: the user's cache); false: not kept. Never used with a sampleFilter. */
  cache?: IndexCacheOptions | false;
}

/** Reads, decodes and indexes each file (or reads its cached index); unusable ones are left out with a message. */
export async function loadProfiles(files: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const messages: string[] = [];
  const indexes: ProfileIndex[] = [];
  const cache = opts.cache === false || opts.sampleFilter ? undefined : opts.cache ?? defaultIndexCache();
  for (const file of files) {
    if (opts.signal?.aborted) break;
    const cached = cache && (await readCachedIndex(cache, file, opts.sampleType));
    if (cached) {
      indexes.push(cached);
      continue;
    }
    // The mtime from before the read: a file changed while being read is a miss next time.
    const before = cache && (await fs.promises.stat(file, { bigint: true }).catch(() => undefined));
    const read = await readProfileBytes(file, opts.signal);
    const decoded = read.ok ? decodeProfile(read.bytes, file) : read;
    if (!decoded.ok) {
      messages.push(decoded.message);
      continue;
    }
    const index = indexProfile(decoded.profile, file, opts);
    if (typeof index === 'string') messages.push(`${file}: ${index}`);
    else if (index.sampleCount === 0) messages.push(`${file}: the profile has no samples`);
    else {
      indexes.push(index);
      if (cache && before && read.ok) await writeCachedIndex(cache, file, opts.sampleType, fingerprintOf(read.bytes, before.mtimeNs), index);
    }
  }
  return { set: profileSetOf(indexes), messages };
}

/** The records of a local file in every index of the set, per group (cached per file). */
export function filesOf(set: ProfileSet, file: string): CachedFile {
  let entry = set.cache.get(file);
  if (!entry) {
    const local = describeLocalFile(file);
    const perGroup = set.groups.map((g) =>
      g.indexes.map((index) => {
        let memo = set.roots.get(index);
        if (!memo) set.roots.set(index, (memo = new Map()));
        return { index, file: matchFile(index, local, memo) };
      }),
    );
    entry = { local, files: perGroup.flat().map((e) => e.file), perGroup, weights: set.groups.map(() => new Map()) };
    set.cache.set(file, entry);
  }
  return entry;
}

/** Each index of the group at `g` with its record of the file. */
export function groupFiles(set: ProfileSet, file: string, g: number): readonly { index: ProfileIndex; file?: ProfileFile }[] {
  return filesOf(set, file).perGroup[g];
}
