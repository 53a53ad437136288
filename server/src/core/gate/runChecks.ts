// Runs checkers over a module-wide analysis in the two passes checker.ts describes: the first
// pass's packages go to every checker's `needs`; the packages anything was asked for are compiled
// once more with the union of what was asked, and replace their first-pass selves.
import { analyzeModules, mergeFindings, ModuleResult, regroup } from '../compiler/analyzeModule';
import type { AnalyzeSettings } from '../compiler/compileRun';
import type { RunGroup } from '../compiler/patterns';
import { explainFindings } from '../explain/classify';
import type { AnalysedPackage, CheckInput, Checker, GateReport } from './checker';

export interface ChecksRequest {
  first: ModuleResult;
  groups: RunGroup[];
  checkers: readonly Checker[];
  tests: boolean;
  settings: AnalyzeSettings;
  readFile(file: string): string;
  signal?: AbortSignal;
}

export type ChecksOutcome = { ok: true; reports: GateReport[]; input: CheckInput } | { ok: false; second: ModuleResult };

export async function runChecks(req: ChecksRequest): Promise<ChecksOutcome> {
  let input = inputOf(req.first.packages, req);
  const wanted = new Map<AnalysedPackage, { explain: boolean; decisions: boolean; flags: Set<string> }>();
  for (const p of input.packages) {
    for (const c of req.checkers) {
      const n = c.needs?.(p, input);
      if (!n) continue;
      const w = wanted.get(p) ?? { explain: false, decisions: false, flags: new Set<string>() };
      w.explain ||= !!n.explain;
      w.decisions ||= !!n.decisions;
      for (const f of n.compilerFlags ?? []) w.flags.add(f);
      wanted.set(p, w);
    }
  }
  if (wanted.size > 0) {
    const explain = [...wanted.values()].some((w) => w.explain);
    const decisions = [...wanted.values()].some((w) => w.decisions);
    const flags = [...new Set([...wanted.values()].flatMap((w) => [...w.flags]))];
    const { groups, tests } = regroup([...wanted.keys()], req.groups);
    const second = await analyzeModules({ groups, tests: tests && req.tests, explain, decisions, extraCompilerFlags: flags, settings: req.settings, signal: req.signal });
    if (second.status !== 'ok') return { ok: false, second };
    const again = new Map(second.packages.map((p) => [`${p.dir}\0${p.importPath}`, p]));
    const packages = input.packages.map((p) => (wanted.has(p) ? again.get(`${p.dir}\0${p.importPath}`) ?? p : p));
    input = inputOf(packages, req);
  }
  const reports: GateReport[] = [];
  for (const c of req.checkers) reports.push(...(await c.check(input)));
  reports.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  return { ok: true, reports, input };
}

function inputOf(packages: AnalysedPackage[], req: ChecksRequest): CheckInput {
  const findings = explainFindings(mergeFindings(packages), req.first.goVersion);
  return { packages, findings, goVersion: req.first.goVersion, readFile: req.readFile, signal: req.signal };
}
