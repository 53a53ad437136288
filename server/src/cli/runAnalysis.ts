// Runs the module-wide analysis for a subcommand and turns every way it can fail into a message
// and an exit status, so that each command only handles results.
import { analyzeModules, ModuleResult } from '../core/compiler/analyzeModule';
import { groupPatterns, PatternError, RunGroup } from '../core/compiler/patterns';
import { AnalysisOptions } from './analysisFlags';
import { Exit } from './exitCodes';
import { CliIo, displayPath } from './io';

export interface AnalysisRun {
  result: ModuleResult;
  groups: RunGroup[];
}

/** Resolves patterns against `cwd`; a bad pattern is a usage error. */
export function resolvePatterns(patterns: readonly string[], cwd: string, io: CliIo): RunGroup[] | number {
  if (patterns.length === 0) {
    io.stderr.write('go-escape: no PATTERN given (try ./...)\n');
    return Exit.Usage;
  }
  try {
    return groupPatterns(patterns, cwd);
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    io.stderr.write(`go-escape: ${e.message}\n`);
    return Exit.Usage;
  }
}

export interface RunOptions {
  explain?: boolean;
  extraCompilerFlags?: string[];
  /** Also return inlining, bounds-check and nil-check findings. */
  decisions?: boolean;
  /** Where paths in messages are shown relative to (the user's directory, also for a --base worktree). */
  displayRoot?: (file: string) => string;
}

/** The analysis of `groups`, or the exit status after its failure was printed. */
export async function runAnalysis(groups: RunGroup[], opts: AnalysisOptions, io: CliIo, signal: AbortSignal, run: RunOptions = {}): Promise<AnalysisRun | number> {
  const result = await analyzeModules({ groups, tests: opts.tests, explain: run.explain, decisions: run.decisions, extraCompilerFlags: run.extraCompilerFlags, settings: opts.settings, signal });
  for (const w of result.warnings) io.stderr.write(`go-escape: warning: ${w}\n`);
  if (result.status === 'ok') return { result, groups };
  return reportFailure(result, io, run.displayRoot ?? ((f: string) => displayPath(f, io.cwd)));
}

/** Prints why an analysis failed and returns the exit status for it. */
export function reportFailure(result: ModuleResult, io: CliIo, show: (file: string) => string): number {
  switch (result.status) {
    case 'ok':
      return Exit.Ok;
    case 'cancelled':
      io.stderr.write('go-escape: interrupted\n');
      return Exit.Interrupted;
    case 'go-missing':
      io.stderr.write(`go-escape: ${result.summaries[0]}\n`);
      return Exit.NoToolchain;
    case 'timeout':
    case 'crashed':
      for (const s of result.summaries) io.stderr.write(`go-escape: ${s}\n`);
      return Exit.Stopped;
    case 'build-failed': {
      const positioned = result.errors.filter((e) => e.file);
      if (positioned.length === 0) for (const s of result.summaries) io.stderr.write(`go-escape: ${s}\n`);
      else io.stderr.write('go-escape: does not build:\n');
      for (const e of result.errors) io.stderr.write(e.file ? `${show(e.file)}:${e.line}:${e.column}: ${e.message}\n` : `${e.message}\n`);
      return Exit.DoesNotBuild;
    }
  }
}

/** An AbortSignal that Ctrl-C and SIGTERM fire; `dispose` removes the handlers. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // `on`, not `once`: a second Ctrl-C must not kill the process before cleanup (a --base worktree) ran.
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
