// `go-escape check [--baseline FILE | --base GITREF] PATTERN...`: the CI gate. Reports what the
// registered checkers find (assertions) and, against a baseline file or the code at GITREF, the
// heap findings that are new; exits 1 when anything is reported.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { Baseline, BaselineError, conditionWarnings, readBaseline } from '../core/baseline/baselineFile';
import { GitError, withBaseWorktree } from '../core/baseline/gitBase';
import { makeBaseline } from '../core/baseline/makeBaseline';
import { newFindingsChecker } from '../core/baseline/newFindings';
import { groupPatterns } from '../core/compiler/patterns';
import type { Checker } from '../core/gate/checker';
import { CHECKERS } from '../core/gate/registry';
import { ANALYSIS_FLAGS, AnalysisOptions, defaultAnalysisOptions } from './analysisFlags';
import type { CliCommand } from './command';
import { emitReports, OUTPUT_FLAGS, OutputOptions } from './emit';
import { Exit } from './exitCodes';
import { Flag, parseFlags, UsageError } from './flags';
import { analyseAndCheck } from './gateRun';
import { CliIo, displayPath } from './io';
import { withInterruptAndParser } from './commandRun';
import { resolvePatterns } from './runAnalysis';

interface CheckOptions extends AnalysisOptions, OutputOptions {
  baseline?: string;
  base?: string;
  showFixed: boolean;
}

const FLAGS: Flag<CheckOptions>[] = [
  { name: '--baseline', value: 'FILE', help: 'report heap findings that FILE (from `go-escape baseline`) does not have', set: (o, v) => void (o.baseline = v) },
  { name: '--base', value: 'GITREF', help: 'report heap findings that the code at GITREF does not have (analysed in a temporary git worktree)', set: (o, v) => void (o.base = v) },
  { name: '--show-fixed', help: 'also list baseline findings that went away (they do not fail the check)', set: (o) => void (o.showFixed = true) },
  ...OUTPUT_FLAGS,
  ...ANALYSIS_FLAGS,
];

export const checkCommand: CliCommand = {
  name: 'check',
  synopsis: 'go-escape check [--baseline FILE | --base GITREF] [--show-fixed] [--format text|json|sarif] [--output FILE] [flags] PATTERN...',
  summary: 'report failed assertions (//gcassert:noescape, inline, bce; //go-escape:noheap) and, against a baseline, new heap findings; exit 1 when anything is reported',
  flags: FLAGS,
  async run(argv, io) {
    const opts: CheckOptions = { ...defaultAnalysisOptions(), format: 'text', showFixed: false };
    const patterns = parseFlags(argv, FLAGS, opts);
    if (opts.baseline && opts.base) throw new UsageError('use --baseline FILE or --base GITREF, not both');
    if (opts.showFixed && !opts.baseline && !opts.base) throw new UsageError('--show-fixed needs --baseline or --base');
    const groups = resolvePatterns(patterns, io.cwd, io);
    if (typeof groups === 'number') return groups;
    return withInterruptAndParser(async (signal, parser) => {
      const checkers: Checker[] = CHECKERS.map((make) => make({ parser }));
      try {
        const baseline = await baselineFor(opts, patterns, parser, io, signal);
        if (typeof baseline === 'number') return baseline;
        if (baseline) checkers.push(newFindingsChecker({ baseline, parser, showFixed: opts.showFixed }));
        const gate = await analyseAndCheck(groups, checkers, opts, io, signal);
        if (typeof gate === 'number') return gate;
        if (baseline) for (const w of conditionWarnings(baseline, gate.conditions)) io.stderr.write(`go-escape: warning: ${w}\n`);
        emitReports(gate.reports, opts, { io, parser, goVersion: gate.input.goVersion });
        const failing = gate.reports.filter((r) => r.kind === 'new' || r.kind === 'assertion');
        io.stderr.write(`go-escape: ${summary(gate.reports, baseline, opts)}\n`);
        return failing.length > 0 ? Exit.Reported : Exit.Ok;
      } finally {
        for (const c of checkers) c.dispose?.();
      }
    });
  },
};

/** The baseline to diff against: read from --baseline, computed at --base, or none. */
async function baselineFor(opts: CheckOptions, patterns: string[], parser: Parser, io: CliIo, signal: AbortSignal): Promise<Baseline | undefined | number> {
  if (opts.baseline) {
    try {
      return readBaseline(path.resolve(io.cwd, opts.baseline));
    } catch (e) {
      if (!(e instanceof BaselineError)) throw e;
      io.stderr.write(`go-escape: ${e.message}\n`);
      return Exit.Usage;
    }
  }
  if (!opts.base) return undefined;
  const ref = opts.base;
  try {
    return await withBaseWorktree(io.cwd, ref, async (baseCwd) => {
      const here = fs.realpathSync(io.cwd);
      // Patterns name the same places in the worktree: relative ones as they are, absolute ones moved.
      const moved = patterns.map((p) => (path.isAbsolute(p) && (p === here || p.startsWith(here + path.sep)) ? path.join(baseCwd, path.relative(here, p)) : p));
      const baseIo: CliIo = { ...io, cwd: baseCwd };
      const show = (f: string) => `${ref}:${displayPath(path.join(here, path.relative(baseCwd, f)), io.cwd)}`;
      const gate = await analyseAndCheck(groupPatterns(moved, baseCwd), [], opts, baseIo, signal, { displayRoot: show });
      if (typeof gate === 'number') {
        io.stderr.write(`go-escape: the code at ${ref} could not be analysed\n`);
        return gate;
      }
      return makeBaseline(gate.input, parser, gate.conditions, patterns);
    }, signal);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (signal.aborted) return Exit.Interrupted;
    io.stderr.write(`go-escape: --base ${ref}: ${e.message}\n`);
    return Exit.Usage;
  }
}

function summary(reports: { kind: string }[], baseline: Baseline | undefined, opts: CheckOptions): string {
  const count = (k: string) => reports.filter((r) => r.kind === k).length;
  const parts: string[] = [];
  if (CHECKERS.length > 0 || count('assertion') > 0) parts.push(`${count('assertion')} assertion failure${count('assertion') === 1 ? '' : 's'}`);
  if (baseline) parts.push(`${count('new')} new heap finding${count('new') === 1 ? '' : 's'} against ${opts.base ?? opts.baseline} (${baseline.findings.length} in the baseline)`);
  if (opts.showFixed) parts.push(`${count('fixed')} fixed`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to check: no assertions registered and no --baseline or --base given';
}
