// `go-escape baseline --output FILE PATTERN...`: records the heap findings of the matched
// packages, for `go-escape check --baseline FILE` to report only new ones.
import * as path from 'node:path';
import { serialiseBaseline } from '../core/baseline/baselineFile';
import { makeBaseline } from '../core/baseline/makeBaseline';
import { ANALYSIS_FLAGS, AnalysisOptions, defaultAnalysisOptions } from './analysisFlags';
import type { CliCommand } from './command';
import { Exit } from './exitCodes';
import { Flag, parseFlags, UsageError } from './flags';
import { analyseAndCheck } from './gateRun';
import { writeFileAtomic } from './io';
import { withInterruptAndParser } from './commandRun';
import { resolvePatterns } from './runAnalysis';

interface BaselineOptions extends AnalysisOptions {
  output?: string;
}

const FLAGS: Flag<BaselineOptions>[] = [
  { name: '--output', value: 'FILE', help: 'where to write the baseline (required)', set: (o, v) => void (o.output = v) },
  ...ANALYSIS_FLAGS,
];

export const baselineCommand: CliCommand = {
  name: 'baseline',
  synopsis: 'go-escape baseline --output FILE [flags] PATTERN...',
  summary: 'write the heap findings of the packages PATTERN matches to FILE, for check --baseline',
  flags: FLAGS,
  async run(argv, io) {
    const opts: BaselineOptions = defaultAnalysisOptions();
    const patterns = parseFlags(argv, FLAGS, opts);
    if (!opts.output) throw new UsageError('baseline needs --output FILE');
    const groups = resolvePatterns(patterns, io.cwd, io);
    if (typeof groups === 'number') return groups;
    const output = opts.output;
    return withInterruptAndParser(async (signal, parser) => {
      const gate = await analyseAndCheck(groups, [], opts, io, signal);
      if (typeof gate === 'number') return gate;
      const baseline = makeBaseline(gate.input, parser, gate.conditions, patterns);
      writeFileAtomic(path.resolve(io.cwd, output), serialiseBaseline(baseline));
      io.stderr.write(`go-escape: wrote ${baseline.findings.length} heap findings of ${new Set(gate.input.packages.map((p) => p.dir)).size} packages to ${output} (${baseline.goVersion ?? 'unknown Go version'})\n`);
      return Exit.Ok;
    });
  },
};
