// `go-escape report --html FILE [--profile P]... PATTERN...`: one self-contained HTML page with
// the packages, functions and allocation sites of the matched packages, their explanations, and
// the profile's weights.
import * as path from 'node:path';
import { enclosingFunctions } from '../core/baseline/functions';
import { isDecisionCategory } from '../core/compiler/decisions';
import { explainFindings } from '../core/explain/classify';
import type { Finding } from '../core/findings';
import type { AnalysedPackage } from '../core/gate/checker';
import { buildReportModel, ReportPackageInput } from '../core/report/htmlModel';
import { renderReportHtml } from '../core/report/htmlPage';
import { ANALYSIS_FLAGS, AnalysisOptions, defaultAnalysisOptions } from './analysisFlags';
import type { CliCommand } from './command';
import { Exit } from './exitCodes';
import { Flag, parseFlags, UsageError } from './flags';
import { readOrUndefined, writeFileAtomic } from './io';
import { defaultProfileOptions, PROFILE_FLAGS, WithProfileOptions } from './profileOptions';
import { ProfileRun, startProfiles } from './profileRun';
import { includeOption, withInterruptAndParser } from './commandRun';
import { resolvePatterns, runAnalysis } from './runAnalysis';

interface ReportOptions extends AnalysisOptions, WithProfileOptions {
  html?: string;
  include: string;
}

const FLAGS: Flag<ReportOptions>[] = [
  { name: '--html', value: 'FILE', help: 'write the report to FILE (required)', set: (o, v) => void (o.html = v) },
  { name: '--include', value: 'LIST|all', help: 'categories to list: moved,escapes,leak,noescape (default moved,escapes,leak)', set: (o, v) => void (o.include = v) },
  ...PROFILE_FLAGS,
  ...ANALYSIS_FLAGS,
];

export const reportCommand: CliCommand = {
  name: 'report',
  synopsis: 'go-escape report --html FILE [--profile FILE]... [--bench REGEXP] [flags] PATTERN...',
  summary: "write one self-contained HTML page (no network access) with the packages, functions and allocation sites PATTERN matches, their explanations and the profile's weights",
  flags: FLAGS,
  async run(argv, io) {
    const opts: ReportOptions = { ...defaultAnalysisOptions(), include: 'moved,escapes,leak', profile: defaultProfileOptions() };
    const patterns = parseFlags(argv, FLAGS, opts);
    if (!opts.html) throw new UsageError('report needs --html FILE');
    const include = includeOption(opts.include, 'moved, escapes, leak, noescape or all');
    const decisions = [...include].filter(isDecisionCategory);
    if (decisions.length > 0) throw new UsageError(`the report lists escape findings; ${decisions.join(', ')} are for go-escape --include`);
    const groups = resolvePatterns(patterns, io.cwd, io);
    if (typeof groups === 'number') return groups;
    const profiles = await startProfiles(opts, groups, io);
    if (typeof profiles === 'number') return profiles;
    const html = opts.html;
    return withInterruptAndParser(async (signal, parser) => {
      const run = await runAnalysis(await profiles.pgoGroups(groups, signal), opts, io, signal, { explain: true });
      if (typeof run === 'number') return run;
      const findings = explainFindings(run.result.findings, run.result.goVersion).filter((f) => include.has(f.category));
      // -m=2 names the function of most verdicts; the syntax tree names it for the others.
      const functions = enclosingFunctions(findings.filter((f) => !f.func), parser, readOrUndefined);
      const named = findings.map((f) => (f.func || !functions.has(f) ? f : { ...f, func: functions.get(f) }));
      const packages = reportPackages(run.result.packages, named, profiles, run.result.goVersion);
      const messages = [...run.result.warnings, ...profiles.problems];
      const model = buildReportModel({ packages, set: profiles.context.set, measurement: profiles.context.measurement, root: io.cwd, messages, generatedAt: new Date() });
      writeFileAtomic(path.resolve(io.cwd, html), renderReportHtml(model));
      io.stderr.write(`go-escape: wrote ${findings.length} findings of ${packages.length} packages to ${html}\n`);
      return Exit.Ok;
    });
  },
};

/** One entry per package directory (a package and its test variants together), with its findings. */
function reportPackages(analysed: readonly AnalysedPackage[], findings: readonly Finding[], profiles: ProfileRun, goVersion: string | undefined): ReportPackageInput[] {
  const byDir = new Map<string, ReportPackageInput>();
  const dirOfFile = new Map<string, string>();
  for (const p of analysed) {
    let entry = byDir.get(p.dir);
    if (!entry) byDir.set(p.dir, (entry = { dir: p.dir, findings: [], files: [], goVersion, pgo: profiles.pgoOf(p.dir) }));
    for (const f of p.files) {
      if (!entry.files!.includes(f)) entry.files!.push(f);
      dirOfFile.set(f, p.dir);
    }
  }
  for (const f of findings) byDir.get(dirOfFile.get(f.file) ?? path.dirname(f.file))?.findings.push(f);
  return [...byDir.values()];
}
