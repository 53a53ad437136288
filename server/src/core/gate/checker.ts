// The extension point of `go-escape check`: a checker looks at the analysed packages (findings
// with explanations, the raw compiler output, the files) and returns reports. The baseline diff
// (new heap findings) is one checker; assertions (`//gcassert:noescape`, ...) plug in the same way
// through registry.ts. A check runs in two passes: every package is compiled once with `-m`; then
// each checker says, per package, whether it needs more (the `-m=2` explanations, extra compiler
// flags such as `-d=ssa/check_bce/debug=1`, the inlining and bounds-check findings), and only
// those packages are compiled again with the union of what was asked, so that a module without
// directives pays for nothing extra.
import type { Parser } from 'web-tree-sitter';
import type { AssemblyFacts } from '../compiler/assembly';
import type { Category, Finding, Flow } from '../findings';
import type { ListedModule } from '../compiler/goList';

/** One package as compiled, test variants (`p [p.test]`, `p_test [p.test]`) separately. */
export interface AnalysedPackage {
  /** go list's import path, which is also the header of its compiler output. */
  importPath: string;
  dir: string;
  /** Absolute paths of the Go files compiled for it (test files too for test variants). */
  files: string[];
  module?: ListedModule;
  testVariant: boolean;
  /**
   * Every verdict, deduplicated, with `flows` and `func` when explained: the escape categories,
   * and with `decisions` also `inline`, `bounds` and `nil`.
   */
  findings: Finding[];
  /**
   * The package's compiler messages, every file named by its absolute path: `-m` lines (inlining
   * decisions included) or, after a second pass, everything its flags printed except an assembly
   * listing (`-S`), which is read into `assembly`.
   */
  output: string;
  /** True when `output` comes from `-m=2`, so findings carry the compiler's explanation. */
  explained: boolean;
  /** True when `findings` include the inlining, bounds-check and nil-check findings. */
  decisions: boolean;
  /** Compiler flags beyond `-m`/`-m=2` and the user's that produced `output`. */
  extraCompilerFlags: string[];
  /** With `-S` among the flags: the calls the compiler left in, and the functions' symbols. */
  assembly?: AssemblyFacts;
}

/** What a checker asks for a package before `check` runs. */
export interface CheckerNeeds {
  explain?: boolean;
  compilerFlags?: string[];
  /** The inlining, bounds-check and nil-check findings (categories `inline`, `bounds`, `nil`). */
  decisions?: boolean;
}

export interface CheckInput {
  packages: AnalysedPackage[];
  /** The findings of all packages, deduplicated across test variants, in file and position order. */
  findings: Finding[];
  goVersion?: string;
  /** The text of a file as the analysis compiled it. */
  readFile(file: string): string;
  signal?: AbortSignal;
}

export type ReportKind = 'finding' | 'new' | 'fixed' | 'assertion';

/** One thing `check` reports. Positions are the compiler's: 1-based line, 1-based byte column. */
export interface GateReport {
  kind: ReportKind;
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** For assertions: `noescape`, `inline`, `bce`, `noheap`, or `unknown` for a bad directive. */
  directive?: string;
  /** For assertions: where the directive's word is written (1-based byte columns, `endColumn` just after it). */
  directiveAt?: { file: string; line: number; column: number; endColumn: number };
  /** For assertions: the first position of the annotated code, where gcassert reports, when not on `line`. */
  covered?: { line: number; column: number };
  category?: Category;
  /** Rule id from the rule catalogue. */
  rule?: string;
  /** The enclosing function, as the compiler names it (`F`, `(*T).M`), instantiations normalised. */
  function?: string;
  /** The compiler's explanation, shown as a code flow in SARIF. */
  flows?: Flow[];
  /** A one-line reason in plain words, appended to the message in text output. */
  detail?: string;
  /** A stable identity across line shifts (the baseline key); SARIF's partialFingerprints. */
  fingerprint?: string;
}

export interface Checker {
  /** Short name for logs. */
  name: string;
  /** What the checker needs for `pkg` beyond the first pass; undefined when it does not apply. */
  needs?(pkg: AnalysedPackage, input: CheckInput): CheckerNeeds | undefined;
  check(input: CheckInput): GateReport[] | Promise<GateReport[]>;
  /** Frees what the checker holds (syntax trees); called once after the check. */
  dispose?(): void;
}

/** What a registered checker is made with; the command owns it and keeps it for the whole check. */
export interface CheckerContext {
  parser: Parser;
}

export type CheckerFactory = (ctx: CheckerContext) => Checker;
