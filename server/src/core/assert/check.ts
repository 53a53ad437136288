// Checks assertion directives against what the compiler decided. Pure: the caller scans the
// sources (scanDirectives), builds the analysed packages with `assertionCompilerFlags` and
// parses the output (parseCompilerText, splitAssembly); this reads both and reports failures.
// Semantics are gcassert's (github.com/jordanlewis/gcassert), checked against its own testdata:
// - `noescape`: no escape verdict on the covered line (`moved to heap`, `escapes to heap`, and
//   `leaking param`, which gcassert users asked to count).
// - `bce`: no `Found IsInBounds` / `Found IsSliceInBounds` on the covered line.
// - `inline` on a line: some call on the line is inlined (`inlining call to`).
// - `inline` on a function: every call of it in the analysed packages is inlined. `-m` says
//   nothing at a call that was not inlined; the assembly listing's CALL instructions do.
// - `noheap` (ours): no `moved to heap` / `escapes to heap` inside the function's declaration,
//   which includes its function literals and the calls inlined into it (the compiler reports an
//   inlined callee's allocations at the call).
import type { Tree } from 'web-tree-sitter';
import type { Category, Finding } from '../findings';
import { LineIndex } from '../positions';
import { CallSite, callsOnLine } from './callSites';
import type { AssemblyFacts, AssertionFailure, FileDirectives, FunctionDirective, LineDirective } from './types';

export interface SourceFile {
  file: string;
  text: string;
  tree: Tree;
}

export interface CheckInput {
  /** scanDirectives of every file of the analysed packages (files without directives may be left out). */
  directives: readonly FileDirectives[];
  /** Every compiler finding of the build, all categories, before any `include` filter. */
  findings: readonly Finding[];
  /** The analysed packages' files, parsed: where calls of functions under `//gcassert:inline` are. */
  sources: readonly SourceFile[];
  /** From splitAssembly, when the build had `-S`; without it function-level `inline` is not checked. */
  assembly?: AssemblyFacts;
}

const ESCAPES: ReadonlySet<Category> = new Set(['moved', 'escapes', 'leak']);
const HEAP: ReadonlySet<Category> = new Set(['moved', 'escapes']);

/**
 * The compiler flags a build needs for these directives, next to `-m` (or `-m=2` for the
 * explanations): bounds checks for `bce`, the assembly listing for `inline` on a function.
 */
export function assertionCompilerFlags(directives: readonly FileDirectives[]): string[] {
  const flags: string[] = [];
  if (directives.some((d) => d.lines.some((l) => l.kind === 'bce'))) flags.push('-d=ssa/check_bce/debug=1');
  if (directives.some((d) => d.functions.some((f) => f.kind === 'inline'))) flags.push('-S');
  return flags;
}

/** True when there is anything to check. */
export function hasDirectives(directives: readonly FileDirectives[]): boolean {
  return directives.some((d) => d.lines.length + d.functions.length + d.bad.length > 0);
}

