// Schedules compiler runs for the packages of open documents and hands their results to the
// session. One debounced, cancellable run per package; identical inputs are answered from a
// cache; explanations (`-m=2`) follow each verdict run for the same content.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalyzeRequest, AnalyzeResult, analyzePackage } from '../core/compiler/analyze';
import type { PreparedAssertions } from './liveAssertions';
import { isTestFile, locatePackage } from '../core/compiler/workspace';
import { PackageScheduler } from '../session/packageScheduler';
import { ResultCache, hashParts } from '../session/resultCache';
import { DocumentStore, OpenDocument } from './documents';
import { Settings, compilerSettingsKey } from './settings';

/** Everything a finished run tells the rest of the server. */
export interface PackageOutcome {
  key: string;
  result: AnalyzeResult;
  /** Versions of the package's open documents the run saw, by URI. */
  versions: Map<string, number>;
  /** True when this outcome carries explanations (a `-m=2` run). */
  explained: boolean;
  /** True when the result came from the cache (identical inputs ran before), not from a new run. */
  fromCache: boolean;
  /** The package's assertion directives, read before an explained run, when it has any. */
  assertions?: PreparedAssertions;
  /** The profile the run compiled under (`-pgo=`), when one applied. */
  pgo?: string;
}

/** What a run asks of the compiler beyond `-m`, and what it prepared for its outcome. */
export interface RunExtras {
  flags: string[];
  /** Parse the compiler's other decisions (inlining, bounds and nil checks). */
  decisions: boolean;
  assertions?: PreparedAssertions;
  /** `-pgo=` for the run, when a profile applies to the package. */
  pgo?: string;
  /**
   * While the package's profile is still being looked up: what the look-up will say. The run
   * compiles under `pgo` meanwhile and keeps that result only if the look-up agrees.
   */
  pgoLater?: Promise<string | undefined>;
}

export interface AnalysisHost {
  settingsFor(file: string): Promise<Settings>;
  /** The debounce that applies to a file now. */
  debounceFor(file: string): number;
  /** False when findings in test files are not wanted: then no test variant is compiled. */
  testsWanted(file: string): boolean;
  /** What one pass of a package's run adds to `-m`: the decision categories asked for, assertions. */
  extrasFor(dir: string, tests: boolean, explain: boolean, settings: Settings): Promise<RunExtras>;
  /** False in an untrusted workspace: then no process is ever started. */
  trusted(): boolean;
  onStart(key: string): void;
  /** Takes a run's outcome; `stale` says when the documents changed since the run. */
  onOutcome(outcome: PackageOutcome, stale: () => boolean): Promise<void>;
  log(message: string): void;
}

interface Target {
  key: string;
  dir: string;
  files?: string[];
  /** Root of the module or workspace, for choosing which dirty buffers go into the overlay. */
  root: string;
  /** The package's test variant (its `_test.go` files), compiled with `go list -export -test`. */
  tests: boolean;
  /** The module path from go.mod, when the package is in a module. */
  modulePath?: string;
  /** The directory of the package's go.mod, when it is in a module. */
  moduleRoot?: string;
}

export class AnalysisController {
  private readonly scheduler: PackageScheduler;
  private readonly cache = new ResultCache<AnalyzeResult>(RESULTS_BUDGET, resultWeight, RESULTS_PER_PACKAGE);
  private readonly targets = new Map<string, Target>();
  private readonly byFile = new Map<string, Target>();
  /** Package directories whose test variant runs again once the package's own run is done. */
  private readonly testsFollow = new Set<string>();

  constructor(private readonly docs: DocumentStore, private readonly host: AnalysisHost) {
    this.scheduler = new PackageScheduler((key, signal) => this.run(key, signal));
  }

