// One go command run that compiles packages with `-gcflags=-m` and says, with `go list -json`,
// which packages it compiled and where their files are, so that the compiler's output is mapped to
// files by what each package is (outputPaths.ts). The single-package analysis of the editor and
// the module-wide analysis of the CLI both run through here.
import * as path from 'node:path';
import { AssemblyFacts, splitAssembly } from './assembly';
import { runGoCommand } from './goCommand';
import { compilerFlagsFor, goCommandEnv } from './goEnv';
import { LIST_FIELDS, ListedPackage, parseGoList } from './goList';
import { goVersion } from './goVersion';
import { createOverlay, withOriginalPaths } from './overlay';
import { EMPTY_MAPPED, MappedOutput, mapOutputPaths, mapOutputPathsInSlices } from './outputPaths';
import { CompilerError, ParsedOutput, parseCompilerText, parseCompilerTextInSlices } from './parseText';
import { Slicer } from '../util/slices';

export interface AnalyzeSettings {
  goBinary: string;
  buildFlags: string[];
  compilerFlags: string[];
  env: Record<string, string>;
  /** A run that takes longer is killed and reported; 0 disables the limit. */
  timeoutMs: number;
}

export const DEFAULT_ANALYZE_SETTINGS: AnalyzeSettings = {
  goBinary: 'go',
  buildFlags: [],
  compilerFlags: [],
  env: {},
  timeoutMs: 120_000,
};

export type AnalyzeStatus = 'ok' | 'build-failed' | 'go-missing' | 'timeout' | 'cancelled' | 'crashed';

export interface CompileRequest {
  /** The directory the go command runs in. */
  cwd: string;
  /** Package patterns, directories or files, as the go command takes them (relative to cwd). */
  targets: string[];
  /** Unsaved buffers: real absolute path to text. */
  overlays?: ReadonlyMap<string, string>;
  /** Ask for the compiler's explanations (`-m=2`) too. */
  explain?: boolean;
  /** Compile the test variants too (`go list -export -test`), which covers `_test.go` files. */
  tests?: boolean;
  /** Compiler flags beyond `-m` and the user's, e.g. a checker's `-d=ssa/check_bce/debug=1`. */
  extraCompilerFlags?: string[];
  /** Also return inlining, bounds-check and nil-check findings (see ParseOptions.decisions). */
  decisions?: boolean;
  /** `-pgo=` for the run: a profile path or `off`; unset leaves the go command's default. One run takes one profile. */
  pgo?: string;
  settings: AnalyzeSettings;
  signal?: AbortSignal;
  /**
   * Read the output in slices, giving the event loop back every few milliseconds (the language
   * server: a large package's output takes longer to read than a request may wait).
   */
  inSlices?: boolean;
}

export interface CompileOutcome {
  status: AnalyzeStatus;
  /** One line that says what went wrong; empty when the run succeeded. */
  summary: string;
  /** The packages the run listed, test variants included. */
  packages: ListedPackage[];
  /** The compiler output with every file named by its absolute path. */
  mapped: MappedOutput;
  parsed: ParsedOutput;
  /** With `-S` among the extra flags: the listings' facts by package (the go list import path). */
  assembly: Map<string, AssemblyFacts>;
  goVersion?: string;
  durationMs: number;
  args: string[];
}

/** Builds the go command's arguments; exported for tests and benchmarks that run the bare build. */
export function compileArgs(req: CompileRequest, overlayPath?: string): string[] {
  const s = req.settings;
  const gcflags = [req.explain ? '-m=2' : '-m', ...compilerFlagsFor(s), ...(req.extraCompilerFlags ?? [])].join(' ');
  // `go list -export` compiles exactly what `go build` would, through the same build cache (so
  // unchanged content replays its -m output), but never links: a main package costs no link
  // step. With -test it also compiles the package's test variant and its external tests. No
  // `-e`: with it, compiler errors move from stderr into the JSON and the exit status is 0.
  // `-deps` lists the dependencies too (marked DepOnly), whose files generic code instantiated in
  // the analysed packages reports positions in.
  const args = ['list', '-export', '-deps', `-json=${LIST_FIELDS.join(',')}`];
  if (req.tests) args.push('-test');
  if (overlayPath) args.push(`-overlay=${overlayPath}`);
  if (req.pgo) args.push(`-pgo=${req.pgo}`);
  args.push(...s.buildFlags, `-gcflags=${gcflags}`, ...req.targets);
  return args;
}

const EMPTY_PARSED: ParsedOutput = { findings: [], errors: [] };

