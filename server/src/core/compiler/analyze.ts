// Runs the compiler's escape analysis on one package, with unsaved buffers as an overlay, and
// returns its verdicts. This is the core entry point of the language server; the CLI analyses
// many packages at once through analyzeModule.ts. Both compile through compileRun.ts.
import * as path from 'node:path';
import { Finding, compareFindings } from '../findings';
import { AssemblyFacts, mergeAssembly } from './assembly';
import { AnalyzeSettings, AnalyzeStatus, CompileRequest, compileArgs, compilePackages, errorsOf } from './compileRun';
import { unmappedWarning } from './outputPaths';
import { CompilerError } from './parseText';

export type { AnalyzeSettings, AnalyzeStatus } from './compileRun';
export { DEFAULT_ANALYZE_SETTINGS } from './compileRun';

export interface AnalyzeRequest {
  /** The package directory; the go command runs there. */
  dir: string;
  /** Explicit files to build instead of the directory's package (a lone file outside any module). */
  files?: string[];
  /** Unsaved buffers: real absolute path to text. */
  overlays?: ReadonlyMap<string, string>;
  /** Ask for the compiler's explanations (`-m=2`) too. */
  explain?: boolean;
  /** Compile the test variant too (`go list -export -test`), which covers `_test.go` files. */
  tests?: boolean;
  /** Also return inlining, bounds-check and nil-check findings (see ParseOptions.decisions). */
  decisions?: boolean;
  /**
   * Compiler flags beyond `-m` and the user's: `decisionCompilerFlags(include)` for the decision
   * categories, `assertionCompilerFlags(directives)` for assertions (`-S` fills `assembly`).
   */
  extraCompilerFlags?: string[];
  /** `-pgo=` for the build: a profile path or `off` (see core/profile/pgo.ts); unset leaves go's default. */
  pgo?: string;
  settings: AnalyzeSettings;
  signal?: AbortSignal;
  /** Read the output in slices (see CompileRequest.inSlices). */
  inSlices?: boolean;
}

export interface AnalyzeResult {
  status: AnalyzeStatus;
  findings: Finding[];
  /** Compiler errors when the build failed. */
  errors: CompilerError[];
  /** One line that says what happened, for status bars and logs. */
  summary: string;
  /** What the user should know about the result: compiler output that could not be placed. */
  warnings: string[];
  goVersion?: string;
  durationMs: number;
  /** The argument list the go command ran with (for logs and benchmarks). */
  args: string[];
  /** The compiler's output with every file named by its absolute path, for the log and the predictor. */
  stderr: string;
  /** With `-S` among the extra flags: the calls the compiler left in (all compiled variants of the package). */
  assembly?: AssemblyFacts;
}

function requestOf(req: AnalyzeRequest): CompileRequest {
  const targets = req.files && req.files.length > 0 ? req.files.map((f) => path.relative(req.dir, f) || f) : ['.'];
  return { cwd: req.dir, targets, overlays: req.overlays, explain: req.explain, tests: req.tests, decisions: req.decisions, extraCompilerFlags: req.extraCompilerFlags, pgo: req.pgo, settings: req.settings, signal: req.signal, inSlices: req.inSlices };
}

/** Builds the go command's arguments; exported for tests and benchmarks that run the bare build. */
export function analyzeArgs(req: AnalyzeRequest, overlayPath?: string): string[] {
  return compileArgs(requestOf(req), overlayPath);
}

export async function analyzePackage(req: AnalyzeRequest): Promise<AnalyzeResult> {
  const run = await compilePackages(requestOf(req));
  const warning = unmappedWarning(run.mapped.unmapped);
  const common = { args: run.args, goVersion: run.goVersion, durationMs: run.durationMs, stderr: run.mapped.text, warnings: warning ? [warning] : [], findings: [] as Finding[], errors: [] as CompilerError[] };
  if (run.status === 'ok') {
    // Only the package's own files: generated ones (the test main of -test lives in the build
    // cache, cgo's in the go command's work directory) are not the user's code.
    const own = (f: string) => (req.files ? req.files.includes(f) : path.dirname(f) === req.dir);
    const findings = run.parsed.findings.filter((f) => own(f.file)).sort(compareFindings);
    const assembly = req.extraCompilerFlags?.includes('-S') ? mergeAssembly([...run.assembly.values()]) ?? { calls: [], texts: [] } : undefined;
    return { ...common, status: 'ok', findings, summary: `${findings.length} findings in ${run.durationMs} ms`, ...(assembly ? { assembly } : {}) };
  }
  if (run.status === 'build-failed' || run.status === 'crashed') return { ...common, status: run.status, errors: run.status === 'crashed' ? run.parsed.errors : errorsOf(run), summary: run.summary };
  return { ...common, status: run.status, summary: run.summary };
}
