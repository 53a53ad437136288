// Connects the tree-sitter predictor to open documents. Predictions are what the compiler would
// probably say, shown where compiler results are not available for the current text. What the
// compiler said about parameters (this package after each run, imported packages once per Go
// version, cached on disk) sharpens them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Parser } from 'web-tree-sitter';
import { Finding } from '../core/findings';
import { compilerFlagsFor, goCommandEnv } from '../core/compiler/goEnv';
import { userCacheDir } from '../core/util/cacheDir';
import { isStandardLibrary, packageFacts, readCachedFacts } from '../core/predict/facts/factsCache';
import { dependencyLocation, moduleOf } from '../core/predict/facts/moduleSources';
import { Knowledge, emptyKnowledge, mergeKnowledge } from '../core/predict/facts/knowledge';
import { leakMessagesInSlices, packageFilesIn, packageKnowledgeInSlices } from '../core/predict/facts/packageFacts';
import { PackageModel } from '../core/predict/declarations/packageModel';
import { declaredPackage, packageFilesOnDisk } from '../core/predict/declarations/packageSources';
import { DiskTexts } from '../core/predict/declarations/diskTexts';
import { isGenerated } from '../core/generatedCode';
import { Slicer } from '../core/util/slices';
import { PredictionCache, predictFile, predictFunctions } from '../core/predict/predictor';
import type { OpenDocument } from './documents';
import type { PositionedMessage } from '../core/predict/facts/knowledge';
import type { Settings } from './settings';
import { abortOnce } from '../core/util/abort';

export interface PredictionSource {
  /** Predicted findings for the document's current text (the predictor caches per function). */
  /** `only`: UTF-16 offset ranges; then just the functions overlapping them are predicted. */
  predict(doc: OpenDocument, settings: Settings, goVersion?: string, only?: { start: number; end: number }[]): Finding[];
  /** Teaches the predictor what the compiler said about a package (its raw -m output). */
  learn?(dir: string, compilerOutput: string, goVersion?: string): void;
  forget?(uri: string): void;
  /** A compiler run of the user's code is starting: background go runs give way to it. */
  yieldToAnalysis?(): void;
  stats?(): Record<string, number>;
}

/** Used until a predictor is attached, and whenever predictions are turned off. */
export const NO_PREDICTIONS: PredictionSource = { predict: () => [] };

/** Where facts of imported packages are cached between sessions. */
export function factsCacheDir(): string {
  return userCacheDir('facts');
}

export interface PredictorHost {
  parser: Parser;
  /** Text of an open document for a file, so that learning reads buffers rather than disk. */
  openText(file: string): string | undefined;
  /** The current tree of an open document's text, so that learning and the package model need not parse it again. */
  openTree?(file: string): import('web-tree-sitter').Tree | undefined;
  /** True when background go runs are allowed now (trusted workspace, no analysis in flight). */
  mayRunGo(): boolean;
  /** The settings that apply to the files of a directory. */
  settingsIn(dir: string): Settings;
  /** Called when new knowledge arrived, so open documents are predicted again. */
  refreshed(): void;
  log(msg: string): void;
}

export class TreeSitterPredictions implements PredictionSource {
  private readonly caches = new Map<string, PredictionCache>();
  /** Knowledge learned from compiler runs, by package directory. */
  private readonly local = new Map<string, Knowledge>();
  /** Knowledge of imported packages, by import path. */
  private readonly imported = new Map<string, Knowledge>();
  private readonly pending = new Set<string>();
  /** The import block last read per document. */
  private readonly lastImports = new Map<string, string>();
  private merged = new Map<string, Knowledge>();
  /** The learning under way, by package directory. */
  private readonly learning = new Map<string, AbortController>();
  /** How many times learn was called per package directory, to tell the latest call. */
  private readonly learnCalls = new Map<string, number>();
  /** A hash of the compiler output each package directory was last learned from. */
  private readonly learnedFrom = new Map<string, string>();
  private queue: { importPath: string; cwd: string; variant?: string }[] = [];
  private pumping = false;
  private readonly controller = new AbortController();
  /** The facts run in flight, stopped when an analysis needs the CPU (it is queued again). */
  private running?: { job: { importPath: string; cwd: string }; controller: AbortController };
  private readonly inliningBySettings = new WeakMap<Settings, boolean>();
  /** The other files of each package directory with an open document. */
  private readonly packages = new Map<string, { model: PackageModel; syncedAt: number; docs: Set<string>; disk: DiskTexts }>();

  constructor(private readonly host: PredictorHost) {}

  predict(doc: OpenDocument, settings: Settings, goVersion?: string, only?: { start: number; end: number }[]): Finding[] {
    const t = doc.tree;
    if (!t?.tree) return [];
    let cache = this.caches.get(doc.uri);
    if (!cache) this.caches.set(doc.uri, (cache = new PredictionCache()));
    const file = doc.file ?? doc.uri;
    const dir = path.dirname(file);
    if (doc.file && this.host.mayRunGo()) this.requestImports(doc, dir, goVersion);
    const pkg = doc.file ? this.packageOf(dir, t.text, doc.uri) : undefined;
    const ctx = { goVersion, knowledge: this.knowledgeFor(dir), cache, inlining: this.inlining(settings), package: pkg };
    if (only) return predictFunctions(t.tree, file, t.text, only, ctx).flatMap((f) => f.findings);
    return predictFile(t.tree, file, t.text, ctx);
  }

