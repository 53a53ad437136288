// `go-escape report --html FILE [--profile P]... PATH...`: one self-contained HTML page with the
// packages, functions and allocation sites of PATH, their explanations, and the profile's weights.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseInclude } from '../core/categories';
import { AnalyzeSettings, DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../core/compiler/analyze';
import { explainFindings } from '../core/explain/classify';
import { buildReportModel, ReportPackageInput } from '../core/report/htmlModel';
import { renderReportHtml } from '../core/report/htmlPage';
import { splitFlags } from '../core/util/splitFlags';
import { defaultProfileOptions, pgoFor, prepareProfiles, PROFILE_FLAGS, ProfileFlag, ProfileFlagError, ProfileOptions } from './profileOptions';

interface ReportOptions {
  html?: string;
  include: string;
  tests: boolean;
  settings: AnalyzeSettings;
  profile: ProfileOptions;
}

type Flag = { name: string; value?: string; help: string; set(o: ReportOptions, v: string): void };

/** The profile flags, applied to the report's profile options. */
const fromProfileFlag = (f: ProfileFlag): Flag => ({ ...f, set: (o, v) => f.set(o.profile, v) });

const REPORT_FLAGS: Flag[] = [
  { name: '--html', value: 'FILE', help: 'write the report to FILE (required)', set: (o, v) => void (o.html = v) },
  { name: '--include', value: 'LIST|all', help: 'categories to list: moved,escapes,leak,noescape (default moved,escapes,leak)', set: (o, v) => void (o.include = v) },
  { name: '--tests', help: 'compile the test variants too (_test.go files)', set: (o) => void (o.tests = true) },
  { name: '--compiler-flags', value: '"FLAGS"', help: 'extra compiler flags next to -m', set: (o, v) => void (o.settings.compilerFlags = splitFlags(v)) },
  { name: '--build-flags', value: '"FLAGS"', help: 'extra go build flags', set: (o, v) => void (o.settings.buildFlags = splitFlags(v)) },
  { name: '--go', value: 'PATH', help: 'the go command to run', set: (o, v) => void (o.settings.goBinary = v) },
  ...PROFILE_FLAGS.map(fromProfileFlag),
];

const USAGE = `usage: go-escape report --html FILE [flags] PATH...
Writes one self-contained HTML page (no network access, no external files) with the packages,
functions and allocation sites of each PATH (a package directory or a .go file), each finding's
explanation, and with --profile the profile's weights.
${REPORT_FLAGS.map((f) => `  ${`${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(26)}${f.help}`).join('\n')}`;

class ReportUsageError extends Error {}

function parseReportArgs(argv: readonly string[]): { opts: ReportOptions; patterns: string[] } {
  const opts: ReportOptions = { include: 'moved,escapes,leak', tests: false, settings: { ...DEFAULT_ANALYZE_SETTINGS, timeoutMs: 0 }, profile: defaultProfileOptions() };
  const patterns: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') throw new ReportUsageError('');
    if (!a.startsWith('-')) {
      patterns.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const flag = REPORT_FLAGS.find((f) => f.name === name);
    if (!flag) throw new ReportUsageError(`unknown flag ${name}`);
    let value = '';
    if (flag.value) {
      if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new ReportUsageError(`${name} needs a value (${flag.value})`);
    }
    try {
      flag.set(opts, value);
    } catch (e) {
      throw e instanceof ProfileFlagError ? new ReportUsageError(e.message) : e;
    }
  }
  if (!opts.html) throw new ReportUsageError('--html FILE is required');
  if (patterns.length === 0) throw new ReportUsageError('no PATH given');
  return { opts, patterns };
}

/**
 * The package directories to report on. Directories and .go files (meaning their package) for
 * now; this is the one place that switches to go package patterns (./...) with the module-wide
 * analysis.
 */
export function resolveReportTargets(patterns: readonly string[], cwd: string): string[] {
  const dirs = new Set<string>();
  for (const p of patterns) {
    if (p.includes('...')) throw new ReportUsageError(`${p}: package patterns are not supported here yet; list the package directories`);
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new ReportUsageError(`${p}: no such file or directory`);
    }
    if (stat.isDirectory()) dirs.add(abs);
    else if (abs.endsWith('.go')) dirs.add(path.dirname(abs));
    else throw new ReportUsageError(`${p}: not a .go file or package directory`);
  }
  return [...dirs];
}

function goFiles(dir: string, tests: boolean): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.go') && (tests || !f.endsWith('_test.go'))).map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export async function reportMain(argv: readonly string[], cwd = process.cwd(), stderr: { write(t: string): void } = process.stderr): Promise<number> {
  let parsed: { opts: ReportOptions; patterns: string[] };
  let dirs: string[];
  try {
    parsed = parseReportArgs(argv);
    dirs = resolveReportTargets(parsed.patterns, cwd);
  } catch (e) {
    if (!(e instanceof ReportUsageError)) throw e;
    stderr.write((e.message ? `go-escape report: ${e.message}\n` : '') + USAGE + '\n');
    return e.message ? 2 : 0;
  }
  const { opts } = parsed;
  const { include, unknown } = parseInclude(opts.include);
  if (unknown.length > 0) {
    stderr.write(`go-escape report: unknown category ${unknown.join(', ')} (use moved, escapes, leak, noescape or all)\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const prepared = await prepareProfiles(opts.profile, dirs[0], opts.settings, controller.signal);
    const messages = [...prepared.problems];
    for (const m of [...prepared.problems, ...prepared.notes]) stderr.write(`go-escape report: ${m}\n`);
    const prof = prepared.context;
    if (!prof) return 1;
    const packages: ReportPackageInput[] = [];
    const walks = new Map<string, Promise<string[]>>();
    let exit = 0;
    for (const dir of dirs) {
      const pgo = await pgoFor(opts.profile, dir, opts.settings, controller.signal, walks);
      const r = await analyzePackage({ dir, tests: opts.tests, explain: true, pgo: pgo.pgo, settings: opts.settings, signal: controller.signal });
      if (r.status !== 'ok') {
        const problem = `${path.relative(cwd, dir) || '.'}: ${r.summary}`;
        stderr.write(`go-escape report: ${problem}\n`);
        messages.push(problem);
        if (r.status === 'go-missing') return 3;
        if (r.status === 'cancelled') return 130;
        exit = 1;
        continue;
      }
      const findings = explainFindings(r.findings, r.goVersion).filter((f) => include.has(f.category));
      packages.push({ dir, findings, files: goFiles(dir, opts.tests), goVersion: r.goVersion, pgo: pgo.pgo && pgo.pgo !== 'off' ? pgo.pgo : undefined });
    }
    const model = buildReportModel({ packages, set: prof.set, measurement: prof.measurement, root: cwd, messages, generatedAt: new Date() });
    writeAtomic(path.resolve(cwd, opts.html!), renderReportHtml(model));
    return exit;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
