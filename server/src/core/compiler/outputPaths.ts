// Names every file in the go command's compiler output by its absolute path, from what the
// package is rather than where the go command ran. The go command caches a compile's printed
// output and replays it on a cache hit with the paths as they were printed for the first build's
// working directory: after `go build -gcflags=-m ./...` at a module root, a run inside `sub/`
// replays `sub/s.go:6:2: ...`, which from `sub/` would name `sub/sub/s.go`. Each block of output
// follows a `# <package>` header, and its positions are in that package's files (the compiler
// prints the outermost position of inlined code) or, for generic code instantiated there, in the
// declaring package's: a relative path is placed by its base name among the listed packages'
// files, checked against the directory part it was printed with.
import * as path from 'node:path';
import type { ListedPackage } from './goList';
import { Slicer, Steps, runInSlices, runToEnd } from '../util/slices';
import { linesOf } from '../util/lines';

export interface MappedOutput {
  /** The output with every mappable path absolute; lines that could not be placed are removed. */
  text: string;
  /** Removed lines that name a file of the listed packages' that cannot be told apart (warned about). */
  unmapped: string[];
  /**
   * How many lines named a file that no listed package has (cgo's generated files, files of
   * packages not listed): never the analysed packages' files, so removed without a warning.
   */
  outside: number;
  /** The mapped output of a package, by its header (the go list import path), headers left out. */
  packageOutput(header: string): string | undefined;
}

/**
 * Where each package's blocks are in the mapped text: a package's output is read back from the
 * text when asked for (the CLI's module report), rather than kept as a second copy of megabytes.
 */
class PackageBlocks {
  private readonly spans = new Map<string, [number, number][]>();

  constructor(private readonly text: () => string) {}

  add(header: string, start: number, end: number): void {
    const s = this.spans.get(header);
    if (s) s.push([start, end]);
    else this.spans.set(header, [[start, end]]);
  }

  output(header: string): string | undefined {
    const spans = this.spans.get(header);
    if (!spans) return undefined;
    const text = this.text();
    return spans.map(([start, end]) => `${text.slice(start, end)}\n`).join('');
  }
}

/** Output with nothing in it. */
export const EMPTY_MAPPED: MappedOutput = { text: '', unmapped: [], outside: 0, packageOutput: () => undefined };

const HEADER = /^# (.+)$/;
const POSITIONED = /^(.+?\.go):(\d+:\d+: .*)$/;
/** The position at the end of an explanation step: `from &u (address-of) at ./s.go:7:9`. */
const STEP_AT = /^(.* at )(.+?\.go)(:\d+:\d+)$/;

/** Maps the paths of `text`, the go command's stderr of a run in `cwd` over `packages`. */
export function mapOutputPaths(text: string, packages: Iterable<ListedPackage>, cwd: string): MappedOutput {
  return runToEnd(mapSteps(text, packages, cwd));
}

/** mapOutputPaths, giving the event loop back every few hundred lines; undefined when stopped. */
export function mapOutputPathsInSlices(text: string, packages: Iterable<ListedPackage>, cwd: string, slicer: Slicer): Promise<MappedOutput | undefined> {
  return runInSlices(mapSteps(text, packages, cwd), slicer);
}

/** Lines read or mapped between two looks at the clock. */
const LINES_PER_STEP = 512;

