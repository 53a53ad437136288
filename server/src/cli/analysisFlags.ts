// The flags every analysing subcommand takes: what to compile and how.
import { AnalyzeSettings, DEFAULT_ANALYZE_SETTINGS } from '../core/compiler/compileRun';
import { splitFlags } from '../core/util/splitFlags';
import { Flag, UsageError } from './flags';

export interface AnalysisOptions {
  tests: boolean;
  settings: AnalyzeSettings;
}

/** A CI run may take long on a large module; no time limit unless asked for. */
export function defaultAnalysisOptions(): AnalysisOptions {
  return { tests: false, settings: { ...DEFAULT_ANALYZE_SETTINGS, timeoutMs: 0 } };
}

export const ANALYSIS_FLAGS: Flag<AnalysisOptions>[] = [
  { name: '--tests', help: 'compile the test variants too (_test.go files)', set: (o) => void (o.tests = true) },
  { name: '--compiler-flags', value: '"FLAGS"', help: 'extra compiler flags next to -m, e.g. "-l"', set: (o, v) => void (o.settings.compilerFlags = splitFlags(v)) },
  { name: '--build-flags', value: '"FLAGS"', help: 'extra go build flags, e.g. "-tags=integration"', set: (o, v) => void (o.settings.buildFlags = splitFlags(v)) },
  { name: '--go', value: 'PATH', help: 'the go command to run (default: go on PATH)', set: (o, v) => void (o.settings.goBinary = v) },
  {
    name: '--timeout',
    value: 'SECONDS',
    help: 'stop a go command that runs longer (default: no limit)',
    set: (o, v) => {
      const s = Number(v);
      if (!Number.isFinite(s) || s < 0) throw new UsageError(`--timeout needs a number of seconds (got ${v})`);
      o.settings.timeoutMs = s * 1000;
    },
  },
];