export async function compilePackages(req: CompileRequest): Promise<CompileOutcome> {
  const started = Date.now();
  const env = goCommandEnv(req.settings);
  const base = { packages: [] as ListedPackage[], mapped: EMPTY_MAPPED, parsed: EMPTY_PARSED, assembly: new Map<string, AssemblyFacts>(), args: [] as string[] };
  if (req.signal?.aborted) return { ...base, status: 'cancelled', summary: 'cancelled', durationMs: 0 };

  const overlay = await createOverlay(req.overlays ?? new Map());
  try {
    const args = compileArgs(req, overlay.configPath);
    const [version, r] = await Promise.all([
      goVersion(req.settings.goBinary, env, req.cwd, req.signal).catch(() => undefined),
      runGoCommand({ goBinary: req.settings.goBinary, args, cwd: req.cwd, env, signal: req.signal, timeoutMs: req.settings.timeoutMs }),
    ]);
    const durationMs = Date.now() - started;
    const common = { ...base, args, goVersion: version, durationMs };
    switch (r.outcome) {
      case 'not-found':
        return { ...common, status: 'go-missing', summary: `Go toolchain not found: "${req.settings.goBinary}" could not be started. Install Go or set goEscape.goBinary to the go binary's path.` };
      case 'spawn-failed':
        return { ...common, status: 'go-missing', summary: `Could not start "${req.settings.goBinary}": ${r.error ?? 'unknown error'}. Check goEscape.goBinary.` };
      case 'aborted':
        return { ...common, status: 'cancelled', summary: 'cancelled' };
      case 'timeout':
        return { ...common, status: 'timeout', summary: `The go command did not finish within ${Math.round(req.settings.timeoutMs / 1000)} s and was stopped; the next edit retries.` };
    }
    // go list prints the packages as JSON on stdout; the compiler speaks on stderr.
    const packages = parseGoList(withOriginalPaths(r.stdout, overlay.reverse));
    let stderr = withOriginalPaths(r.stderr, overlay.reverse, req.cwd);
    let assembly = base.assembly;
    // An assembly listing is read into facts here (it names files by absolute path), so that
    // what is mapped, parsed and kept are the compiler's messages only.
    if (req.extraCompilerFlags?.includes('-S')) ({ messages: stderr, byPackage: assembly } = splitAssembly(stderr));
    const options = { cwd: req.cwd, decisions: req.decisions };
    const slicer = req.inSlices ? new Slicer(req.signal) : undefined;
    const mapped = slicer ? await mapOutputPathsInSlices(stderr, packages, req.cwd, slicer) : mapOutputPaths(stderr, packages, req.cwd);
    const parsed = mapped && (slicer ? await parseCompilerTextInSlices(mapped.text, options, slicer) : parseCompilerText(mapped.text, options));
    if (!mapped || !parsed) return { ...common, status: 'cancelled', summary: 'cancelled' };
    const done = { ...common, packages, mapped, parsed, assembly };
    const listErrors = packages.filter((p) => p.error && !p.depOnly);
    if (r.exitCode === 0 && listErrors.length === 0) return { ...done, status: 'ok', summary: '' };
    const crashed = r.signal !== null || /internal compiler error|^panic: |fatal error: /m.test(mapped.text);
    if (crashed) {
      const first = mapped.text.split('\n').find((l) => /internal compiler error|panic: |fatal error: /.test(l)) ?? `killed by ${r.signal}`;
      return { ...done, status: 'crashed', summary: `The compiler crashed: ${first.trim()}` };
    }
    return { ...done, status: 'build-failed', summary: failureSummary(parsed.errors, listErrors, mapped.text, r.exitCode, req.cwd) };
  } finally {
    await overlay.dispose().catch(() => {});
  }
}

function failureSummary(errors: CompilerError[], listErrors: ListedPackage[], stderr: string, exitCode: number | null, cwd: string): string {
  const positioned = errors.find((e) => e.file);
  if (positioned) {
    return `The package does not compile: ${path.relative(cwd, positioned.file!) || positioned.file}:${positioned.line}:${positioned.column}: ${positioned.message}`;
  }
  const message = errors[0]?.message ?? listErrors[0]?.error ?? (stderr.trim() || `go exited with code ${exitCode}`);
  return `go build failed: ${message}`;
}

/** The compiler errors of a failed run, or the go command's own message when it printed none. */
export function errorsOf(outcome: CompileOutcome): CompilerError[] {
  if (outcome.parsed.errors.length > 0) return outcome.parsed.errors;
  const listed = outcome.packages.filter((p) => p.error && !p.depOnly).map((p) => ({ message: p.error! }));
  return listed.length > 0 ? listed : [{ message: outcome.mapped.text.trim() || 'go exited with an error' }];
}
