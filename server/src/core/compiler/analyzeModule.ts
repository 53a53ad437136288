// Module-wide analysis for the CLI: every package the patterns match, in one go command run per
// module (not one per package), each package's output and findings placed by what it is.
import * as path from 'node:path';
import type { AnalysedPackage } from '../gate/checker';
import { Finding, compareFindings } from '../findings';
import { AnalyzeSettings, AnalyzeStatus, CompileOutcome, compilePackages, errorsOf } from './compileRun';
import { basePackage } from './goList';
import { unmappedWarning } from './outputPaths';
import { CompilerError } from './parseText';
import { RunGroup } from './patterns';

export interface ModuleRequest {
  groups: RunGroup[];
  tests?: boolean;
  explain?: boolean;
  extraCompilerFlags?: string[];
  /** Also return inlining, bounds-check and nil-check findings (see ParseOptions.decisions). */
  decisions?: boolean;
  settings: AnalyzeSettings;
  signal?: AbortSignal;
}

export interface ModuleResult {
  /** The worst status of the runs ('ok' when all were). */
  status: AnalyzeStatus;
  /** One line per failed run. */
  summaries: string[];
  packages: AnalysedPackage[];
  /** All findings, deduplicated across test variants, in file and position order. */
  findings: Finding[];
  errors: CompilerError[];
  warnings: string[];
  goVersion?: string;
  /** How many go commands ran (one per module). */
  runs: number;
  durationMs: number;
}

const SEVERITY: AnalyzeStatus[] = ['ok', 'build-failed', 'crashed', 'timeout', 'go-missing', 'cancelled'];

export async function analyzeModules(req: ModuleRequest): Promise<ModuleResult> {
  const started = Date.now();
  const out: ModuleResult = { status: 'ok', summaries: [], packages: [], findings: [], errors: [], warnings: [], runs: 0, durationMs: 0 };
  const seen = new Set<string>();
  for (const g of req.groups) {
    const run = await compilePackages({ cwd: g.cwd, targets: g.targets, tests: req.tests, explain: req.explain, extraCompilerFlags: req.extraCompilerFlags, decisions: req.decisions, pgo: g.pgo, settings: req.settings, signal: req.signal });
    out.runs++;
    out.goVersion ??= run.goVersion;
    const warning = unmappedWarning(run.mapped.unmapped);
    if (warning) out.warnings.push(warning);
    if (SEVERITY.indexOf(run.status) > SEVERITY.indexOf(out.status)) out.status = run.status;
    if (run.status !== 'ok') out.summaries.push(run.summary);
    if (run.status === 'build-failed' || run.status === 'crashed') out.errors.push(...errorsOf(run));
    if (run.status === 'go-missing' || run.status === 'cancelled') break;
    for (const p of packagesOf(run, g.files ? g.targets.map((t) => path.resolve(g.cwd, t)) : undefined, { explained: !!req.explain, decisions: !!req.decisions, extraCompilerFlags: req.extraCompilerFlags ?? [] })) {
      if (seen.has(`${p.dir}\0${p.importPath}`)) continue;
      seen.add(`${p.dir}\0${p.importPath}`);
      out.packages.push(p);
    }
  }
  out.findings = mergeFindings(out.packages);
  out.durationMs = Date.now() - started;
  return out;
}

/** The analysed packages of one run: those the patterns matched, test variants included, test mains left out. */
export function packagesOf(run: CompileOutcome, loneFiles: string[] | undefined, how: Pick<AnalysedPackage, 'explained' | 'decisions' | 'extraCompilerFlags'>): AnalysedPackage[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of run.parsed.findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  const out: AnalysedPackage[] = [];
  for (const p of run.packages) {
    if (p.testMain || p.depOnly) continue;
    const files = loneFiles ?? p.files.map((f) => path.join(p.dir, f));
    out.push({
      importPath: p.importPath,
      dir: p.dir,
      files,
      module: p.module,
      testVariant: p.forTest !== undefined,
      findings: files.flatMap((f) => byFile.get(f) ?? []).sort(compareFindings),
      output: run.mapped.packageOutput(p.importPath) ?? '',
      ...how,
      ...(how.extraCompilerFlags.includes('-S') ? { assembly: run.assembly.get(p.importPath) ?? { calls: [], texts: [] } } : {}),
    });
  }
  return out;
}

/** Findings of all packages once each: a package and its test variant share their non-test files. */
export function mergeFindings(packages: readonly AnalysedPackage[]): Finding[] {
  const seen = new Set<Finding>();
  const out: Finding[] = [];
  for (const p of packages) for (const f of p.findings) if (!seen.has(f)) (seen.add(f), out.push(f));
  return out.sort(compareFindings);
}

/**
 * The runs that compile `packages` again (a checker's second pass): the base packages grouped by
 * the directory their module's run used, with `-test` when a test variant is among them.
 */
export function regroup(packages: readonly AnalysedPackage[], groups: readonly RunGroup[]): { groups: RunGroup[]; tests: boolean } {
  const out = new Map<string, RunGroup>();
  let tests = false;
  for (const p of packages) {
    tests ||= p.testVariant;
    const g = groups.find((x) => !x.files && x.moduleRoot && (p.dir === x.moduleRoot || p.dir.startsWith(x.moduleRoot + path.sep))) ?? groups.find((x) => x.files && x.cwd === p.dir);
    if (!g) continue;
    let r = out.get(g.cwd);
    if (!r) out.set(g.cwd, (r = { ...g, targets: g.files ? g.targets : [] }));
    const target = basePackage(p.importPath);
    if (!g.files && !r.targets.includes(target)) r.targets.push(target);
  }
  return { groups: [...out.values()], tests };
}

