// The assertions as a checker of `go-escape check` (core/gate/checker.ts): in the first pass it
// asks, per package, for what its directives need (bounds checks for `bce`, the inlining and
// bounds-check findings, the assembly listing where a function under `//gcassert:inline` is
// declared or may be called, `-m=2` for the compiler's reasons); then it checks. Files are read
// once and parsed only where the text has a directive or calls a function under `inline`.
import type { Parser, Tree } from 'web-tree-sitter';
import { RuleId } from '../catalogue/ids';
import { mergeAssembly } from '../compiler/assembly';
import { chainSentence, explainChain, plain } from '../explain/chain';
import { buildReasonContext, ReasonContext } from '../explain/reason';
import type { AnalysedPackage, CheckInput, Checker, CheckerNeeds, GateReport } from '../gate/checker';
import { assertionCompilerFlags, checkAssertions, SourceFile } from './check';
import { scanDirectives } from './directives';
import type { AssertionFailure, FailureKind, FileDirectives } from './types';

/** The catalogue rule of each kind of failure (the diagnostic code, in the editor too). */
export const ASSERTION_RULES: Record<FailureKind, string> = {
  noescape: RuleId.AssertNoEscape,
  inline: RuleId.AssertInline,
  bce: RuleId.AssertBce,
  noheap: RuleId.AssertNoHeap,
  unknown: RuleId.AssertDirective,
};

/**
 * A failure as the gate reports it: at the failure, with the directive's place, the rule, and a
 * reason in plain words (why a function cannot be inlined, or why the value escapes).
 */
export function toReport(f: AssertionFailure, goVersion?: string, context?: ReasonContext): GateReport {
  const r: GateReport = { kind: 'assertion', file: f.file, line: f.line, column: f.column, message: f.message, directive: f.directive, rule: ASSERTION_RULES[f.directive], directiveAt: { ...f.at } };
  if (f.covered) r.covered = { ...f.covered };
  if (f.finding) r.category = f.finding.category;
  if (f.flows?.length) r.flows = f.flows;
  if (f.reason) r.detail = f.reason;
  else if (f.flows?.length && f.finding) r.detail = plain(chainSentence(explainChain(f.finding, goVersion, context)));
  return r;
}

interface Scanned {
  text: string;
  directives: FileDirectives;
  tree?: Tree;
}

const MARKER = /gcassert:|go-escape:/;

/** The checker; `parser` stays owned by the caller, the trees the checker makes are freed by `dispose`. */
export function assertionChecker(parser: Parser): Checker {
  const scanned = new Map<string, Scanned>();
  const treeOf = (s: Scanned): Tree => (s.tree ??= parser.parse(s.text)!);
  const scan = (file: string, input: CheckInput): Scanned => {
    let s = scanned.get(file);
    if (!s) {
      // A file that cannot be read has nothing to check (the compile that listed it saw it).
      let text: string;
      try {
        text = input.readFile(file);
      } catch {
        text = '';
      }
      s = { text, directives: { file, lines: [], functions: [], bad: [] } };
      if (MARKER.test(text)) s.directives = scanDirectives(file, text, treeOf(s));
      scanned.set(file, s);
    }
    return s;
  };
  const goFiles = (p: AnalysedPackage) => p.files.filter((f) => f.endsWith('.go'));
  // The names of functions under `//gcassert:inline` in all analysed files, once per input.
  let memo: { input: CheckInput; calls?: RegExp } | undefined;
  const inlineCalls = (input: CheckInput): RegExp | undefined => {
    if (memo?.input === input) return memo.calls;
    const names = new Set<string>();
    for (const p of input.packages) for (const f of goFiles(p)) for (const d of scan(f, input).directives.functions) if (d.kind === 'inline' && d.name) names.add(d.name);
    memo = { input, calls: names.size > 0 ? new RegExp(`\\b(?:${[...names].join('|')})\\s*[(\\[]`) : undefined };
    return memo.calls;
  };

  return {
    name: 'assertions',
    needs(pkg, input): CheckerNeeds | undefined {
      const own = goFiles(pkg).map((f) => scan(f, input));
      const directives = own.map((s) => s.directives);
      const flags = assertionCompilerFlags(directives).filter((f) => f !== '-S');
      // The listing is needed where a function under `//gcassert:inline` is declared (for its
      // symbol) and wherever it may be called.
      const calls = inlineCalls(input);
      if (directives.some((d) => d.functions.some((f) => f.kind === 'inline')) || (calls && own.some((s) => calls.test(s.text)))) flags.push('-S');
      const explain = directives.some((d) => d.lines.some((l) => l.kind !== 'bce') || d.functions.length > 0);
      return flags.length > 0 || explain ? { explain, decisions: true, compilerFlags: flags } : undefined;
    },
    check(input): GateReport[] {
      const calls = inlineCalls(input);
      const files = [...new Set(input.packages.flatMap(goFiles))].map((file) => ({ file, scanned: scan(file, input) }));
      // Trees for the files whose calls are looked at: those with directives, and those that may call a function under `inline`.
      const sources: SourceFile[] = files
        .filter(({ scanned: s }) => s.tree || (calls && calls.test(s.text)))
        .map(({ file, scanned: s }) => ({ file, text: s.text, tree: treeOf(s) }));
      const failures = checkAssertions({
        directives: files.map((f) => f.scanned.directives),
        findings: input.findings,
        sources,
        assembly: mergeAssembly(input.packages.map((p) => p.assembly)),
      });
      const context = failures.some((f) => f.flows?.length) ? buildReasonContext(input.findings) : undefined;
      return failures.map((f) => toReport(f, input.goVersion, context));
    },
    dispose(): void {
      for (const s of scanned.values()) s.tree?.delete();
      scanned.clear();
      memo = undefined;
    },
  };
}