/** mapOutputPaths as steps, for a caller that runs them with its own (see util/slices.ts). */
export function* mapSteps(text: string, packages: Iterable<ListedPackage>, cwd: string): Steps<MappedOutput> {
  const places = new PackageFiles(packages);
  const blocks = new PackageBlocks(() => out.text);
  const out: MappedOutput = { text: '', unmapped: [], outside: 0, packageOutput: (header) => blocks.output(header) };
  // The output is kept as joined pieces of at most LINES_PER_STEP lines: a large package's
  // output is megabytes, and splitting or joining it whole was one long task.
  const pieces: string[] = [];
  // Where the next piece starts in the text the pieces join into.
  let length = 0;
  const push = (piece: string) => {
    pieces.push(piece);
    length += piece.length + 1;
  };
  let block: string[] = [];
  let header: string | undefined;
  function* flush(): Steps<void> {
    const mapped = yield* mapBlock(block, header === undefined ? undefined : places.byHeader.get(header), places, cwd, out);
    const start = length;
    for (let i = 0; i < mapped.length; i += LINES_PER_STEP) {
      push(mapped.slice(i, i + LINES_PER_STEP).join('\n'));
      yield;
    }
    if (header !== undefined && length > start) blocks.add(header, start, length - 1);
    block = [];
  }
  let n = 0;
  for (const line of linesOf(text)) {
    if (++n % LINES_PER_STEP === 0) yield;
    const h = HEADER.exec(line);
    // `# [desc]` follows a header when the go command's description differs from the import path.
    if (!h || h[1].startsWith('[')) {
      block.push(line);
      continue;
    }
    yield* flush();
    push(line);
    header = h[1];
  }
  yield* flush();
  out.text = pieces.join('\n');
  return out;
}

/** Maps one package's block of output (the lines after its header). */
function* mapBlock(block: string[], pkg: ListedPackage | undefined, places: PackageFiles, cwd: string, out: MappedOutput): Steps<string[]> {
  const mapped: string[] = [];
  // Where the build that printed this block ran, found from the package's own lines when a
  // path is ambiguous (`../hkdf/hkdf.go` from crypto/tls: crypto/hkdf or crypto/internal/fips140/hkdf).
  let origin: Origin | null | undefined;
  const place = (printed: string) => {
    const r = places.place(printed, pkg, cwd);
    if (r !== Placement.Unplaced || !pkg) return r;
    if (origin === undefined) origin = originOf(block, pkg) ?? null;
    return origin === null ? r : places.placeFrom(printed, origin);
  };
  let n = 0;
  for (const line of block) {
    if (++n % LINES_PER_STEP === 0) yield;
    const m = POSITIONED.exec(line);
    if (!m) {
      mapped.push(line);
      continue;
    }
    const file = place(m[1]);
    if (typeof file !== 'string') {
      if (file === Placement.Outside) out.outside++;
      else out.unmapped.push(line);
      continue;
    }
    let rest = m[2];
    const step = STEP_AT.exec(rest);
    if (step) {
      const at = place(step[2]);
      if (typeof at === 'string') rest = `${step[1]}${at}${step[3]}`;
    }
    mapped.push(`${file}:${rest}`);
  }
  return mapped;
}

/**
 * Where a build that printed a block ran, from a line in one of the package's own files:
 * `./s.go` (from the package directory), `sub/s.go` (from the module root), `../sub/s.go` (from a
 * sibling, whose name is unknown: only its parent and depth below it are).
 */
interface Origin {
  ancestor: string;
  /** How many directories below `ancestor` the build ran. */
  depth: number;
}

function originOf(block: string[], pkg: ListedPackage): Origin | undefined {
  for (const line of block) {
    const m = POSITIONED.exec(line);
    if (!m || path.isAbsolute(m[1]) || !pkg.files.includes(path.basename(m[1]))) continue;
    const { up, names } = splitRelative(path.dirname(m[1]));
    if (!endsWith(pkg.dir, names)) continue;
    let ancestor = pkg.dir;
    for (let i = 0; i < names.length; i++) ancestor = path.dirname(ancestor);
    return { ancestor, depth: up };
  }
  return undefined;
}

/** `../../a/b` as 2 steps up and the names `a`, `b`; `./` and `.` segments are dropped. */
function splitRelative(rel: string): { up: number; names: string[] } {
  const segments = rel.split(/[\\/]/).filter((s) => s !== '.' && s !== '');
  let up = 0;
  while (segments[up] === '..') up++;
  return { up, names: segments.slice(up) };
}