  /**
   * The run a document's verdicts come from: its package (its directory), the package's test
   * variant for `_test.go` files, or the file itself outside modules. Asked on every keystroke,
   * so the go.mod/go.work look-up is remembered per file until `forgetLocations` (a document
   * opened or saved may have created or moved a module).
   */
  targetOf(doc: OpenDocument): Target | undefined {
    if (!doc.file || !doc.file.endsWith('.go')) return undefined;
    const known = this.byFile.get(doc.file);
    if (known) return known;
    const loc = locatePackage(doc.file);
    const root = loc.workRoot ?? loc.moduleRoot;
    const tests = isTestFile(doc.file);
    // The test variant compiles the package and its tests, several times the work of the
    // package alone: edits outside test files get the package's verdict first.
    const key = root ? (tests ? `${loc.dir}\0test` : loc.dir) : doc.file;
    let t = this.targets.get(key);
    if (!t) {
      t = root ? { key, dir: loc.dir, root, tests, modulePath: loc.modulePath, moduleRoot: loc.moduleRoot } : { key, dir: loc.dir, files: [doc.file], root: loc.dir, tests };
      this.targets.set(key, t);
    }
    this.byFile.set(doc.file, t);
    return t;
  }

  forgetLocations(): void {
    this.byFile.clear();
  }

  /**
   * Asks for a run of the document's package after the debounce (or at once with `delayMs` 0).
   * Returns false when no run was asked for (untrusted workspace, not a Go file, tests left out).
   */
  schedule(doc: OpenDocument, delayMs?: number): boolean {
    if (!this.host.trusted()) return false;
    const t = this.targetOf(doc);
    if (!t || (t.tests && !this.host.testsWanted(doc.file!))) return false;
    this.scheduler.schedule(t.key, delayMs ?? this.host.debounceFor(doc.file!));
    // The tests compile the package too: their run waits for the package's, and one in flight
    // is stale now.
    const testKey = `${t.dir}\0test`;
    if (!t.tests && !t.files && this.targets.has(testKey) && this.testDocs(t.dir).length > 0 && this.host.testsWanted(doc.file!)) {
      this.scheduler.cancel(testKey);
      this.testsFollow.add(t.dir);
    }
    return true;
  }

  /** True while any package has a run in flight or waiting for its debounce. */
  anyBusy(): boolean {
    for (const key of this.targets.keys()) if (this.scheduler.isBusy(key)) return true;
    return false;
  }

  isBusy(key: string): boolean {
    return this.scheduler.isBusy(key);
  }

  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  stats(): Record<string, number> {
    return { targets: this.targets.size, locatedFiles: this.byFile.size, cachedResults: this.cache.size };
  }

