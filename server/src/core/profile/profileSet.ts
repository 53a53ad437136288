// The profiles a session or a CLI run weighs findings with. Profiles of the same kind and sample
// type add up (as `go tool pprof` merges them); the first loaded profile's sample type is the one
// findings are ranked by. Loading never throws: each file that cannot be used gives one message.
import { readProfile } from './decode';
import { describeLocalFile, LocalFile, matchFile } from './fileMatch';
import { indexProfile, IndexOptions, ProfileFile, ProfileIndex, ProfileKind } from './profileIndex';

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
  readonly cache: Map<string, { local: LocalFile; files: (ProfileFile | undefined)[] }>;
  readonly roots: WeakMap<ProfileIndex, Map<string, Set<string>>>;
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

/** Reads, decodes and indexes each file; unusable ones are left out with a message. */
export async function loadProfiles(files: readonly string[], opts: IndexOptions & { signal?: AbortSignal } = {}): Promise<LoadResult> {
  const messages: string[] = [];
  const indexes: ProfileIndex[] = [];
  for (const file of files) {
    if (opts.signal?.aborted) break;
    const decoded = await readProfile(file, opts.signal);
    if (!decoded.ok) {
      messages.push(decoded.message);
      continue;
    }
    const index = indexProfile(decoded.profile, file, opts);
    if (typeof index === 'string') messages.push(`${file}: ${index}`);
    else if (index.sampleCount === 0) messages.push(`${file}: the profile has no samples`);
    else indexes.push(index);
  }
  return { set: profileSetOf(indexes), messages };
}

/** The records of a local file in every index of the set, in group order. */
export function filesOf(set: ProfileSet, file: string): { local: LocalFile; files: (ProfileFile | undefined)[] } {
  let entry = set.cache.get(file);
  if (!entry) {
    const local = describeLocalFile(file);
    const files = set.groups.flatMap((g) =>
      g.indexes.map((index) => {
        let memo = set.roots.get(index);
        if (!memo) set.roots.set(index, (memo = new Map()));
        return matchFile(index, local, memo);
      }),
    );
    entry = { local, files };
    set.cache.set(file, entry);
  }
  return entry;
}

/** Each index of a group with its record of the file, for the group at `g`. */
export function groupFiles(set: ProfileSet, file: string, g: number): { index: ProfileIndex; file?: ProfileFile }[] {
  const { files } = filesOf(set, file);
  let offset = 0;
  for (let i = 0; i < g; i++) offset += set.groups[i].indexes.length;
  return set.groups[g].indexes.map((index, i) => ({ index, file: files[offset + i] }));
}
