// `go-escape [flags] PATTERN...`: every escape verdict of the matched packages, as the compiler
// prints them (or as JSON lines or SARIF). Findings are information: the exit status is 0 unless
// the analysis could not run.
import { decisionCompilerFlags, decisionsNeedExplain, isDecisionCategory } from '../core/compiler/decisions';
import { goCommandEnv } from '../core/compiler/goEnv';
import { goVersion } from '../core/compiler/goVersion';
import { enclosingFunctions } from '../core/baseline/functions';
import { explainFindings } from '../core/explain/classify';
import type { Finding } from '../core/findings';
import type { GateReport } from '../core/gate/checker';
import { createGoParser } from '../core/treesitter/parser';
import { ANALYSIS_FLAGS, AnalysisOptions, defaultAnalysisOptions } from './analysisFlags';
import type { CliCommand } from './command';
import { emitReports, OUTPUT_FLAGS, OutputOptions } from './emit';
import { Exit } from './exitCodes';
import { Flag, parseFlags } from './flags';
import { readOrUndefined } from './io';
import { predictTargets } from './predictOnly';
import { defaultProfileOptions, PROFILE_FLAGS, WithProfileOptions } from './profileOptions';
import { startProfiles } from './profileRun';
import { includeOption } from './commandRun';
import { interruptSignal, resolvePatterns, runAnalysis } from './runAnalysis';

interface FindingsOptions extends AnalysisOptions, OutputOptions, WithProfileOptions {
  include: string;
  explain: boolean;
  predict: boolean;
}

export const FINDINGS_FLAGS: Flag<FindingsOptions>[] = [
  ...OUTPUT_FLAGS,
  { name: '--json', help: 'same as --format json', set: (o) => void (o.format = 'json') },
  {
    name: '--include',
    value: 'LIST|all',
    help: 'categories to print: moved,escapes,leak,noescape,noalloc (default moved,escapes; all is these five), and the compiler\'s other decisions inline,bounds,nil (only when named; they add compiler flags)',
    set: (o, v) => void (o.include = v),
  },
  { name: '--explain', help: "ask for the compiler's reasons (-m=2) to classify each finding's rule", set: (o) => void (o.explain = true) },
  { name: '--predict', help: 'use the tree-sitter predictor only (no Go toolchain needed; directories and files)', set: (o) => void (o.predict = true) },
  ...PROFILE_FLAGS,
  ...ANALYSIS_FLAGS,
];

export const findingsCommand: CliCommand = {
  name: '',
  synopsis: 'go-escape [flags] PATTERN...',
  summary: 'print the escape verdicts of the packages PATTERN matches (./..., ./pkg/..., import paths, directories, .go files)',
  flags: FINDINGS_FLAGS,
  async run(argv, io) {
    const opts: FindingsOptions = { ...defaultAnalysisOptions(), format: 'text', include: 'moved,escapes', explain: false, predict: false, profile: defaultProfileOptions() };
    const patterns = parseFlags(argv, FINDINGS_FLAGS, opts);
    const include = includeOption(opts.include, 'moved, escapes, leak, noescape, all, inline, bounds or nil');
    const groups = resolvePatterns(patterns, io.cwd, io);
    if (typeof groups === 'number') return groups;
    const profiles = await startProfiles(opts, groups, io);
    if (typeof profiles === 'number') return profiles;
    const parser = opts.format === 'text' ? undefined : await createGoParser();
    try {
      let findings: Finding[];
      let version: string | undefined;
      if (opts.predict) {
        // The installed compiler's version sharpens version-dependent rules; none is needed.
        version = await goVersion(opts.settings.goBinary, goCommandEnv(opts.settings), io.cwd).catch(() => undefined);
        findings = await predictTargets(groups, opts.tests, version);
      } else {
        const interrupt = interruptSignal();
        try {
          // The decision categories cost nothing unless named: their flags, and `-m=2` for the
          // functions that cannot be inlined, only then.
          const run = await runAnalysis(await profiles.pgoGroups(groups, interrupt.signal), opts, io, interrupt.signal, {
            explain: opts.explain || decisionsNeedExplain(include),
            decisions: [...include].some(isDecisionCategory),
            extraCompilerFlags: decisionCompilerFlags(include),
          });
          if (typeof run === 'number') return run;
          version = run.result.goVersion;
          findings = explainFindings(run.result.findings, version);
        } finally {
          interrupt.dispose();
        }
      }
      const shown = profiles.order(findings.filter((f) => include.has(f.category)));
      const functions = parser ? enclosingFunctions(shown, parser, readOrUndefined) : undefined;
      const reports: GateReport[] = shown.map((f) => ({ kind: 'finding', file: f.file, line: f.line, column: f.column, message: opts.format === 'text' ? f.message + profiles.suffix(f) : f.message, category: f.category, rule: f.rule, function: functions?.get(f), flows: f.flows }));
      // `decision`: the parts of an inlining, bounds or nil message (function, reason, cost, budget).
      const extra = new Map(reports.map((r, i) => [r, { origin: shown[i].origin, ...(shown[i].instances ? { instances: shown[i].instances } : {}), ...(shown[i].decision ? { decision: shown[i].decision } : {}), ...profiles.fields(shown[i]) }]));
      emitReports(reports, opts, { io, parser, goVersion: version, extra: (r) => extra.get(r) ?? {} });
      return Exit.Ok;
    } finally {
      parser?.delete();
    }
  },
};

