// Loads the fix fixtures: test/fixtures/fixes/<case>/before is a Go module, after (when the
// case expects a fix) is the same module with the fix applied. Expectations are written in
// the Go sources next to the finding they are about:
//   // fix return-by-value: "moved to heap: u" -> "Return User by value (removes 1 heap allocation)"
//   // fix return-by-value: "moved to heap: u" -> refused "can return nil"
//   // fix closure-capture: "moved to heap: b" -> unverified "removes no heap finding"
// `refused` is decided by planning alone; `unverified` plans but the compiler rejects it.
// `fix(+1)` puts the finding on the next line, for lines whose comments gofmt aligns.
import { FIXTURES } from '../../helpers/tempModule';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/findings';
import type { FixKind } from '../../../server/src/core/fixes/plan';
import { utf16ToByteColumn } from '../../../server/src/core/positions';

export type Outcome = { type: 'fix'; title: string } | { type: 'refused' | 'unverified'; reason: string };

export interface Expectation {
  kind: FixKind;
  finding: Finding;
  outcome: Outcome;
}

export interface FixtureCase {
  name: string;
  beforeDir: string;
  afterDir?: string;
  /** Absolute path to text, for every .go file and go.mod under before/. */
  sources: Map<string, string>;
  expectations: Expectation[];
}

const ANNOTATION = /\/\/ fix(?:\(([+-]\d+)\))? ([a-z-]+): "((?:[^"\\]|\\.)*)" -> (?:"([^"]*)"|(refused|unverified) "([^"]*)")\s*$/;

export function fixturesDir(): string {
  return path.join(FIXTURES, 'fixes');
}

/** Every file under a directory, as absolute paths, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

/** The 1-based byte column where the compiler puts a finding about `message` on `lineText`. */
export function columnOf(lineText: string, message: string): number {
  const subject = /^moved to heap: (.+)$/.exec(message)?.[1] ?? /^(.+) escapes to heap$/.exec(message)?.[1] ?? message;
  const code = lineText.replace(/\/\/.*$/, '');
  let needle = subject.replace(/\{\.\.\.\}$/, '{').replace(/^func literal$/, 'func');
  // The compiler places a call at its opening parenthesis.
  const call = /^(new|make|append)\b/.exec(needle);
  if (call) needle = `${call[1]}(`;
  let i: number;
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(needle)) {
    const m = new RegExp(`(?<![\\p{L}\\p{N}_])${needle}(?![\\p{L}\\p{N}_])`, 'u').exec(code);
    i = m ? m.index : -1;
  } else i = code.indexOf(needle);
  if (i < 0) throw new Error(`cannot find "${needle}" in line: ${lineText}`);
  if (call) i += call[1].length;
  return utf16ToByteColumn(lineText, i);
}

export function loadFixtureCases(): FixtureCase[] {
  const root = fixturesDir();
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => loadCase(path.join(root, e.name)))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function loadCase(dir: string): FixtureCase {
  const beforeDir = path.join(dir, 'before');
  const afterDir = path.join(dir, 'after');
  const sources = new Map<string, string>();
  const expectations: Expectation[] = [];
  for (const file of listFiles(beforeDir)) {
    if (!file.endsWith('.go') && path.basename(file) !== 'go.mod') continue;
    const text = fs.readFileSync(file, 'utf8');
    sources.set(file, text);
    if (!file.endsWith('.go')) continue;
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      const m = ANNOTATION.exec(l);
      if (!m) return;
      const lineIdx = i + (m[1] ? Number(m[1]) : 0);
      const message = m[3].replace(/\\(.)/g, '$1');
      const finding: Finding = {
        file,
        line: lineIdx + 1,
        column: columnOf(lines[lineIdx], message),
        message,
        category: message.startsWith('moved to heap') ? 'moved' : 'escapes',
        rule: 'unexplained',
        origin: 'compiler',
      };
      const outcome: Outcome = m[4] !== undefined ? { type: 'fix', title: m[4] } : { type: m[5] as 'refused' | 'unverified', reason: m[6] };
      expectations.push({ kind: m[2] as FixKind, finding, outcome });
    });
  }
  if (expectations.filter((e) => e.outcome.type === 'fix').length > 1) throw new Error(`${dir}: at most one fix per case`);
  return { name: path.basename(dir), beforeDir, afterDir: fs.existsSync(afterDir) ? afterDir : undefined, sources, expectations };
}

/** The expected text of a before/ file after the fix: its twin under after/. */
export function afterText(c: FixtureCase, beforeFile: string): string {
  if (!c.afterDir) throw new Error(`${c.name} has no after/`);
  return fs.readFileSync(path.join(c.afterDir, path.relative(c.beforeDir, beforeFile)), 'utf8');
}