  /**
   * The other files of the document's package, open buffers first. Looked at again at most every
   * two seconds, and then a file on disk is read again only when it was written since: predict
   * runs on every keystroke, and other files rarely change while one is typed in.
   */
  private packageOf(dir: string, text: string, uri: string): PackageModel {
    let p = this.packages.get(dir);
    if (!p) this.packages.set(dir, (p = { model: new PackageModel(this.host.parser), syncedAt: 0, docs: new Set(), disk: new DiskTexts() }));
    p.docs.add(uri);
    const now = Date.now();
    if (now - p.syncedAt > 2000) {
      p.syncedAt = now;
      p.model.update(packageFilesOnDisk(dir, { openText: (f) => this.host.openText(f), packageName: declaredPackage(text), disk: p.disk }), (f) => this.host.openTree?.(f));
    }
    return p.model;
  }

  /**
   * With -l the compiler inlines nothing, so neither may the prediction. Worked out once per
   * settings object: it reads GOFLAGS, possibly from the go env file, and predict runs on every
   * keystroke.
   */
  private inlining(s: Settings): boolean {
    let on = this.inliningBySettings.get(s);
    if (on === undefined) this.inliningBySettings.set(s, (on = !compilerFlagsFor(s).includes('-l')));
    return on;
  }

  /**
   * Learns what the compiler said about a package's functions, a file at a time in slices (a
   * large package's files take longer to read than a request may wait). Learning again from
   * another output stops the learning under way.
   */
  async learn(dir: string, compilerOutput: string, _goVersion?: string): Promise<void> {
    const ticket = (this.learnCalls.get(dir) ?? 0) + 1;
    this.learnCalls.set(dir, ticket);
    // The same output again (an undo back to analysed text) teaches nothing new, and learning
    // reads the package's files again. A large package's output is megabytes: it is hashed,
    // and its messages sorted by file, in slices.
    const seen = await hashInSlices(compilerOutput, new Slicer(this.controller.signal));
    // A later call for the package has the newer output.
    if (seen === undefined || this.learnCalls.get(dir) !== ticket || this.learnedFrom.get(dir) === seen) return;
    this.learnedFrom.set(dir, seen);
    abortOnce(this.learning.get(dir));
    const controller = new AbortController();
    this.learning.set(dir, controller);
    const stop = () => abortOnce(controller);
    this.controller.signal.addEventListener('abort', stop);
    try {
      const slicer = new Slicer(controller.signal);
      // The raw output keeps what findings drop: `can inline` verdicts, which decide what an
      // inlined call moves or allocates in its caller.
      const byPackage = await leakMessagesInSlices(compilerOutput, dir, slicer);
      if (!byPackage) return;
      const messages = await messagesByFileIn(dir, byPackage.values(), slicer);
      if (!messages) return;
      const files = packageFilesIn(dir);
      // Large packages are learned from their open files only, to keep this off the typing path.
      const chosen = files.length > 60 ? files.filter((f) => this.host.openText(f) !== undefined) : files;
      const k = await packageKnowledgeInSlices(this.host.parser, { importPath: '', files: chosen }, messages, '', (f) => learnableText(f, this.host.openText(f)), new Slicer(controller.signal), (f) => this.host.openTree?.(f));
      if (!k) return;
      this.local.set(dir, k);
      this.merged.delete(dir);
    } catch (e) {
      this.host.log(`learning from the compiler failed for ${dir}: ${(e as Error).message}`);
    } finally {
      this.controller.signal.removeEventListener('abort', stop);
      if (this.learning.get(dir) === controller) this.learning.delete(dir);
    }
  }

  forget(uri: string): void {
    this.caches.delete(uri);
    this.lastImports.delete(uri);
    // A package model holds a tree of every file of its package; once none of them is open it
    // is read again from disk if one opens.
    for (const [dir, p] of this.packages) {
      if (!p.docs.delete(uri) || p.docs.size > 0) continue;
      p.model.dispose();
      this.packages.delete(dir);
    }
  }

  /** What the predictor keeps, for the server's statistics. */
  stats(): Record<string, number> {
    return { predictionCaches: this.caches.size, packageModels: this.packages.size, learnedPackages: this.local.size, importedPackages: this.imported.size, queuedFacts: this.queue.length };
  }

  yieldToAnalysis(): void {
    abortOnce(this.running?.controller);
  }

  dispose(): void {
    abortOnce(this.controller);
    for (const p of this.packages.values()) p.model.dispose();
    this.packages.clear();
  }

  private knowledgeFor(dir: string): Knowledge {
    let k = this.merged.get(dir);
    if (!k) {
      k = emptyKnowledge();
      for (const imp of this.imported.values()) mergeKnowledge(k, imp);
      const own = this.local.get(dir);
      if (own) mergeKnowledge(k, own);
      this.merged.set(dir, k);
    }
    return k;
  }

