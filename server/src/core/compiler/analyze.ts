// Runs the compiler's escape analysis on one package, with unsaved buffers as an overlay, and
// returns its verdicts. This is the core entry point both the language server and the CLI use.
import * as path from 'node:path';
import { Finding, compareFindings } from '../findings';
import { runGoCommand } from './goCommand';
import { compilerFlagsFor, goCommandEnv } from './goEnv';
import { goVersion } from './goVersion';
import { createOverlay, withOriginalPaths } from './overlay';
import { CompilerError, parseCompilerText } from './parseText';

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
  /** `-pgo=` for the build: a profile path or `off` (see core/profile/pgo.ts); unset leaves go's default. */
  pgo?: string;
  settings: AnalyzeSettings;
  signal?: AbortSignal;
}

export type AnalyzeStatus = 'ok' | 'build-failed' | 'go-missing' | 'timeout' | 'cancelled' | 'crashed';

export interface AnalyzeResult {
  status: AnalyzeStatus;
  findings: Finding[];
  /** Compiler errors when the build failed. */
  errors: CompilerError[];
  /** One line that says what happened, for status bars and logs. */
  summary: string;
  goVersion?: string;
  durationMs: number;
  /** The argument list the go command ran with (for logs and benchmarks). */
  args: string[];
  /** Raw stderr, for the log. */
  stderr: string;
}

/** Builds the go command's arguments; exported for tests and benchmarks that run the bare build. */
export function analyzeArgs(req: AnalyzeRequest, overlayPath?: string): string[] {
  const s = req.settings;
  const gcflags = [req.explain ? '-m=2' : '-m', ...compilerFlagsFor(s)].join(' ');
  // `go list -export` compiles exactly what `go build` would, through the same build cache (so
  // unchanged content replays its -m output), but never links: a main package costs no link
  // step. With -test it also compiles the package's test variant and its external tests.
  const args = req.tests ? ['list', '-export', '-test'] : ['list', '-export'];
  if (overlayPath) args.push(`-overlay=${overlayPath}`);
  if (req.pgo) args.push(`-pgo=${req.pgo}`);
  args.push(...s.buildFlags, `-gcflags=${gcflags}`);
  if (req.files && req.files.length > 0) args.push(...req.files.map((f) => path.relative(req.dir, f) || f));
  else args.push('.');
  return args;
}

export async function analyzePackage(req: AnalyzeRequest): Promise<AnalyzeResult> {
  const started = Date.now();
  const env = goCommandEnv(req.settings);
  const base = { findings: [] as Finding[], errors: [] as CompilerError[], stderr: '', args: [] as string[] };
  if (req.signal?.aborted) return { ...base, status: 'cancelled', summary: 'cancelled', durationMs: 0 };

  const overlay = await createOverlay(req.overlays ?? new Map());
  try {
    const args = analyzeArgs(req, overlay.configPath);
    const [version, r] = await Promise.all([
      goVersion(req.settings.goBinary, env, req.dir, req.signal).catch(() => undefined),
      runGoCommand({ goBinary: req.settings.goBinary, args, cwd: req.dir, env, signal: req.signal, timeoutMs: req.settings.timeoutMs }),
    ]);
    const durationMs = Date.now() - started;
    const stderr = withOriginalPaths(r.stderr, overlay.reverse);
    const common = { ...base, args, stderr, goVersion: version, durationMs };
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
    // go list prints import paths on stdout; the compiler speaks on stderr.
    const parsed = parseCompilerText(stderr, { cwd: req.dir });
    // Only the package's own files: generated ones (the test main of -test lives in the build
    // cache) are not the user's code.
    const own = (f: string) => (req.files ? req.files.includes(f) : path.dirname(f) === req.dir);
    const findings = parsed.findings.filter((f) => own(f.file)).sort(compareFindings);
    if (r.exitCode === 0) {
      return { ...common, status: 'ok', findings, summary: `${findings.length} findings in ${durationMs} ms` };
    }
    const crashed = r.signal !== null || /internal compiler error|^panic: |fatal error: /m.test(stderr);
    if (crashed) {
      const first = stderr.split('\n').find((l) => /internal compiler error|panic: |fatal error: /.test(l)) ?? `killed by ${r.signal}`;
      return { ...common, status: 'crashed', findings: [], errors: parsed.errors, summary: `The compiler crashed: ${first.trim()}` };
    }
    const errors = parsed.errors.length > 0 ? parsed.errors : [{ message: stderr.trim() || `go exited with code ${r.exitCode}` }];
    const first = errors.find((e) => e.file) ?? errors[0];
    const where = first.file ? `${path.relative(req.dir, first.file) || first.file}:${first.line}:${first.column}: ` : '';
    const what = first.file ? 'The package does not compile' : 'go build failed';
    return { ...common, status: 'build-failed', findings: [], errors, summary: `${what}: ${where}${first.message}` };
  } finally {
    await overlay.dispose().catch(() => {});
  }
}