  clearCache(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  private docsOf(t: Target): OpenDocument[] {
    if (t.files) return t.files.map((f) => this.docs.ofFile(f)).filter((d): d is OpenDocument => !!d);
    return this.docs.inDirectory(t.dir).filter((d) => isTestFile(d.file!) === t.tests);
  }

  private testDocs(dir: string): OpenDocument[] {
    return this.docs.inDirectory(dir).filter((d) => isTestFile(d.file!));
  }

  private async run(key: string, signal: AbortSignal): Promise<void> {
    const t = this.targets.get(key);
    if (!t) return;
    try {
      await this.runTarget(t, signal);
    } finally {
      if (!t.tests && !signal.aborted && this.testsFollow.delete(t.dir) && this.testDocs(t.dir).length > 0) {
        this.scheduler.schedule(`${t.dir}\0test`, 0);
      }
    }
  }

  private async runTarget(t: Target, signal: AbortSignal): Promise<void> {
    if (!this.host.trusted()) return;
    const docs = this.docsOf(t);
    if (docs.length === 0) return;
    const settings = await this.host.settingsFor(docs[0].file!);
    const inRoot = (f: string) => f === t.root || f.startsWith(t.root + path.sep);
    const overlays = this.docs.dirtyFiles(inRoot);
    const versions = new Map(docs.map((d) => [d.uri, d.doc.version]));
    const tests = t.tests;
    const base = { dir: t.dir, files: t.files, overlays, tests, settings, signal, inSlices: true };
    const keyParts = [compilerSettingsKey(settings), String(tests), t.dir, ...(t.files ?? []), ...dirState(t.dir)];
    for (const [f, text] of [...overlays].sort(([a], [b]) => (a < b ? -1 : 1))) keyParts.push(f, text);

    const stale = () => signal.aborted || docs.some((d) => this.docs.get(d.uri)?.doc.version !== versions.get(d.uri));
    for (const explain of settings.explain ? [false, true] : [false]) {
      const extras = await this.host.extrasFor(t.dir, tests, explain, settings);
      if (signal.aborted) {
        extras.assertions?.dispose();
        return;
      }
      try {
        if (!(await this.pass(t, explain, extras, { base, keyParts, versions, stale }))) return;
      } finally {
        extras.assertions?.dispose();
      }
    }
  }

  /** One pass of a run (verdicts, or explanations); false when the run must stop there. */
  private async pass(t: Target, explain: boolean, extras: RunExtras, run: { base: Omit<AnalyzeRequest, 'explain'>; keyParts: string[]; versions: Map<string, number>; stale: () => boolean }): Promise<boolean> {
    const { versions, stale } = run;
    const key = t.key;
    let pgo = extras.pgo;
    let compiled = this.compile(t, explain, extras, pgo, run);
    if (extras.pgoLater) {
      // Awaited below whatever the look-up says: a failure meanwhile is not an unhandled one.
      compiled.catch(() => {});
      const confirmed = await extras.pgoLater;
      if (confirmed !== pgo) {
        // A profile applies after all: the result compiled without it is not what ships.
        await compiled;
        if (stale()) return false;
        this.host.log(`analyse ${t.dir}: compiled before the look-up for default.pgo ended, which found ${confirmed}; compiling again with it`);
        pgo = confirmed;
        compiled = this.compile(t, explain, extras, pgo, run);
      }
    }
    const { result, fromCache } = await compiled;
    if (result.status === 'cancelled' || stale()) return false;
    // Awaited: the explanations must not be taken before the verdicts they follow.
    await this.host.onOutcome({ key, result, versions, explained: explain, fromCache, assertions: extras.assertions, pgo }, stale);
    return !stale() && result.status === 'ok';
  }

  /** A pass's result under `pgo`, from the cache or compiled. */
  private async compile(t: Target, explain: boolean, extras: RunExtras, pgo: string | undefined, run: { base: Omit<AnalyzeRequest, 'explain'>; keyParts: string[] }): Promise<{ result: AnalyzeResult; fromCache: boolean }> {
    const cacheKey = hashParts([...run.keyParts, String(explain), ...extras.flags, String(extras.decisions), pgo ?? '']);
    const hit = this.cache.get(cacheKey);
    if (hit) return { result: hit, fromCache: true };
    if (!explain) this.host.onStart(t.key);
    const result = await analyzePackage({ ...run.base, explain, extraCompilerFlags: extras.flags, decisions: extras.decisions, pgo });
    this.host.log(`${explain ? 'explain' : 'analyse'} ${t.dir}: ${result.status} (${result.durationMs} ms) go ${result.args.join(' ')}`);
    for (const w of result.warnings) this.host.log(`${t.dir}: ${w}`);
    // An explained result's raw output (megabytes on a large package) is read only once,
    // when its findings are annotated; the cache keeps the findings, which carry the rest.
    if (result.status === 'ok' || result.status === 'build-failed') this.cache.set(cacheKey, explain && result.status === 'ok' ? { ...result, stderr: '' } : result, t.key);
    return { result, fromCache: false };
  }
}

/**
 * What the result cache may hold, in findings (a finding with its explanation is a few hundred
 * bytes): a few results of a large package's test variant, or dozens of a small package's.
 */
const RESULTS_BUDGET = 40_000;
/**
 * Results kept per package and variant: each text gets a verdict and an explained result, so
 * this keeps the last four texts: undo and redo reach them without a run, and a long session
 * in one package does not fill the budget with texts nobody returns to.
 */
const RESULTS_PER_PACKAGE = 8;

/** A result's weight in the cache: its findings, and its raw output counted per 200 characters. */
function resultWeight(r: AnalyzeResult): number {
  return 1 + r.findings.length + r.errors.length + Math.ceil(r.stderr.length / 200);
}

/** Names, sizes and modification times of the package directory's files, for cache keys. */
function dirState(dir: string): string[] {
  const out: string[] = [];
  try {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.go') && name !== 'go.mod' && name !== 'go.sum' && name !== 'default.pgo') continue;
      try {
        const st = fs.statSync(path.join(dir, name));
        out.push(`${name}:${st.size}:${st.mtimeMs}`);
      } catch {
        // Vanished between readdir and stat.
      }
    }
  } catch {
    // An unreadable directory just means no cache hits.
  }
  return out;
}
