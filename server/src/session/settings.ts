// The `goEscape` settings: their defaults, and how values from `initializationOptions.settings`
// or `workspace/configuration` are checked and merged. Unknown or ill-typed values fall back to
// the default rather than breaking the server.
import { ALL_CATEGORIES, Category } from '../core/findings';
import { parseInclude } from '../core/categories';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface Settings {
  goBinary: string;
  buildFlags: string[];
  compilerFlags: string[];
  env: Record<string, string>;
  debounceMs: number;
  include: Set<Category>;
  severity: Record<Category, SeverityName>;
  /** Severity per category in `_test.go` files, where it differs from one step below `severity`. */
  testSeverity: Partial<Record<Category, SeverityName>>;
  /** Show findings in `_test.go` files (and compile the test variant for them). */
  testFiles: boolean;
  /** Show tree-sitter predictions where compiler results are not available. */
  predictions: boolean;
  /** Fetch the compiler's explanations (`-m=2`) after each run, for rules and hovers. */
  explain: boolean;
  /** Kill a compiler run after this many milliseconds. */
  timeoutMs: number;
  /**
   * Attach each escape chain to its diagnostic as related information, for clients that show it.
   * Off by default: the hover shows the chain, and VS Code would show it twice there, pushing the
   * fix out of sight. Files with many findings leave it out (see MAX_DETAILED_PER_FILE).
   */
  relatedInformation: boolean;
  /** pprof profiles to weigh findings with (workspace-relative allowed); empty: the main packages' default.pgo. */
  profiles: string[];
  /** A finding with at least this share of its profile's total is a warning and says its share. */
  hotThreshold: number;
  /** Findings in files a profile covers but with no samples at their line: shown as hints, or hidden. */
  coldFindings: 'hint' | 'hide';
  /** The profile-guided optimization a package is analysed under: `auto` (its main packages' default.pgo), `off`, or a file. */
  pgo: string;
}

export const DEFAULT_SETTINGS: Settings = {
  goBinary: 'go',
  buildFlags: [],
  compilerFlags: [],
  env: {},
  debounceMs: 300,
  include: new Set<Category>(['moved', 'escapes']),
  severity: { moved: 'warning', escapes: 'information', leak: 'information', noescape: 'hint', noalloc: 'hint', inline: 'information', bounds: 'information', nil: 'information' },
  testSeverity: {},
  testFiles: true,
  predictions: true,
  explain: true,
  timeoutMs: 120_000,
  relatedInformation: false,
  profiles: [],
  hotThreshold: 0.01,
  coldFindings: 'hint',
  pgo: 'auto',
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** Merges a raw `goEscape` object over `base`, keeping base values for missing or bad fields. */
export function mergeSettings(base: Settings, raw: unknown): Settings {
  if (!raw || typeof raw !== 'object') return base;
  const r = raw as Record<string, unknown>;
  const s: Settings = { ...base, severity: { ...base.severity }, testSeverity: { ...base.testSeverity }, include: new Set(base.include), env: { ...base.env } };
  if (typeof r.goBinary === 'string' && r.goBinary.trim()) s.goBinary = r.goBinary.trim();
  s.buildFlags = strings(r.buildFlags) ?? s.buildFlags;
  s.compilerFlags = strings(r.compilerFlags) ?? s.compilerFlags;
  if (r.env && typeof r.env === 'object') {
    s.env = {};
    for (const [k, v] of Object.entries(r.env as Record<string, unknown>)) if (typeof v === 'string') s.env[k] = v;
  }
  if (typeof r.debounceMs === 'number' && r.debounceMs >= 0 && Number.isFinite(r.debounceMs)) s.debounceMs = r.debounceMs;
  if (typeof r.timeoutMs === 'number' && r.timeoutMs > 0) s.timeoutMs = r.timeoutMs;
  if (typeof r.predictions === 'boolean') s.predictions = r.predictions;
  if (typeof r.explain === 'boolean') s.explain = r.explain;
  if (typeof r.relatedInformation === 'boolean') s.relatedInformation = r.relatedInformation;
  s.profiles = strings(r.profiles) ?? s.profiles;
  if (typeof r.hotThreshold === 'number' && r.hotThreshold >= 0 && r.hotThreshold <= 1) s.hotThreshold = r.hotThreshold;
  if (r.coldFindings === 'hint' || r.coldFindings === 'hide') s.coldFindings = r.coldFindings;
  if (typeof r.pgo === 'string' && r.pgo.trim()) s.pgo = r.pgo.trim();
  if (typeof r.testFiles === 'boolean') s.testFiles = r.testFiles;
  if (typeof r.include === 'string' || strings(r.include)) {
    const { include } = parseInclude(r.include as string | string[]);
    s.include = include;
  }
  mergeSeverities(s.severity, r.severity);
  mergeSeverities(s.testSeverity, r.testSeverity);
  return s;
}

function mergeSeverities(into: Partial<Record<Category, SeverityName>>, raw: unknown): void {
  if (!raw || typeof raw !== 'object') return;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if ((ALL_CATEGORIES as readonly string[]).includes(k) && typeof v === 'string' && SEVERITIES.has(v)) into[k as Category] = v as SeverityName;
  }
}

const LOWER: Record<SeverityName, SeverityName> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };

/**
 * The severity of a category's findings in a file. In `_test.go` files it is one step lower
 * than elsewhere unless set: allocations in tests rarely matter as much as in shipped code.
 */
export function severityIn(s: Settings, category: Category, testFile: boolean): SeverityName {
  return testFile ? s.testSeverity[category] ?? LOWER[s.severity[category]] : s.severity[category];
}

/** A stable text form of the settings that change compiler results, for cache keys. */
export function compilerSettingsKey(s: Settings): string {
  return JSON.stringify([s.goBinary, s.buildFlags, s.compilerFlags, Object.entries(s.env).sort()]);
}

/** True when two settings say the same thing (a folder without settings of its own). */
export function sameSettings(a: Settings, b: Settings): boolean {
  const plain = (s: Settings) => JSON.stringify({ ...s, include: [...s.include].sort(), env: Object.entries(s.env).sort() });
  return a === b || plain(a) === plain(b);
}