/** Why a printed path names no file: */
export const enum Placement {
  /** a file of a listed package, but which one cannot be told (a warning). */
  Unplaced = 0,
  /** no listed package has a file of that name: a dependency's or a generated file (no warning). */
  Outside = 1,
}

/** The listed packages' files, by base name, to place printed paths. */
export class PackageFiles {
  readonly byHeader = new Map<string, ListedPackage>();
  private readonly byBase = new Map<string, ListedPackage[]>();

  constructor(packages: Iterable<ListedPackage>) {
    for (const p of packages) {
      this.byHeader.set(p.importPath, p);
      for (const f of p.files) {
        const list = this.byBase.get(f) ?? [];
        if (!list.some((q) => q.dir === p.dir)) list.push(p);
        this.byBase.set(f, list);
      }
    }
  }

  /**
   * The absolute file a path printed in `pkg`'s output names. Absolute paths (and `$WORK/...`,
   * the go command's work directory) are kept. A relative path names a file of the package whose
   * output it is in, or of another listed package (generic code instantiated here reports
   * positions in the package that declares it); its directory part, relative to some earlier
   * working directory (`.`, `sub`, `../sub`), must end that package's directory. Output outside
   * any known package is resolved against the run's directory, as printed in this run (errors
   * are never replayed from the cache).
   */
  place(printed: string, pkg: ListedPackage | undefined, cwd: string): string | Placement {
    if (path.isAbsolute(printed) || printed.startsWith('$WORK')) return printed;
    if (!pkg || pkg.testMain) return path.resolve(cwd, printed);
    const base = path.basename(printed);
    const segments = path.dirname(printed).split(/[\\/]/).filter((s) => s !== '.' && s !== '..' && s !== '');
    if (pkg.files.includes(base) && endsWith(pkg.dir, segments)) return path.join(pkg.dir, base);
    const candidates = this.byBase.get(base);
    if (!candidates) return Placement.Outside;
    const fits = segments.length === 0 ? candidates : candidates.filter((q) => endsWith(q.dir, segments));
    return fits.length === 1 ? path.join(fits[0].dir, base) : Placement.Unplaced;
  }

  /** Places a relative path printed from `origin`, when it names a listed package's file. */
  placeFrom(printed: string, origin: Origin): string | Placement {
    const { up, names } = splitRelative(printed);
    if (up < origin.depth) return Placement.Unplaced;
    const file = path.resolve(origin.ancestor, ...Array(up - origin.depth).fill('..'), ...names);
    const listed = this.byBase.get(path.basename(file))?.some((q) => q.dir === path.dirname(file));
    return listed ? file : Placement.Unplaced;
  }
}

function endsWith(dir: string, segments: string[]): boolean {
  const dirSegments = dir.split(/[\\/]/);
  if (segments.length > dirSegments.length) return false;
  const tail = dirSegments.slice(dirSegments.length - segments.length);
  return segments.every((s, i) => s === tail[i]);
}

/** Places one printed path in `pkg`'s output (see PackageFiles.place); undefined when it names no listed file. */
export function placeFile(printed: string, pkg: ListedPackage | undefined, cwd: string, packages: Iterable<ListedPackage> = pkg ? [pkg] : []): string | undefined {
  const r = new PackageFiles(packages).place(printed, pkg, cwd);
  return typeof r === 'string' ? r : undefined;
}

/** One line for logs and the CLI when output was left out, or undefined when nothing was. */
export function unmappedWarning(unmapped: readonly string[]): string | undefined {
  if (unmapped.length === 0) return undefined;
  const n = unmapped.length;
  return `${n} line${n === 1 ? '' : 's'} of compiler output could not be placed in a file of the analysed packages and ${n === 1 ? 'was' : 'were'} left out (first: ${unmapped[0]})`;
}
