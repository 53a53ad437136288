// What `check` and `baseline` share: the first analysis pass over the patterns, the checks on
// top of it, and the conditions a baseline records.
import * as fs from 'node:fs';
import { BaselineConditions, recordedEnv } from '../core/baseline/baselineFile';
import type { RunGroup } from '../core/compiler/patterns';
import type { Checker, CheckInput, GateReport } from '../core/gate/checker';
import { runChecks } from '../core/gate/runChecks';
import { goCommandEnv } from '../core/compiler/goEnv';
import { AnalysisOptions } from './analysisFlags';
import { CliIo, displayPath } from './io';
import { reportFailure, runAnalysis, RunOptions } from './runAnalysis';

export interface GateResult {
  reports: GateReport[];
  input: CheckInput;
  conditions: BaselineConditions;
}

/** Analyses `groups` and runs `checkers`; a number is the exit status of a failure already printed. */
export async function analyseAndCheck(groups: RunGroup[], checkers: readonly Checker[], opts: AnalysisOptions, io: CliIo, signal: AbortSignal, run: RunOptions = {}): Promise<GateResult | number> {
  const first = await runAnalysis(groups, opts, io, signal, run);
  if (typeof first === 'number') return first;
  const checked = await runChecks({ first: first.result, groups, checkers, tests: opts.tests, settings: opts.settings, readFile: (f) => fs.readFileSync(f, 'utf8'), signal });
  // The second pass compiles the same code with more flags; it can still be interrupted.
  if (!checked.ok) return reportFailure(checked.second, io, run.displayRoot ?? ((f) => displayPath(f, io.cwd)));
  return { reports: checked.reports, input: checked.input, conditions: conditionsOf(opts, io, first.result.goVersion) };
}

export function conditionsOf(opts: AnalysisOptions, io: CliIo, goVersion: string | undefined): BaselineConditions {
  return { goVersion, buildFlags: opts.settings.buildFlags, compilerFlags: opts.settings.compilerFlags, env: recordedEnv(goCommandEnv(opts.settings, io.env)), tests: opts.tests };
}
