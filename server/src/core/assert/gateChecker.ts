// The assertions as a checker of `go-escape check`'s module-wide analysis (core/gate/checker.ts
// on the gate branch): in the first pass it asks, per package, for what its directives need
// (bounds checks for `bce`, the assembly listing where a function under `//gcassert:inline` may
// be called, `-m=2` for the compiler's reasons); then it checks. The shapes below are the parts
// of the gate's types this uses, written out so that this file does not depend on that branch.
import type { Parser, Tree } from 'web-tree-sitter';
import { RuleId } from '../catalogue/ids';
import { splitAssembly } from '../compiler/assembly';
import type { Finding, Flow } from '../findings';
import { assertionCompilerFlags, checkAssertions } from './check';
import { scanDirectives } from './directives';
import type { AssemblyFacts, AssertionFailure, FailureKind, FileDirectives } from './types';

interface GatePackage {
  importPath: string;
  files: string[];
  output: string;
  testVariant: boolean;
}

interface GateInput {
  packages: GatePackage[];
  findings: Finding[];
  readFile(file: string): string;
}

interface GateNeeds {
  explain?: boolean;
  compilerFlags?: string[];
}

export interface AssertionReport {
  kind: 'assertion';
  file: string;
  line: number;
  column: number;
  message: string;
  directive: FailureKind;
  rule: string;
  flows?: Flow[];
  detail?: string;
}

const RULES: Record<FailureKind, string> = {
  noescape: RuleId.AssertNoEscape,
  inline: RuleId.AssertInline,
  bce: RuleId.AssertBce,
  noheap: RuleId.AssertNoHeap,
  unknown: RuleId.AssertDirective,
};

export function toReport(f: AssertionFailure): AssertionReport {
  const r: AssertionReport = { kind: 'assertion', file: f.file, line: f.line, column: f.column, message: f.message, directive: f.directive, rule: RULES[f.directive] };
  if (f.flows) r.flows = f.flows;
  if (f.reason) r.detail = f.reason;
  return r;
}

/** A checker for the gate; `parser` stays owned by the caller, the trees it makes are freed by `dispose`. */
export function assertionChecker(parser: Parser) {
  const scanned = new Map<string, { text: string; tree: Tree; directives: FileDirectives }>();
  const scan = (file: string, input: GateInput) => {
    let s = scanned.get(file);
    if (!s) {
      const text = input.readFile(file);
      const tree = parser.parse(text)!;
      s = { text, tree, directives: scanDirectives(file, text, tree) };
      scanned.set(file, s);
    }
    return s;
  };
  const goFiles = (p: GatePackage) => p.files.filter((f) => f.endsWith('.go'));
  const allFiles = (input: GateInput) => [...new Set(input.packages.flatMap(goFiles))];

  return {
    name: 'assertions',
    needs(pkg: GatePackage, input: GateInput): GateNeeds | undefined {
      const everywhere = allFiles(input).map((f) => scan(f, input).directives);
      const inlined = [...new Set(everywhere.flatMap((d) => d.functions.filter((f) => f.kind === 'inline').map((f) => f.name)))];
      const own = goFiles(pkg).map((f) => scan(f, input));
      const flags = assertionCompilerFlags(own.map((s) => s.directives)).filter((f) => f !== '-S');
      // The listing is needed where a function under `//gcassert:inline` is declared (for its
      // symbol) and wherever it may be called.
      const calls = own.some((s) => s.directives.functions.some((f) => f.kind === 'inline') || inlined.some((name) => new RegExp(`\\b${name}\\s*[(\\[]`).test(s.text)));
      if (calls) flags.push('-S');
      const explain = own.some((s) => s.directives.lines.some((l) => l.kind !== 'bce') || s.directives.functions.length > 0);
      return flags.length > 0 || explain ? { explain, compilerFlags: flags } : undefined;
    },
    check(input: GateInput): AssertionReport[] {
      const files = allFiles(input).map((f) => ({ file: f, ...scan(f, input) }));
      const assembly: AssemblyFacts = { calls: [], texts: [] };
      input.packages.forEach((p, i) => {
        if (!p.output.includes('STEXT')) return;
        const facts = splitAssembly(p.output).assembly;
        // Test variants compile the same code again: count each compile's calls on their own.
        assembly.calls.push(...facts.calls.map((c) => ({ ...c, caller: `${i}\0${c.caller}` })));
        assembly.texts.push(...facts.texts);
      });
      const failures = checkAssertions({
        directives: files.map((f) => f.directives),
        findings: input.findings,
        sources: files.map((f) => ({ file: f.file, text: f.text, tree: f.tree })),
        assembly,
      });
      return failures.map(toReport);
    },
    dispose(): void {
      for (const s of scanned.values()) s.tree.delete();
      scanned.clear();
    },
  };
}
