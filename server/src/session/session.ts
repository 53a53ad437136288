// The editing session: open documents, compiler runs for their packages, predictions between
// runs, verified fixes, and settings per folder. It owns all of the server's state and knows
// nothing of the protocol: the LSP layer calls its methods for what the client sends, asks it
// for a document's view to answer requests, and hears of changes through SessionEvents.
import { getHeapSpaceStatistics } from 'node:v8';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../core/findings';
import { findingRange } from '../core/ranges';
import { topLevelDecls } from '../core/treesitter/topLevel';
import { performance } from 'node:perf_hooks';
import { SLICE_MS, Slicer } from '../core/util/slices';
import { clearGoVersionCache } from '../core/compiler/goVersion';
import type { TextChange } from '../core/editShift';
import { AnalysisController, RunExtras } from './analysis';
import { prepareAssertions } from './liveAssertions';
import { decisionCompilerFlags, isDecisionCategory } from '../core/compiler/decisions';
import { PackageAnnotator } from '../core/explain/packageAnnotator';
import { SessionProfiles } from './profiles';
import { PgoChoices } from './pgoChoices';
import { PgoWalks } from './pgoWalks';
import * as path from 'node:path';
import { runBenchmark } from '../core/profile/benchmark';
import { weightOf } from '../core/profile/weights';
import { PgoChoice, looksUpPgo } from '../core/profile/pgo';
import { CompilerResults } from './compilerResults';
import type { Entry } from './docEntries';
import { DocumentStore, OpenDocument } from './documents';
import type { SessionEvents } from './events';
import { FilePositions } from './filePositions';
import { FixVerifier, VerifiedFixes } from './fixVerifier';
import { NO_PREDICTIONS, PredictionSource, TreeSitterPredictions } from './predictions';
import type { Settings } from './settings';
import type { SettingsStore } from './settingsStore';
import { DocumentView, documentView } from './view';
import { IdleCollection } from '../runtime/idleCollection';
import { abortOnce } from '../core/util/abort';

/** Above this many declarations, a file is predicted in slices. */
const SLICED_ABOVE_DECLS = 24;
/** The most declarations predicted between two looks at the clock. */
const PREDICT_BATCH_MAX = 256;

export interface SessionOptions {
  /** False in an untrusted workspace: then no process is ever started. */
  trusted: boolean;
  settings: SettingsStore;
  events: SessionEvents;
  /** The Go grammar, loading; predictions and the first compiler runs wait for it. */
  parser: Promise<Parser>;
  /** The workspace folders (absolute paths), which profile paths are relative to. */
  roots?: () => readonly string[];
}

export class Session {
  readonly docs: DocumentStore;
  readonly positions: FilePositions;
  readonly trusted: boolean;
  readonly settings: SettingsStore;
  private readonly events: SessionEvents;
  private readonly analysis: AnalysisController;
  private readonly results: CompilerResults;
  private readonly fixes: FixVerifier;
  private readonly annotator: PackageAnnotator;
  readonly profiles: SessionProfiles;
  private readonly pgoWalks = new PgoWalks();
  /** The collections of the heap at this session's idle moments. */
  private readonly collection = new IdleCollection();
  private readonly pgo = new PgoChoices(this.pgoWalks);
  private readonly parser: Promise<Parser>;
  private predictor: PredictionSource = NO_PREDICTIONS;
  /** The grammar, once loaded. */
  private parserNow?: Parser;
  private disposePredictor = () => {};
  /** Documents whose refresh waits for their folder's settings. */
  private readonly awaitingSettings = new Set<string>();

