// Inline expectations in the rule fixtures (test/fixtures/rules/*.go), in the spirit of the Go
// distribution's errorcheck tests. A trailing comment on a source line holds one or more clauses:
//
//   x := f() // ERROR "moved to heap: x" rule:returned-address "is returned" "must outlive"
//
// - `ERROR "regexp"` starts a clause. The regexp (JavaScript syntax, unanchored, taken verbatim
//   between the quotes; `\"` for a quote) must match the message of a compiler finding on this line.
// - `rule:<id>` (optional) is the rule the classifier must give that finding.
// - Each further quoted string is a phrase the rendered explanation (the chain sentence, plain
//   text without backticks) must contain, case-sensitively.
// - `ERROR[guard,...]` limits a clause: `go>=1.25` / `go<1.25` to compiler versions, `-m` to the
//   run without explanations (plain `-gcflags=-m`). Unguarded clauses apply to every run with
//   explanations (`-m=2`), on every recorded or installed compiler version.
// - `ADVICE:<id>` (anywhere in the comment) marks the line as evidence for an advice rule: the
//   line's clauses show the compiler fact the advice rests on.
//
// Matching: each clause claims one unclaimed finding on its line. On a line with clauses, every
// finding must be claimed; on any line of a fixture, a `moved to heap` or `escapes to heap`
// finding without a clause is an error. So a fixture fails when the compiler reports more or less
// than it says.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Clause {
  file: string;
  line: number;
  guards: string[];
  message: string;
  rule?: string;
  phrases: string[];
}

export interface FixtureLine {
  file: string;
  line: number;
  clauses: Clause[];
  advice: string[];
}

const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

/** Reads the expectations of one fixture file (basename as `file`). */
export function parseExpectations(file: string, text: string): FixtureLine[] {
  const out: FixtureLine[] = [];
  text.split('\n').forEach((src, i) => {
    const at = src.search(/\/\/ (ERROR|ADVICE:)/);
    if (at < 0) return;
    const fl: FixtureLine = { file, line: i + 1, clauses: [], advice: [] };
    let current: Clause | undefined;
    for (const m of src.slice(at + 2).matchAll(TOKEN)) {
      const [, quoted, word] = m;
      if (word !== undefined) {
        const err = /^ERROR(?:\[([^\]]*)\])?$/.exec(word);
        if (err) {
          current = { file, line: i + 1, guards: err[1] ? err[1].split(',').map((g) => g.trim()) : [], message: '', phrases: [] };
          fl.clauses.push(current);
        } else if (word.startsWith('rule:') && current) {
          current.rule = word.slice('rule:'.length);
        } else if (word.startsWith('ADVICE:')) {
          fl.advice.push(word.slice('ADVICE:'.length));
        } else if (current) {
          throw new Error(`${file}:${i + 1}: unexpected word ${word} in expectation`);
        }
        continue;
      }
      if (!current) continue;
      const value = quoted.replace(/\\"/g, '"');
      if (current.message === '') current.message = value;
      else current.phrases.push(value);
    }
    for (const c of fl.clauses) if (c.message === '') throw new Error(`${file}:${c.line}: ERROR without a message regexp`);
    out.push(fl);
  });
  return out;
}

export function readFixtureDir(dir: string): FixtureLine[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.go'))
    .sort()
    .flatMap((n) => parseExpectations(n, fs.readFileSync(path.join(dir, n), 'utf8')));
}

export interface Run {
  /** `go1.26.8`. */
  goVersion: string;
  /** True for `-m=2` runs, false for plain `-m`. */
  explain: boolean;
}

function versionAtLeast(v: string, major: number, minor: number): boolean {
  const m = /go(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`cannot read go version ${v}`);
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
}

/** True when a clause applies to a run. */
export function applies(clause: Clause, run: Run): boolean {
  const wantsM1 = clause.guards.includes('-m');
  if (wantsM1 === run.explain) return false;
  for (const g of clause.guards) {
    if (g === '-m') continue;
    const m = /^go(>=|<)(\d+)\.(\d+)$/.exec(g);
    if (!m) throw new Error(`${clause.file}:${clause.line}: unknown guard ${g}`);
    const ge = versionAtLeast(run.goVersion, Number(m[2]), Number(m[3]));
    if ((m[1] === '>=') !== ge) return false;
  }
  return true;
}
