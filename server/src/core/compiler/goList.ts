// What `go list -json` says about the packages a run compiled: their directories and files.
// Compiler output is mapped to files with it (outputPaths.ts), since the paths the go command
// prints depend on where a cached build first ran.
import * as path from 'node:path';

/** The fields we ask `go list -json=...` for: enough to place every file of every package. */
export const LIST_FIELDS = ['ImportPath', 'Name', 'Dir', 'GoFiles', 'CgoFiles', 'TestGoFiles', 'XTestGoFiles', 'ForTest', 'Module', 'Standard', 'Error', 'DepOnly'];

export interface ListedModule {
  path: string;
  dir?: string;
  main?: boolean;
}

export interface ListedPackage {
  /** As go list prints it, which is also the header of its compiler output: `p`, `p [p.test]`, `p.test`. */
  importPath: string;
  name?: string;
  dir: string;
  /** Base names of the Go files compiled for this package (for test variants, the test files too). */
  files: string[];
  /** For a test variant (`p [p.test]`, `p_test [p.test]`), the package under test. */
  forTest?: string;
  module?: ListedModule;
  standard: boolean;
  /** A generated test main (`p.test`): its files live in the build cache, none is the user's. */
  testMain: boolean;
  /** Only a dependency of the named packages, not matched by a pattern. */
  depOnly: boolean;
  error?: string;
}

interface RawPackage {
  ImportPath?: string;
  Name?: string;
  Dir?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  ForTest?: string;
  Module?: { Path?: string; Dir?: string; Main?: boolean };
  Standard?: boolean;
  Error?: { Err?: string };
  DepOnly?: boolean;
}

/**
 * Parses the stream of JSON objects `go list -json` prints. Each object starts with a `{` alone
 * on its line (nested objects are indented); a malformed object is skipped, not fatal.
 */
export function parseGoList(stdout: string): ListedPackage[] {
  const out: ListedPackage[] = [];
  for (const chunk of stdout.split(/^(?=\{\r?$)/m)) {
    if (!chunk.trim()) continue;
    let raw: RawPackage;
    try {
      raw = JSON.parse(chunk) as RawPackage;
    } catch {
      continue;
    }
    if (!raw.ImportPath || !raw.Dir) continue;
    const names = [...(raw.GoFiles ?? []), ...(raw.CgoFiles ?? []), ...(raw.TestGoFiles ?? []), ...(raw.XTestGoFiles ?? [])];
    const testMain = !raw.ForTest && raw.ImportPath.endsWith('.test') && raw.Name === 'main';
    out.push({
      importPath: raw.ImportPath,
      name: raw.Name,
      dir: raw.Dir,
      // The test main's one file is an absolute path into the build cache.
      files: [...new Set(names.filter((n) => !path.isAbsolute(n)))],
      forTest: raw.ForTest || undefined,
      module: raw.Module?.Path ? { path: raw.Module.Path, dir: raw.Module.Dir, main: raw.Module.Main } : undefined,
      standard: !!raw.Standard,
      testMain,
      depOnly: !!raw.DepOnly,
      error: raw.Error?.Err,
    });
  }
  return out;
}

/** The package a test variant belongs to: `p` for `p`, `p [p.test]` and `p_test [p.test]`. */
export function basePackage(importPath: string): string {
  const bare = importPath.replace(/ \[.*\]$/, '');
  return importPath !== bare && bare.endsWith('_test') ? bare.slice(0, -'_test'.length) : bare;
}