  constructor(opts: SessionOptions) {
    this.trusted = opts.trusted;
    this.settings = opts.settings;
    this.events = opts.events;
    this.parser = opts.parser;
    this.docs = new DocumentStore((m) => this.events.log(m), (d) => this.refresh(d.uri));
    this.positions = new FilePositions(this.docs);
    this.fixes = new FixVerifier(this.docs);
    this.annotator = new PackageAnnotator(this.parser);
    this.profiles = new SessionProfiles(opts.roots ?? (() => []), this.settings, this.events, () => {
      for (const d of this.docs.all()) this.events.changed(d.uri);
      this.events.resultTaken?.();
    }, (root) => this.pgoWalks.of(root));
    this.analysis = new AnalysisController(this.docs, {
      settingsFor: (file) => this.settings.resolve(file),
      debounceFor: (file) => this.settings.current(file).debounceMs,
      testsWanted: (file) => this.settings.current(file).testFiles,
      extrasFor: (dir, tests, explain, settings) => this.extrasFor(dir, tests, explain, settings),
      trusted: () => this.trusted,
      onStart: () => {
        this.predictor.yieldToAnalysis?.();
        this.events.status({ state: 'analysing', message: 'Running the Go compiler’s escape analysis…', goVersion: this.results.lastGoVersion });
      },
      onOutcome: (o, stale) => this.results.take(o, stale),
      log: (m) => this.events.log(m),
    });
    this.results = new CompilerResults({
      docs: this.docs,
      settings: this.settings,
      events: this.events,
      refresh: (uri) => this.refresh(uri),
      annotator: this.annotator,
      learn: (dir, out, v) => this.predictor.learn?.(dir, out, v),
      collection: this.collection,
    });
    if (!this.trusted) this.events.status({ state: 'untrusted', message: 'Untrusted workspace: the Go compiler is not run; showing predictions only.' });
    this.parser.then((p) => this.attachParser(p), (e) => this.events.log(`tree-sitter failed to load, predictions are off: ${(e as Error).message}`));
  }

  // ---- What the client sends ------------------------------------------------------------------

  open(uri: string, version: number, text: string): OpenDocument {
    const d = this.docs.open(uri, version, text);
    this.analysis.forgetLocations();
    this.prefetchPgo(d);
    this.refresh(uri);
    // The first compiler run waits for the grammar, so that predictions, which need only
    // milliseconds, are not starved of CPU by the go command on a cold start.
    const run = () => {
      if (this.docs.get(uri) === d) this.analysis.schedule(d, 0);
    };
    this.parser.then(run, run);
    return d;
  }

  change(uri: string, version: number, changes: TextChange[]): void {
    const d = this.docs.change(uri, version, changes);
    if (!d) return;
    this.collection.postponeCompaction();
    this.fixes.documentChanged(uri);
    for (const c of changes) d.entries.applyChange(c);
    this.refresh(uri);
    if (this.analysis.schedule(d)) this.events.status({ state: 'pending', message: 'Edited: the compiler runs when you pause typing', goVersion: this.results.lastGoVersion });
  }

  save(uri: string): void {
    this.analysis.forgetLocations();
    const d = this.docs.get(uri);
    if (d) this.analysis.schedule(d);
  }

  close(uri: string): void {
    this.docs.close(uri);
    this.fixes.documentChanged(uri);
    this.predictor.forget?.(uri);
    this.events.closed(uri);
  }

  /** The settings changed: every folder's are read again and every package runs again. */
  configurationChanged(base: Settings): void {
    this.settings.reset(base);
    clearGoVersionCache();
    this.analysis.clearCache();
    this.fixes.clear();
    this.annotator.reset();
    this.profiles.reset();
    this.pgo.reset();
    this.pgoWalks.reset();
    this.positions.clear();
    this.events.resolved('go-missing');
    for (const d of this.docs.all()) {
      this.refresh(d.uri);
      this.analysis.schedule(d, 0);
    }
  }

  /** Runs the analysis of every open document's package now. */
  analyzeNow(): void {
    for (const d of this.docs.all()) this.analysis.schedule(d, 0);
  }

  // ---- What requests read ---------------------------------------------------------------------

