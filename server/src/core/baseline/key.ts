// What a heap finding is, independent of where it is: module, module-relative file, enclosing
// function, category, message, and its ordinal among equal findings of that function. Inserting
// lines above a function, moving it in its file or reformatting changes none of them, so a
// baseline matches findings across such edits; a third identical finding in a function that had
// two gets ordinal 2 and is new.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Category, Finding } from '../findings';

export interface FindingKey {
  /** Module path (`example.com/m`), or `std` for the standard library. */
  module: string;
  /** Slash-separated path relative to the module root. */
  file: string;
  function: string;
  category: Category;
  /** The compiler's message with temporaries' numbers left out. */
  message: string;
  ordinal: number;
}

/** Where a finding's file sits: its module's path and root directory. */
export interface ModulePlace {
  module: string;
  root: string;
}

/** The compiler numbers its temporaries (`.autotmp_12`); the number moves with unrelated code. */
export function normaliseMessage(message: string): string {
  return message.replace(/\.autotmp_\d+/g, '.autotmp');
}

export function isHeapCategory(c: Category): boolean {
  return c === 'moved' || c === 'escapes';
}

/**
 * Keys for heap findings, ordinals counted in position order within (file, function, category,
 * message). `place` says which module a file is in; `functionOf` names its enclosing function.
 */
export function keyFindings(findings: readonly Finding[], place: (file: string) => ModulePlace, functionOf: (f: Finding) => string): Map<Finding, FindingKey> {
  const sorted = findings.filter((f) => isHeapCategory(f.category)).sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  const counts = new Map<string, number>();
  const out = new Map<Finding, FindingKey>();
  for (const f of sorted) {
    const { module, root } = place(f.file);
    const key: FindingKey = { module, file: path.relative(root, f.file).split(path.sep).join('/'), function: functionOf(f), category: f.category, message: normaliseMessage(f.message), ordinal: 0 };
    const group = groupOf(key);
    key.ordinal = counts.get(group) ?? 0;
    counts.set(group, key.ordinal + 1);
    out.set(f, key);
  }
  return out;
}

function groupOf(k: FindingKey): string {
  return [k.module, k.file, k.function, k.category, k.message].join('\0');
}

/** The key as one string, for matching. */
export function keyString(k: FindingKey): string {
  return `${groupOf(k)}\0${k.ordinal}`;
}

/** A short stable hash of the key: SARIF's partialFingerprints, so alerts survive line shifts. */
export function fingerprint(k: FindingKey): string {
  return createHash('sha256').update(keyString(k)).digest('hex').slice(0, 32);
}