  /** `module@version` of the module that provides an import, from the go.mod governing `dir`. */
  private moduleVersion(dir: string, importPath: string): string | undefined {
    const mod = moduleOf(dir);
    return mod ? dependencyLocation(mod, importPath)?.version : undefined;
  }

  /** Queues the imports of a document whose facts are not known yet. */
  private requestImports(doc: OpenDocument, dir: string, goVersion: string | undefined): void {
    if (!goVersion) return;
    const root = doc.tree?.tree?.rootNode;
    if (!root) return;
    // Imports sit right after the package clause; reading only those keeps this off the cost
    // of a keystroke in a large file, and an unchanged import block is not looked at again.
    const decls = [];
    for (let i = 0; i < root.childCount; i++) {
      const c = root.child(i);
      if (!c || (c.type !== 'package_clause' && c.type !== 'comment' && c.type !== 'import_declaration')) break;
      if (c.type === 'import_declaration') decls.push(c);
    }
    const importText = decls.map((d) => d.text).join('\n');
    if (this.lastImports.get(doc.uri) === importText) return;
    this.lastImports.set(doc.uri, importText);
    for (const spec of decls.flatMap((d) => d.descendantsOfType('import_spec'))) {
      const p = spec?.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '');
      if (!p || p === 'C' || p === 'unsafe' || this.imported.has(p) || this.pending.has(p)) continue;
      // A dependency's facts are kept on disk by its module version, which never changes.
      const variant = isStandardLibrary(p) ? undefined : this.moduleVersion(dir, p);
      const cached = readCachedFacts(factsCacheDir(), goVersion, p, variant);
      if (cached) {
        this.imported.set(p, cached);
        this.merged.clear();
        continue;
      }
      this.pending.add(p);
      this.queue.push({ importPath: p, cwd: dir, variant });
    }
    void this.pump(goVersion);
  }

  /**
   * Computes queued package facts one at a time, only while no analysis needs the CPU: with two
   * cores a background compile next to the user's analysis delays the verdict they wait for.
   */
  private async pump(goVersion: string): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.controller.signal.aborted) {
        if (!this.host.mayRunGo()) {
          await new Promise((r) => setTimeout(r, 500).unref());
          continue;
        }
        const job = this.queue.shift()!;
        const s = this.host.settingsIn(job.cwd);
        const controller = new AbortController();
        const stop = () => abortOnce(controller);
        this.controller.signal.addEventListener('abort', stop);
        this.running = { job, controller };
        const k = await packageFacts({
          goBinary: s.goBinary, goVersion, importPath: job.importPath, cwd: job.cwd, variant: job.variant,
          env: goCommandEnv(s), cacheDir: factsCacheDir(), parser: this.host.parser,
          signal: controller.signal, timeoutMs: s.timeoutMs,
        }).catch(() => undefined);
        this.running = undefined;
        this.controller.signal.removeEventListener('abort', stop);
        if (controller.signal.aborted) {
          // Given way to an analysis: try again once it is done.
          this.queue.unshift(job);
          continue;
        }
        // A package that cannot be built alone is remembered as unknown, not retried every edit.
        this.imported.set(job.importPath, k ?? emptyKnowledge());
        this.pending.delete(job.importPath);
        this.merged.clear();
        if (k) this.host.refreshed();
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** Files larger than this are not learned from: one of them alone would take too long to read. */
const MAX_LEARNED_CHARS = 256 * 1024;

/**
 * A file's text to learn from, or an empty text for files that get no predictions either
 * (generated code, very large files): their functions stay unknown, at no cost.
 */
function learnableText(file: string, open: string | undefined): string {
  const text = open ?? fs.readFileSync(file, 'utf8');
  return text.length > MAX_LEARNED_CHARS || isGenerated(text) ? '' : text;
}

/** A digest of `text`, a megabyte at a time; undefined when stopped. */
async function hashInSlices(text: string, slicer: Slicer): Promise<string | undefined> {
  const h = createHash('sha256');
  const PART = 1 << 20;
  for (let i = 0; i < text.length; i += PART) {
    if (!(await slicer.pause())) return undefined;
    h.update(text.slice(i, i + PART));
  }
  return h.digest('hex');
}

/** The messages about files of `dir`, by file, sorted out in slices; undefined when stopped. */
async function messagesByFileIn(dir: string, lists: Iterable<readonly PositionedMessage[]>, slicer: Slicer): Promise<Map<string, PositionedMessage[]> | undefined> {
  const out = new Map<string, PositionedMessage[]>();
  // Few distinct files carry many messages: each file's directory is worked out once.
  const inDir = new Map<string, PositionedMessage[] | null>();
  let n = 0;
  for (const list of lists) {
    for (const m of list) {
      if (++n % 2048 === 0 && !(await slicer.pause())) return undefined;
      let into = inDir.get(m.file);
      if (into === undefined) {
        into = path.dirname(m.file) === dir ? [] : null;
        inDir.set(m.file, into);
        if (into) out.set(m.file, into);
      }
      into?.push(m);
    }
  }
  return out;
}
