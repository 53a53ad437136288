// The package's files as a predictor host finds them: every non-test Go file of the directory
// that the build uses (build constraints and file-name suffixes applied) and that declares the
// same package, with the text of an open buffer where there is one, else the file on disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildContext, exclusionReason } from '../../compiler/buildConstraints';
import type { DiskTexts } from './diskTexts';
import type { SourceFile } from './packageModel';

const PACKAGE_CLAUSE = /^\s*package\s+([\p{L}_][\p{L}\p{N}_]*)/mu;

/**
 * The files of the package in `dir`. `openText` gives an open buffer's text (or undefined);
 * `packageName` keeps only files declaring that package (the predicted file's), which leaves out
 * `package main` tools and external test packages living in the same directory. `disk` keeps
 * the texts read, for a caller that asks again: unchanged files are then not read again.
 */
export function packageFilesOnDisk(dir: string, opts: { openText?: (file: string) => string | undefined; build?: BuildContext; packageName?: string; disk?: DiskTexts } = {}): SourceFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  } catch {
    return [];
  }
  const out: SourceFile[] = [];
  const fromDisk = new Set<string>();
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    let text = opts.openText?.(file);
    if (text === undefined) {
      text = opts.disk ? opts.disk.read(file) : readOrUndefined(file);
      if (text === undefined) continue;
      fromDisk.add(file);
    }
    if (opts.build && exclusionReason(file, text, opts.build)) continue;
    if (opts.packageName && PACKAGE_CLAUSE.exec(stripComments(text))?.[1] !== opts.packageName) continue;
    out.push({ path: file, text });
  }
  opts.disk?.keepOnly(fromDisk);
  return out;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The package name a file declares. */
export function declaredPackage(text: string): string | undefined {
  return PACKAGE_CLAUSE.exec(stripComments(text))?.[1];
}

function stripComments(text: string): string {
  // Only the head matters: the package clause comes before any declaration.
  const head = text.slice(0, 16_384);
  return head.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}
