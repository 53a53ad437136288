// The baseline file `go-escape baseline` writes and `check --baseline` reads: the heap findings
// of a known state by key (key.ts), with the Go version and build flags they were computed with,
// since another toolchain or other flags change inlining and so the findings themselves.
import * as fs from 'node:fs';
import type { FindingKey } from './key';

export const BASELINE_FORMAT = 'go-escape-baseline';
export const BASELINE_VERSION = 1;

export interface BaselineEntry extends FindingKey {
  /** Where the finding was when the baseline was made (for `--show-fixed`; not matched on). */
  line: number;
  column: number;
}

/** What decides the findings besides the code. */
export interface BaselineConditions {
  goVersion?: string;
  buildFlags: string[];
  compilerFlags: string[];
  /** GOFLAGS, GOOS and GOARCH as the analysis ran with them (unset ones left out). */
  env: Record<string, string>;
  tests: boolean;
}

export interface Baseline extends BaselineConditions {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  patterns: string[];
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/** The environment variables recorded with a baseline. */
export const RECORDED_ENV = ['GOFLAGS', 'GOOS', 'GOARCH', 'GOAMD64', 'GOARM64', 'CGO_ENABLED'];

export function recordedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of RECORDED_ENV) if (env[k]) out[k] = env[k]!;
  return out;
}

/** The baseline as text: stable order and one finding per line, so that it diffs well in git. */
export function serialiseBaseline(b: Baseline): string {
  const findings = [...b.findings].sort(compareEntries);
  const head = JSON.stringify({ ...b, findings: [] }, null, 2).replace(/"findings": \[\]\n\}$/, '"findings": [');
  const body = findings.map((f) => '    ' + JSON.stringify(f)).join(',\n');
  return `${head}${findings.length ? `\n${body}\n  ` : ''}]\n}\n`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const k of ['module', 'file', 'function', 'category', 'message'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return a.ordinal - b.ordinal;
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read the baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: Partial<Baseline>;
  try {
    data = JSON.parse(text) as Partial<Baseline>;
  } catch (e) {
    throw new BaselineError(`${file} is not a go-escape baseline: ${(e as Error).message}`);
  }
  if (data.format !== BASELINE_FORMAT || !Array.isArray(data.findings)) throw new BaselineError(`${file} is not a go-escape baseline (write one with \`go-escape baseline --output ${file} PATTERN...\`)`);
  if (data.version !== BASELINE_VERSION) throw new BaselineError(`${file} has baseline format version ${data.version}; this go-escape reads version ${BASELINE_VERSION}`);
  return { buildFlags: [], compilerFlags: [], env: {}, tests: false, patterns: [], ...data } as Baseline;
}

/** One warning per condition that differs between the baseline and this run. */
export function conditionWarnings(baseline: BaselineConditions, now: BaselineConditions): string[] {
  const out: string[] = [];
  const list = (xs: readonly string[]) => (xs.length ? xs.join(' ') : '(none)');
  if (baseline.goVersion !== now.goVersion) out.push(`the baseline was computed with ${baseline.goVersion ?? 'an unknown Go version'}, this run uses ${now.goVersion ?? 'an unknown Go version'}: inlining and escape results can differ between releases`);
  if (list(baseline.buildFlags) !== list(now.buildFlags)) out.push(`the baseline was computed with build flags ${list(baseline.buildFlags)}, this run uses ${list(now.buildFlags)}`);
  if (list(baseline.compilerFlags) !== list(now.compilerFlags)) out.push(`the baseline was computed with compiler flags ${list(baseline.compilerFlags)}, this run uses ${list(now.compilerFlags)}`);
  for (const k of new Set([...Object.keys(baseline.env), ...Object.keys(now.env)])) {
    if (baseline.env[k] !== now.env[k]) out.push(`the baseline was computed with ${k}=${baseline.env[k] ?? ''}, this run has ${k}=${now.env[k] ?? ''}`);
  }
  if (baseline.tests !== now.tests) out.push(`the baseline was computed ${baseline.tests ? 'with' : 'without'} --tests, this run ${now.tests ? 'with' : 'without'}`);
  return out;
}
