// Finds where a Go file belongs: its package directory, its module (go.mod) and any go.work
// above it. Pure file-system look-ups, no go command; the server remembers the answer per file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findUp } from '../util/findUp';

export interface PackageLocation {
  /** Directory of the package (the file's directory). */
  dir: string;
  /** Directory holding go.mod, or undefined for a file outside any module. */
  moduleRoot?: string;
  /** The module path from go.mod. */
  modulePath?: string;
  /** Directory holding go.work, when one applies. */
  workRoot?: string;
}

export function readModulePath(moduleRoot: string): string | undefined {
  try {
    const text = fs.readFileSync(path.join(moduleRoot, 'go.mod'), 'utf8');
    return /^\s*module\s+("?)([^\s"]+)\1/m.exec(text)?.[2];
  } catch {
    return undefined;
  }
}

export function locatePackage(file: string): PackageLocation {
  const dir = path.dirname(file);
  const mod = findUp(dir, ['go.mod']);
  const work = findUp(dir, ['go.work']);
  const moduleRoot = mod && path.dirname(mod);
  const workRoot = work && path.dirname(work);
  return { dir, moduleRoot, modulePath: moduleRoot ? readModulePath(moduleRoot) : undefined, workRoot };
}

/** True for files the go command treats as tests of the package. */
export function isTestFile(file: string): boolean {
  return file.endsWith('_test.go');
}
