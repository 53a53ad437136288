// What the HTML report shows, computed from findings and profiles: packages, functions and
// allocation sites with their weights and explanations. Pure data; htmlPage.ts renders it.
import * as path from 'node:path';
import { ruleEntry } from '../catalogue/catalogue';
import { chainSentence, explainChain } from '../explain/chain';
import { buildReasonContext } from '../explain/reason';
import type { Category, Finding } from '../findings';
import { Measured, measuredAt, Measurement } from '../profile/measured';
import { ProfileSet } from '../profile/profileSet';
import { functionTotals, weightOf } from '../profile/weights';

export interface ReportPackageInput {
  dir: string;
  findings: Finding[];
  /** The package's source files, so that the profile's figures cover files without findings. */
  files?: string[];
  goVersion?: string;
  /** The PGO profile the package was compiled with, when one was. */
  pgo?: string;
}

export interface ReportInput {
  packages: ReportPackageInput[];
  set: ProfileSet;
  measurement?: Measurement;
  /** Paths are shown relative to this directory. */
  root: string;
  /** Problems to show at the top (profiles that could not be read, packages that did not build). */
  messages: string[];
  generatedAt: Date;
}

export interface ReportSite extends Pick<Finding, 'line' | 'column' | 'message' | 'category' | 'rule'> {
  id: string;
  /** The file as shown: relative to the report's root. */
  file: string;
  ruleTitle?: string;
  /** Plain words with `code` spans (Markdown backticks). */
  explanation: string;
  func: string;
  pkg: string;
  share?: number;
  value?: number;
  objects?: number;
  measured?: Measured;
}

export interface ReportFunction {
  name: string;
  pkg: string;
  file: string;
  line: number;
  sites: number;
  heapSites: number;
  /** The profile's figure for the function (allocated in it, or CPU time with it on the stack). */
  value?: number;
  share?: number;
}

export interface ReportPackage {
  dir: string;
  sites: number;
  heapSites: number;
  value?: number;
  share?: number;
  pgo?: string;
}

export interface ReportModel {
  generatedAt: string;
  goVersion?: string;
  profiles: { file: string; sampleType: string; unit: string; total: number }[];
  /** The sample type figures are in, when a profile was given. */
  sampleType?: string;
  unit?: string;
  measuredBenchmark?: { name: string; n: number };
  messages: string[];
  packages: ReportPackage[];
  functions: ReportFunction[];
  sites: ReportSite[];
  /** Bars of the chart, largest first: profile figures by function, or finding counts. */
  chart: { label: string; value: number }[];
  chartUnit: string;
}

const NO_FUNCTION = '(package level)';
const CHART_BARS = 15;

function explanation(f: Finding, goVersion: string | undefined, context: ReturnType<typeof buildReasonContext>): string {
  if (f.origin !== 'compiler') return ruleEntry(f.rule)?.summary ?? '';
  const chain = explainChain(f, goVersion, context);
  const sentence = chainSentence(chain);
  const entry = ruleEntry(chain.reason.rule);
  return entry && entry.kind === 'cause' ? `${sentence} Fix: ${entry.avoid}` : sentence;
}

const isHeap = (c: Category) => c === 'moved' || c === 'escapes';

export function buildReportModel(input: ReportInput): ReportModel {
  const show = (file: string) => {
    const rel = path.relative(input.root, file);
    if (rel === '') return '.';
    return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
  };
  const group = input.set.groups[0];
  const sites: ReportSite[] = [];
  const packages: ReportPackage[] = [];
  const functions = new Map<string, ReportFunction>();
  for (const p of input.packages) {
    const pkg = show(p.dir);
    const context = buildReasonContext(p.findings);
    const files = new Set<string>(p.files ?? []);
    for (const f of p.findings) {
      files.add(f.file);
      const w = weightOf(input.set, f);
      const func = f.func ?? w?.function ?? NO_FUNCTION;
      sites.push({
        id: `s${sites.length + 1}`, file: show(f.file), line: f.line, column: f.column, message: f.message, category: f.category, rule: f.rule,
        ruleTitle: ruleEntry(f.rule)?.title, explanation: explanation(f, p.goVersion, context), func, pkg,
        share: w?.share, value: w?.value, objects: w?.objects, measured: input.measurement && measuredAt(input.measurement, f.file, f.line),
      });
      const key = `${pkg}\0${func}`;
      const fn = functions.get(key) ?? { name: func, pkg, file: show(f.file), line: f.line, sites: 0, heapSites: 0 };
      fn.sites++;
      if (isHeap(f.category)) fn.heapSites++;
      fn.line = Math.min(fn.line, f.line);
      functions.set(key, fn);
    }
    // The profile's own per-function figures, also for functions without findings (an append
    // that grows a slice allocates without an escape verdict).
    let pkgValue: number | undefined;
    for (const t of group ? functionTotals(input.set, files) : []) {
      const key = `${pkg}\0${t.short}`;
      const fn = functions.get(key) ?? { name: t.short, pkg, file: show(t.filename), line: t.startLine, sites: 0, heapSites: 0 };
      fn.value = (fn.value ?? 0) + t.value;
      fn.share = group.total > 0 ? fn.value / group.total : 0;
      functions.set(key, fn);
      pkgValue = (pkgValue ?? 0) + (group.kind === 'cpu' ? 0 : t.value);
    }
    if (group?.kind === 'cpu') pkgValue = undefined;
    packages.push({
      dir: pkg, sites: p.findings.length, heapSites: p.findings.filter((f) => isHeap(f.category)).length,
      value: pkgValue, share: pkgValue !== undefined && group.total > 0 ? pkgValue / group.total : undefined, pgo: p.pgo && show(p.pgo),
    });
  }
  const fnList = [...functions.values()];
  const chart = group
    ? fnList.filter((f) => (f.value ?? 0) > 0).sort((a, b) => b.value! - a.value!).slice(0, CHART_BARS).map((f) => ({ label: f.name, value: f.value! }))
    : fnList.filter((f) => f.heapSites > 0).sort((a, b) => b.heapSites - a.heapSites || (a.name < b.name ? -1 : 1)).slice(0, CHART_BARS).map((f) => ({ label: f.name, value: f.heapSites }));
  sites.sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return {
    generatedAt: input.generatedAt.toISOString(),
    goVersion: input.packages.find((p) => p.goVersion)?.goVersion,
    profiles: input.set.groups.flatMap((g) => g.indexes.map((i) => ({ file: show(i.source), sampleType: g.sampleType, unit: g.unit, total: i.totals[i.primary] }))),
    sampleType: group?.sampleType,
    unit: group?.unit,
    measuredBenchmark: input.measurement && { name: input.measurement.benchmark, n: input.measurement.n },
    messages: input.messages,
    packages,
    functions: fnList.sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || b.heapSites - a.heapSites || (a.name < b.name ? -1 : 1)),
    sites,
    chart,
    chartUnit: group ? group.unit : 'heap findings',
  };
}