  /** Everything requests need to know of a document now, or undefined when it is not open. */
  view(uri: string): DocumentView | undefined {
    // Someone is reading the results (a hover, code actions, lenses): not a moment to pause for
    // a full collection.
    this.collection.postponeCompaction();
    const d = this.docs.get(uri);
    if (!d) return undefined;
    const t = this.analysis.targetOf(d);
    return documentView(d, {
      settings: this.settings.current(d.file),
      pkg: t ? this.results.statusOf(t.key) : undefined,
      lastGoVersion: this.results.lastGoVersion,
      trusted: this.trusted,
      fixTitle: (f) => this.fixes.knownTitle(d, f),
      fixRefusals: (f) => this.fixes.knownRefusals(d, f),
      modulePath: t?.modulePath,
      profile: this.profiles.setFor(d.file),
      measurement: this.profiles.measurementFor(d.file),
    });
  }

  /**
   * Verified fixes for a finding of a document, or undefined when none may be offered now:
   * fixes are verified against the exact text the compiler analysed, so while the document
   * differs from it only explanations are offered.
   */
  async fixesFor(uri: string, entry: Entry): Promise<VerifiedFixes | undefined> {
    const v = this.view(uri);
    const f = entry.finding;
    if (!v || !v.doc.file || !this.trusted || !v.analysedNow || f.origin !== 'compiler' || (f.category !== 'moved' && f.category !== 'escapes')) return undefined;
    const result = await this.fixes.fixesFor(v.doc, f, await this.settings.resolve(v.doc.file));
    for (const r of result?.refused ?? []) this.events.log(`fix ${r.fix} not offered for ${f.message} at ${v.doc.file}:${f.line}: ${r.reason}`);
    return result;
  }

  /** What the session keeps, for leak checks (soak tests) and the curious. */
  stats(): Record<string, number> {
    const mem = process.memoryUsage();
    return {
      ...this.docs.stats(), ...this.analysis.stats(), ...this.fixes.stats(), ...(this.predictor.stats?.() ?? {}),
      rss: mem.rss, heapTotal: mem.heapTotal, heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers,
      ...Object.fromEntries(getHeapSpaceStatistics().map((s) => [`committed_${s.space_name}`, s.physical_space_size])),
    };
  }

  /**
   * Runs one benchmark of a test file's package with every allocation sampled, and keeps what
   * it measured per line for that package's findings. Returns what to tell the user.
   */
  async measureBenchmark(uri: string, name: string, signal: AbortSignal): Promise<string> {
    const d = this.docs.get(uri);
    if (!d?.file) return 'go-escape: the benchmark is not in a file on disk';
    if (!this.trusted) return 'go-escape: benchmarks are not run in an untrusted workspace';
    const dir = path.dirname(d.file);
    const r = await runBenchmark({ dir, regexp: `^${name}$`, settings: await this.settings.resolve(d.file), signal });
    this.events.log(`benchmark ${name} in ${dir}: ${r.status}: ${r.summary} (go ${r.args.join(' ')})`);
    if (r.status !== 'ok' || !r.measurement) return `go-escape: ${name}: ${r.summary}`;
    this.profiles.addMeasurement(dir, r.measurement);
    const own = r.result ? ` (${r.result.metrics['allocs/op'] ?? '?'} allocs/op, ${r.result.metrics['B/op'] ?? '?'} B/op in all)` : '';
    return `go-escape: ${name} measured${own}; each allocation site it reached now says what it allocated per op.`;
  }