/** The findings of the build by file and line. */
function byLine(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.file}:${f.line}`;
    const list = out.get(key);
    if (list) list.push(f);
    else out.set(key, [f]);
  }
  return out;
}

/**
 * A function's own name from a symbol or a compiler message's name for it: `alwaysInlined` for
 * `example.com/m.alwaysInlined`, `M` for `example.com/m.(*T[go.shape.int]).M` or `(*T).M`.
 */
export function symbolName(symbol: string): string {
  let plain = '';
  let depth = 0;
  for (const c of symbol) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0) plain += c;
  }
  return plain.slice(plain.lastIndexOf('.') + 1);
}

class Checker {
  private readonly lines: Map<string, Finding[]>;
  private readonly sources: Map<string, { tree: Tree; index: LineIndex }>;
  readonly failures: AssertionFailure[] = [];

  constructor(private readonly input: CheckInput) {
    this.lines = byLine(input.findings);
    this.sources = new Map(input.sources.map((s) => [s.file, { tree: s.tree, index: new LineIndex(s.text) }]));
  }

  private at(file: string, line: number): Finding[] {
    return this.lines.get(`${file}:${line}`) ?? [];
  }

  private calls(file: string, line: number): CallSite[] {
    const src = this.sources.get(file);
    return src ? callsOnLine(src.tree, src.index, line) : [];
  }

  private inlinedAt(file: string, site: CallSite): boolean {
    return this.at(file, site.line).some((f) => f.column === site.column && f.decision?.inlined === true);
  }

  /** `cannot inline f: ...` for the functions these calls name, when the build printed exactly one. */
  private reasonFor(names: readonly string[]): string | undefined {
    const reasons = new Set(this.input.findings.filter((f) => f.decision?.inlined === false && f.decision.function && names.includes(symbolName(f.decision.function))).map((f) => f.message));
    return reasons.size === 1 ? [...reasons][0] : undefined;
  }

  private fromFinding(d: LineDirective | FunctionDirective, f: Finding, covered?: { line: number; column: number }): AssertionFailure {
    const failure: AssertionFailure = { directive: d.kind, file: f.file, line: f.line, column: f.column, message: f.message, at: d.at, finding: f };
    if (covered && covered.line !== f.line) failure.covered = covered;
    if (f.flows && f.flows.length > 0) failure.flows = f.flows;
    return failure;
  }

  checkLine(file: string, d: LineDirective): void {
    const here = this.at(file, d.line);
    if (d.kind === 'noescape' || d.kind === 'bce') {
      const wanted = d.kind === 'noescape' ? ESCAPES : new Set<Category>(['bounds']);
      for (const f of here) if (wanted.has(f.category) && f.origin === 'compiler') this.failures.push(this.fromFinding(d, f));
      return;
    }
    if (here.some((f) => f.decision?.inlined === true)) return;
    const calls = this.calls(file, d.line);
    const failure: AssertionFailure = { directive: 'inline', file, line: d.line, column: d.column, message: 'no call on this line to inline', at: d.at };
    if (calls.length > 0) {
      failure.column = calls[0].column;
      failure.message = calls.length === 1 ? `call to ${calls[0].callee} was not inlined` : `no call on this line was inlined (${calls.map((c) => c.callee).join(', ')})`;
      const reason = this.reasonFor([...new Set(calls.map((c) => c.name))]);
      if (reason) failure.reason = reason;
    }
    this.failures.push(failure);
  }

  checkNoHeap(file: string, d: FunctionDirective): void {
    const inside = (f: Finding) =>
      f.file === file &&
      (f.line > d.line || (f.line === d.line && f.column >= d.column)) &&
      (f.line < d.endLine || (f.line === d.endLine && f.column < d.endColumn));
    for (const f of this.input.findings) {
      if (HEAP.has(f.category) && f.origin === 'compiler' && inside(f)) this.failures.push(this.fromFinding(d, f));
    }
  }

  checkCallsOf(file: string, d: FunctionDirective): void {
    const asm = this.input.assembly;
    if (!asm) return;
    const symbols = new Set(asm.texts.filter((t) => t.file === file && t.line === d.line && symbolName(t.symbol) === d.name).map((t) => t.symbol));
    if (symbols.size === 0) return;
    // Calls left in, per line; the same call is listed once for each function its code was
    // inlined into, so a line has as many failing calls as the most any one function holds.
    const perLine = new Map<string, Map<string, number>>();
    for (const c of asm.calls) {
      if (!symbols.has(c.symbol) || !this.sources.has(c.file)) continue;
      const key = `${c.file}\0${c.line}`;
      const callers = perLine.get(key) ?? new Map<string, number>();
      callers.set(c.caller, (callers.get(c.caller) ?? 0) + 1);
      perLine.set(key, callers);
    }
    const reason = this.input.findings.find((f) => f.file === file && f.line === d.line && f.decision?.inlined === false && symbolName(f.decision.function ?? '') === d.name)?.message;
    for (const [key, callers] of perLine) {
      const [callFile, lineText] = key.split('\0');
      const line = Number(lineText);
      const sites = this.calls(callFile, line).filter((s) => s.name === d.name && !this.inlinedAt(callFile, s));
      // A CALL with no call written on its line is a wrapper's (a method value), not a call site.
      const count = Math.min(sites.length, Math.max(...callers.values()));
      for (let i = 0; i < count; i++) {
        const site = sites[i];
        const failure: AssertionFailure = { directive: 'inline', file: callFile, line, column: site.column, message: `call to ${site.callee} was not inlined`, at: d.at };
        if (site.startLine !== line) failure.covered = { line: site.startLine, column: site.startColumn };
        if (reason) failure.reason = reason;
        this.failures.push(failure);
      }
    }
  }
}

/** Every failed assertion, in file and line order. */
export function checkAssertions(input: CheckInput): AssertionFailure[] {
  const checker = new Checker(input);
  for (const d of input.directives) {
    checker.failures.push(...d.bad);
    for (const l of d.lines) checker.checkLine(d.file, l);
    for (const f of d.functions) {
      if (f.kind === 'noheap') checker.checkNoHeap(d.file, f);
      else checker.checkCallsOf(d.file, f);
    }
  }
  return checker.failures.sort(compareFailures);
}

export function compareFailures(a: AssertionFailure, b: AssertionFailure): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
