// Names every file in the go command's compiler output by its absolute path, from what the
// package is rather than where the go command ran. The go command caches a compile's printed
// output and replays it on a cache hit with the paths as they were printed for the first build's
// working directory: after `go build -gcflags=-m ./...` at a module root, a run inside `sub/`
// replays `sub/s.go:6:2: ...`, which from `sub/` would name `sub/sub/s.go`. Each block of output
// follows a `# <package>` header, and every position in it is in one of that package's files
// (the compiler prints the outermost position of inlined code), so a relative path is placed by
// its base name among the package's files, checked against the directory part it was printed with.
import * as path from 'node:path';
import type { ListedPackage } from './goList';

export interface MappedOutput {
  /** The output with every mappable path absolute; lines that could not be placed are removed. */
  text: string;
  /** The removed lines: positions in a package's output that name none of its files. */
  unmapped: string[];
  /** The mapped output of each package, by its header (the go list import path), headers left out. */
  byPackage: Map<string, string>;
}

const HEADER = /^# (.+)$/;
const POSITIONED = /^(.+?\.go):(\d+:\d+: .*)$/;
/** The position at the end of an explanation step: `from &u (address-of) at ./s.go:7:9`. */
const STEP_AT = /^(.* at )(.+?\.go)(:\d+:\d+)$/;

/** Maps the paths of `text`, the go command's stderr of a run in `cwd` over `packages`. */
export function mapOutputPaths(text: string, packages: Iterable<ListedPackage>, cwd: string): MappedOutput {
  const byHeader = new Map<string, ListedPackage>();
  for (const p of packages) byHeader.set(p.importPath, p);
  const lines: string[] = [];
  const unmapped: string[] = [];
  const byPackage = new Map<string, string[]>();
  let header: string | undefined;
  let pkg: ListedPackage | undefined;

  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const h = HEADER.exec(line);
    if (h) {
      // `# [desc]` follows a header when the go command's description differs from the import path.
      if (!h[1].startsWith('[')) {
        header = h[1];
        pkg = byHeader.get(header);
      }
      lines.push(line);
      continue;
    }
    const m = POSITIONED.exec(line);
    if (!m) {
      lines.push(line);
      if (header !== undefined) append(byPackage, header, line);
      continue;
    }
    const file = placeFile(m[1], pkg, cwd);
    if (file === undefined) {
      unmapped.push(line);
      continue;
    }
    let rest = m[2];
    const step = STEP_AT.exec(rest);
    if (step) {
      const at = placeFile(step[2], pkg, cwd);
      if (at !== undefined) rest = `${step[1]}${at}${step[3]}`;
    }
    const mapped = `${file}:${rest}`;
    lines.push(mapped);
    if (header !== undefined) append(byPackage, header, mapped);
  }
  const joined = new Map<string, string>();
  for (const [k, v] of byPackage) joined.set(k, v.join('\n') + '\n');
  return { text: lines.join('\n'), unmapped, byPackage: joined };
}

function append(map: Map<string, string[]>, key: string, line: string): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(line);
}

/**
 * The absolute file a printed path names, or undefined when it names none of the package's
 * files. Absolute paths (and `$WORK/...`, the go command's work directory) are kept; output
 * outside any known package is resolved against the run's directory, as the go command printed it
 * in this run (errors are never replayed from the cache).
 */
export function placeFile(printed: string, pkg: ListedPackage | undefined, cwd: string): string | undefined {
  if (path.isAbsolute(printed) || printed.startsWith('$WORK')) return printed;
  if (!pkg || pkg.testMain) return path.resolve(cwd, printed);
  const base = path.basename(printed);
  if (!pkg.files.includes(base)) return undefined;
  // The directory part is the package directory relative to some earlier working directory:
  // `.`, `sub`, `../sub`. Its named segments must end the package's directory.
  const segments = path.dirname(printed).split(/[\\/]/).filter((s) => s !== '.' && s !== '..' && s !== '');
  const dirSegments = pkg.dir.split(/[\\/]/);
  const tail = dirSegments.slice(dirSegments.length - segments.length);
  if (segments.length > dirSegments.length || segments.some((s, i) => s !== tail[i])) return undefined;
  return path.join(pkg.dir, base);
}

/** One line for logs and the CLI when output was left out, or undefined when nothing was. */
export function unmappedWarning(unmapped: readonly string[]): string | undefined {
  if (unmapped.length === 0) return undefined;
  const n = unmapped.length;
  return `${n} line${n === 1 ? '' : 's'} of compiler output named files outside the package and ${n === 1 ? 'was' : 'were'} left out (first: ${unmapped[0]})`;
}