  /**
   * The heap findings of the open documents, hottest first under the loaded profiles (then
   * moved before escapes, each in file order).
   */
  hottest(): { uri: string; finding: Finding; range: import('../core/ranges').Utf16Range; share?: number }[] {
    const out: { uri: string; finding: Finding; range: import('../core/ranges').Utf16Range; share?: number }[] = [];
    for (const d of this.docs.all()) {
      const v = this.view(d.uri)!;
      for (const e of v.entries()) {
        if (e.finding.category !== 'moved' && e.finding.category !== 'escapes') continue;
        const w = v.profile && e.finding.origin === 'compiler' ? weightOf(v.profile, e.finding) : undefined;
        out.push({ uri: d.uri, finding: e.finding, range: e.range, share: w?.share });
      }
    }
    const kind = (f: Finding) => (f.category === 'moved' ? 0 : 1);
    return out.sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || kind(a.finding) - kind(b.finding) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.range.start.line - b.range.start.line);
  }

  /** Resolves when no compiler run is in flight (for tests and shutdown). */
  idle(): Promise<void> {
    return this.analysis.idle();
  }

  dispose(): void {
    this.disposePredictor();
    this.analysis.dispose();
    this.fixes.dispose();
    this.annotator.dispose();
    this.profiles.dispose();
    this.pgoWalks.dispose();
    this.collection.dispose();
    this.docs.dispose();
  }

  /**
   * Starts the walk for the default.pgo files of a document's module, when its compiler runs
   * will need them, so that it overlaps the grammar's loading and the settings' round trip
   * instead of coming before the first compile.
   */
  private prefetchPgo(d: OpenDocument): void {
    if (!this.trusted || !d.file) return;
    const root = this.analysis.targetOf(d)?.moduleRoot;
    if (!root) return;
    void this.settings.resolve(d.file).then((s) => this.pgo.prefetch(root, s.pgo, s.buildFlags));
  }

  // ---- Predictions ----------------------------------------------------------------------------

  /**
   * What a pass of a package's run asks beyond `-m`: the flags of the compiler's other decisions
   * when `include` names them (on both passes, so that they do not blink out between the two),
   * and for the explained pass the assertions the package's files declare.
   */
  private async extrasFor(dir: string, tests: boolean, explain: boolean, settings: Settings): Promise<RunExtras> {
    const flags = decisionCompilerFlags(settings.include);
    const decisions = [...settings.include].some(isDecisionCategory);
    // `off` is the go command's default for a package that is not a main package: no flag then.
    const flagOf = (c: PgoChoice) => (c.pgo && c.pgo !== 'off' ? c.pgo : undefined);
    const known = this.pgo.settledChoice(dir, settings.pgo, settings);
    const lookup = known ? undefined : this.pgo.choose(dir, settings.pgo, settings, this.profiles.rootOf(path.join(dir, 'x.go')));
    // The first verdicts of a module need not wait for its walk for default.pgo files (a large
    // module has thousands of directories): the run compiles without a profile meanwhile, which
    // is what applies unless a main package with one imports this package, and compiles again
    // if the look-up finds one.
    const speculate = lookup !== undefined && !explain && looksUpPgo(settings.pgo, settings.buildFlags);
    const pgo = known ? flagOf(known) : speculate ? undefined : flagOf(await lookup!);
    const assertions = explain && this.parserNow ? prepareAssertions(dir, tests, this.docs, this.parserNow) : undefined;
    for (const f of assertions?.flags ?? []) if (!flags.includes(f)) flags.push(f);
    return { flags, decisions: decisions || !!assertions, assertions, pgo, ...(speculate ? { pgoLater: lookup!.then(flagOf) } : {}) };
  }

  private attachParser(parser: Parser): void {
    this.parserNow = parser;
    this.docs.useParser(parser);
    const predictor = new TreeSitterPredictions({
      parser,
      openText: (file) => this.docs.ofFile(file)?.doc.getText(),
      openTree: (file) => this.docs.ofFile(file)?.tree?.tree ?? undefined,
      mayRunGo: () => this.trusted && !this.analysis.anyBusy(),
      settingsIn: (dir) => this.settings.inDirectory(dir),
      refreshed: () => {
        for (const d of this.docs.all()) this.refresh(d.uri);
      },
      log: (m) => this.events.log(m),
    });
    this.predictor = predictor;
    this.disposePredictor = () => predictor.dispose();
    for (const d of this.docs.all()) this.refresh(d.uri);
  }

  /** Recomputes a document's predictions and tells the client layer it changed. Never throws. */
  refresh(uri: string): void {
    const d = this.docs.get(uri);
    if (!d) return;
    // Until the client has said what its folder's settings are, nothing is predicted or shown:
    // the base settings could show categories, severities or predictions the folder turns off.
    if (!this.settings.known(d.file)) {
      if (this.awaitingSettings.has(uri)) return;
      this.awaitingSettings.add(uri);
      void this.settings.resolve(d.file).then(() => {
        this.awaitingSettings.delete(uri);
        this.refresh(uri);
      });
      return;
    }
    const st = d.entries;
    // What to predict follows the regions edited since the compiler's result (st.edited), not
    // the tree's own record of edits since it was last asked; that is emptied here, or it would
    // gain an entry for every place ever edited and be moved through every keystroke.
    d.tree?.takeChangedRanges();
    const settings = this.settings.current(d.file);
    if (settings.predictions && d.tree && !d.skipReason) {
      try {
        const index = d.tree.lineIndex;
        const tree = d.tree.tree ?? undefined;
        // Once the compiler has judged this text, predictions only fill the functions edited
        // since; predicting (and placing) the others would be work nobody sees.
        const only = st.hasCompilerResult && !st.allEdited
          ? st.edited.map((r) => ({ start: index.offsetAt(r.start), end: index.offsetAt(r.end) }))
          : undefined;
        const goVersion = this.goVersionOf(d);
        abortOnce(d.predicting);
        d.predicting = undefined;
        if (!only && tree && topLevelDecls(tree).length > SLICED_ABOVE_DECLS) {
          // The whole of a file with many declarations: in slices, published when done.
          void this.predictInSlices(d, settings, goVersion);
          return;
        }
        st.predictions = only && only.length === 0
          ? []
          : this.predictor.predict(d, settings, goVersion, only).map((f: Finding) => ({ finding: f, range: findingRange(f, index, tree) }));
      } catch (e) {
        this.events.log(`prediction failed for ${uri}: ${(e as Error).stack ?? e}`);
        st.predictions = [];
      }
    } else {
      st.predictions = [];
    }
    this.events.changed(uri);
  }

  /**
   * Predicts every function of a large document a few at a time, giving the event loop back
   * between them, and publishes once all are done; an edit meanwhile starts again (what was
   * predicted stays in the predictor's cache).
   */
  private async predictInSlices(d: OpenDocument, settings: Settings, goVersion: string | undefined): Promise<void> {
    const controller = new AbortController();
    d.predicting = controller;
    const t = d.tree!;
    const tree = t.tree!;
    const slicer = new Slicer(controller.signal);
    const found: Finding[] = [];
    try {
      const decls = topLevelDecls(tree);
      // Declarations differ in size by orders of magnitude (a generated file's one-liners, a
      // bench file's long functions), so the batch grows or shrinks to keep each one short.
      let size = 1;
      for (let i = 0; i < decls.length; i += size) {
        if (!(await slicer.pause()) || d.tree !== t || t.tree !== tree) return;
        const batch = decls.slice(i, i + size).map((x) => ({ start: x.start, end: x.end }));
        const started = performance.now();
        found.push(...this.predictor.predict(d, settings, goVersion, batch));
        const took = performance.now() - started;
        if (took < SLICE_MS / 4) size = Math.min(size * 2, PREDICT_BATCH_MAX);
        else if (took > SLICE_MS / 2) size = Math.max(1, size >> 1);
      }
      const entries = [];
      for (const f of found) {
        if (!(await slicer.pause()) || t.tree !== tree) return;
        entries.push({ finding: f, range: findingRange(f, t.lineIndex, tree) });
      }
      d.entries.predictions = entries;
    } catch (e) {
      this.events.log(`prediction failed for ${d.uri}: ${(e as Error).stack ?? e}`);
      d.entries.predictions = [];
    } finally {
      if (d.predicting === controller) d.predicting = undefined;
    }
    if (this.docs.get(d.uri) === d) this.events.changed(d.uri);
  }

  private goVersionOf(d: OpenDocument): string | undefined {
    const t = this.analysis.targetOf(d);
    return (t && this.results.statusOf(t.key)?.goVersion) ?? this.results.lastGoVersion;
  }
}

