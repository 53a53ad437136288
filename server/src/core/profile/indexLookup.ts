// Look-ups on a profile index (profileIndex.ts): its files by key and by path, a file's lines and
// functions. Built lazily, once per index, on the thread that asks (the index itself crosses
// threads as typed arrays and plain lists).
import type { ProfileIndex } from './profileIndex';

/** One file of an index, as the matching of local files sees it. */
export interface ProfileFile {
  index: ProfileIndex;
  id: number;
  /** `importPath/base.go` for files of non-main packages; see symbols.ts. */
  key?: string;
  /** The file name as the profile spells it (forward slashes). */
  filename: string;
}

interface Lookup {
  /** Files of non-main packages by key. */
  byKey: Map<string, ProfileFile>;
  /** Files of main packages (and of symbols without a package), matched by path. */
  pathFiles: ProfileFile[];
  packages: Set<string>;
}

const lookups = new WeakMap<ProfileIndex, Lookup>();

export function lookupOf(index: ProfileIndex): Lookup {
  let l = lookups.get(index);
  if (!l) {
    l = { byKey: new Map(), pathFiles: [], packages: new Set(index.packages) };
    for (let id = 0; id < index.fileNames.length; id++) {
      const key = index.fileKeys[id] ?? undefined;
      const file: ProfileFile = { index, id, key, filename: index.fileNames[id] };
      if (key) l.byKey.set(key, file);
      else l.pathFiles.push(file);
    }
    lookups.set(index, l);
  }
  return l;
}

/** Values per line or function: one per sample type. */
export function widthOf(index: ProfileIndex): number {
  return index.sampleTypes.length;
}

/** The line slot of `line` in the file, or -1 when the profile has no frame there. */
export function lineSlot(file: ProfileFile, line: number): number {
  const { lineNo, fileLineStart } = file.index;
  let lo = fileLineStart[file.id];
  let hi = fileLineStart[file.id + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = lineNo[mid];
    if (v === line) return mid;
    if (v < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The file's line slots, in line order. */
export function lineSlots(file: ProfileFile): [from: number, to: number] {
  return [file.index.fileLineStart[file.id], file.index.fileLineStart[file.id + 1]];
}

/** The file's function slots. */
export function functionSlots(file: ProfileFile): [from: number, to: number] {
  return [file.index.fileFuncStart[file.id], file.index.fileFuncStart[file.id + 1]];
}
