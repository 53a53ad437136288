// Entry points of the predictor. A prediction runs per function declaration (closures are
// analysed with their enclosing function, as the compiler does); results are cached per
// function text and invalidated when the file's declarations or a callee's summary change,
// so that an edit re-analyses only the functions it touched.
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding } from '../findings';
import type { OffsetRange } from '../treesitter/documentTree';
import { DeclRef, FileModel, fileModelOf } from './declarations/fileModel';
import type { PackageModel } from './declarations/packageModel';
import { FunctionFlow } from './engine/functionFlow';
import { probablyInlinable } from './engine/inlining';
import { layerKnowledge, type FunctionFacts, type Knowledge } from './facts/knowledge';
import { shippedStdFacts } from './facts/shippedFacts';
import { STD_FACTS } from './facts/stdFacts';
import { RULES } from './rules/index';
import type { PredictRule } from './rules/rule';

export interface PredictContext {
  /** Version of the toolchain the predictions stand in for (`go1.26.8`); rules that depend on it use it. */
  goVersion?: string;
  /** Parameter facts learned from the compiler, for this package and imported ones. */
  knowledge?: Knowledge;
  /** Rules to apply; all of them by default. */
  rules?: readonly PredictRule[];
  /** False when the build disables inlining (`-gcflags=-l`); true by default, as in `go build`. */
  inlining?: boolean;
  /** Per-document cache; pass the same object on every prediction for one document. */
  cache?: PredictionCache;
  /**
   * The other files of the package (PackageModel.update with the host's open buffers and disk), so
   * that types, methods, functions and constants declared there are known and their functions'
   * summaries analysed. Without it each file is predicted on its own.
   */
  package?: PackageModel;
  /**
   * False to leave out the standard-library facts shipped with the extension, which otherwise sit
   * beneath `knowledge` when they were built for the same Go release (or the release is unknown).
   */
  shippedFacts?: boolean;
}

export interface FunctionPrediction {
  /** The compiler's name for the function (`f`, `(*T).m`). */
  name: string;
  /** UTF-16 offsets of the declaration in the text. */
  start: number;
  end: number;
  /** 1-based first and last lines of the declaration. */
  startLine: number;
  endLine: number;
  findings: Finding[];
}

interface CachedFunction {
  epoch: string;
  text: string;
  /** Findings with lines relative to the declaration's first line. */
  findings: Omit<Finding, 'file'>[];
  summary: FunctionFacts;
  /** Callee summaries this result was computed with, serialised. */
  deps: Map<string, string>;
  validatedAt: number;
}

/** Remembers per-function results of one document between predictions. */
export class PredictionCache {
  /** The latest result per declaration (its name, with `#n` for later ones of the same name, such as `init`); older versions are dropped. */
  readonly entries = new Map<string, CachedFunction>();
  /**
   * Bumped whenever a function's summary changes. An entry validated at the current generation
   * needs no dependency check: no callee can have changed since. The files of one package share
   * one clock (their functions call each other).
   */
  clock = { generation: 0 };
  hits = 0;
  misses = 0;
}

function abortError(): Error {
  const e = new Error('prediction cancelled');
  e.name = 'AbortError';
  return e;
}

/** Predicts every function of a file. */
export function predictFile(tree: Tree, file: string, text: string, ctx: PredictContext = {}, signal?: AbortSignal): Finding[] {
  return predictFunctions(tree, file, text, undefined, ctx, signal).flatMap((f) => f.findings);
}

/**
 * Predicts the functions that overlap `ranges` (UTF-16 offsets in `text`), or all functions
 * when `ranges` is undefined. Findings are grouped by function so a caller can merge them with
 * compiler results function by function.
 */
export function predictFunctions(tree: Tree, file: string, text: string, ranges: readonly OffsetRange[] | undefined, ctx: PredictContext = {}, signal?: AbortSignal): FunctionPrediction[] {
  let run: Run;
  try {
    run = new Run(tree, file, text, ctx);
  } catch {
    // Reading the file's declarations must not take the editor down on any input.
    return [];
  }
  const out: FunctionPrediction[] = [];
  // Every keystroke passes over every declaration of the file here, so this loop allocates nothing
  // for the declarations it skips.
  for (const d of run.model.decls) {
    if (ranges && !overlapsAny(ranges, d.start, d.end)) continue;
    if (signal?.aborted) throw abortError();
    const node = d.node;
    const findings = run.findingsOf(node, d.name, d.cacheKey);
    out.push({
      name: d.name,
      start: d.start,
      end: d.end,
      startLine: node.startPosition.row + 1,
      endLine: node.endPosition.row + 1,
      findings,
    });
  }
  return out;
}

function overlapsAny(ranges: readonly OffsetRange[], start: number, end: number): boolean {
  for (const r of ranges) if (r.start <= end && r.end >= start) return true;
  return false;
}

/**
 * The summaries of every function of a file (what each parameter leaks, whether it is probably
 * inlined, what an inlined call of it moves or allocates), by the compiler's name: the facts
 * derived for a package no compiler may look at.
 */
export function summarizeFile(tree: Tree, file: string, text: string, ctx: PredictContext = {}): Map<string, FunctionFacts> {
  const out = new Map<string, FunctionFacts>();
  let run: Run;
  try {
    run = new Run(tree, file, text, ctx);
  } catch {
    return out;
  }
  for (const d of run.model.decls) if (!out.has(d.name)) out.set(d.name, run.summaryOfDecl(d.node, d.name, d.cacheKey));
  return out;
}

/** Function declarations overlapping the ranges, for callers that want to know what will be re-predicted. */
export function functionsInRanges(tree: Tree, text: string, ranges: readonly OffsetRange[]): { name: string; start: number; end: number }[] {
  const model = new FileModel(tree.rootNode, undefined, text);
  return model.decls.filter((d) => overlapsAny(ranges, d.start, d.end)).map((d) => ({ name: d.name, start: d.start, end: d.end }));
}

/** A file whose functions a run analyses: the predicted one, or another file of its package. */
interface Unit {
  file: string;
  text: string;
  model: FileModel;
  cache: PredictionCache;
}

/** The caches of another file's functions, kept as long as that file's model is. */
const otherFileCaches = new WeakMap<FileModel, PredictionCache>();

/**
 * One prediction pass over a file: shares the file model and memoises summaries. Callees declared
 * in another file of the package (when the host gave them) are analysed there, with that file's
 * model, and cached with it.
 */
class Run {
  readonly model: FileModel;
  private readonly self: Unit;
  private readonly rules: readonly PredictRule[];
  private readonly goMinor?: number;
  private readonly knowledge?: Knowledge;
  private readonly done = new Map<string, { findings: Finding[]; summary: FunctionFacts }>();
  private readonly inProgress = new Set<string>();
  private readonly depStack: Map<string, string>[] = [];
  private readonly epoch: string;
  private readonly clock: { generation: number };

  constructor(
    tree: Tree,
    file: string,
    text: string,
    private readonly ctx: PredictContext,
  ) {
    const m = ctx.goVersion ? /^go1\.(\d+)/.exec(ctx.goVersion) : null;
    this.goMinor = m ? Number(m[1]) : undefined;
    const shipped = ctx.shippedFacts === false ? undefined : shippedStdFacts(this.goMinor);
    this.knowledge = shipped ? layerKnowledge(ctx.knowledge, shipped) : ctx.knowledge;
    this.model = fileModelOf(tree, this.knowledge, text);
    const pkg = ctx.package;
    if (pkg) pkg.enter(file, this.model, this.knowledge);
    else this.model.pkg = undefined;
    this.rules = ctx.rules ?? RULES;
    const cache = ctx.cache ?? new PredictionCache();
    this.self = { file, text, model: this.model, cache };
    this.clock = pkg ? pkg.clock : cache.clock;
    if (cache.clock !== this.clock) {
      // Entries validated against another clock are checked again.
      this.clock.generation = Math.max(this.clock.generation, cache.clock.generation) + 1;
      cache.clock = this.clock;
    }
    this.epoch = epochOf(pkg ? pkg.declarationsHash() : this.model.declarationsHash, ctx, this.knowledge, this.rules);
  }

  summaryOfDecl(decl: Node, name: string, cacheKey = name): FunctionFacts {
    return this.result(this.self, decl, name, cacheKey).summary;
  }

  /** `cacheKey` tells apart declarations of the same name; callers by name get the first. */
  findingsOf(decl: Node, name: string, cacheKey = name): Finding[] {
    return this.result(this.self, decl, name, cacheKey).findings;
  }

  private result(unit: Unit, decl: Node, name: string, cacheKey = name): { findings: Finding[]; summary: FunctionFacts } {
    const id = `${unit.file}\0${decl.startIndex}`;
    const done = this.done.get(id);
    if (done) return done;
    const row = decl.startPosition.row;
    const text = decl.text;
    const cache = unit.cache;
    const cached = cache.entries.get(cacheKey);
    // Marked in progress before checking dependencies: recursive functions depend on each other.
    this.inProgress.add(id);
    if (cached && cached.text === text && cached.epoch === this.epoch && (cached.validatedAt === this.clock.generation || this.depsValid(cached.deps))) {
      cached.validatedAt = this.clock.generation;
      this.inProgress.delete(id);
      cache.hits++;
      const hit = { findings: cached.findings.map((f) => ({ ...f, file: unit.file, line: f.line + row })), summary: cached.summary };
      this.done.set(id, hit);
      return hit;
    }
    cache.misses++;
    const deps = new Map<string, string>();
    this.depStack.push(deps);
    let r: { findings: Finding[]; summary: FunctionFacts };
    try {
      const a = new FunctionFlow({
        file: unit.file,
        model: unit.model,
        text: unit.text,
        rules: this.rules,
        goMinor: this.goMinor,
        inlining: this.ctx.inlining,
        summaryOf: (key) => this.summaryOf(key, unit),
      });
      const res = a.analyze(decl);
      // The compiler's last verdict on inlining wins over the estimate from the body. An estimate
      // does not vouch for what the function inlines itself: the compiler inlines a function only
      // while it stays in budget with its own inlined calls, so those are left out.
      // A package's variable initialisers (`init`) are called by nothing.
      const verdict = decl.type === 'var_declaration' ? false : this.knowledge?.functions.get(name)?.inlinable;
      res.summary.inlinable = verdict ?? probablyInlinable(decl, name);
      if (verdict === undefined) withoutInlinedFacts(res.summary);
      r = { findings: res.findings.map((f) => ({ ...f, func: name })), summary: res.summary };
    } catch {
      // A construct the analyzer does not handle must not take the editor down: predict nothing here.
      r = { findings: [], summary: { params: new Map() } };
    } finally {
      this.depStack.pop();
      this.inProgress.delete(id);
    }
    this.done.set(id, r);
    if (!cached || serialise(cached.summary) !== serialise(r.summary)) this.clock.generation++;
    cache.entries.set(cacheKey, {
      epoch: this.epoch,
      validatedAt: this.clock.generation,
      text,
      findings: r.findings.map(({ file: _f, ...f }) => ({ ...f, line: f.line - row })),
      summary: r.summary,
      deps,
    });
    return r;
  }

  private depsValid(deps: Map<string, string>): boolean {
    for (const [key, seen] of deps) if (serialise(this.lookupSummary(key, this.self)) !== seen) return false;
    return true;
  }

  /** A callee's summary: analysed from this package when declared in it, else from knowledge. */
  summaryOf(key: string, from: Unit): FunctionFacts | undefined {
    const facts = this.lookupSummary(key, from);
    const deps = this.depStack[this.depStack.length - 1];
    deps?.set(key, serialise(facts));
    return facts;
  }

  private lookupSummary(key: string, from: Unit): FunctionFacts | undefined {
    const local = this.declIn(from, key) ?? (from !== this.self ? this.declIn(this.self, key) : undefined);
    if (local) return local;
    const known = this.knowledge?.functions.get(key);
    if (known) return known;
    const other = this.ctx.package?.declOf(key, from.model);
    if (other) {
      const file = this.ctx.package!.fileOf(other.model);
      if (file) {
        let cache = otherFileCaches.get(other.model);
        if (!cache) otherFileCaches.set(other.model, (cache = new PredictionCache()));
        cache.clock = this.clock;
        const unit = { file: file.path, text: file.text, model: other.model, cache };
        if (this.inProgress.has(`${unit.file}\0${other.ref.start}`)) return { params: new Map() };
        return this.result(unit, other.ref.node, key).summary;
      }
    }
    return STD_FACTS.get(key);
  }

  /** The summary of `key` when `unit`'s file declares it. */
  private declIn(unit: Unit, key: string): FunctionFacts | undefined {
    const ref: DeclRef | undefined = unit.model.declByName.get(key);
    if (!ref) return undefined;
    const decl = ref.node;
    if (this.inProgress.has(`${unit.file}\0${decl.startIndex}`)) return { params: new Map() };
    return this.result(unit, decl, key).summary;
  }
}

function withoutInlinedFacts(f: FunctionFacts): void {
  if (f.moved) f.moved = f.moved.filter((m) => !m.viaInlining);
  if (f.allocs) f.allocs = f.allocs.filter((a) => !a.viaInlining);
  if (!f.moved?.length) delete f.moved;
  if (!f.allocs?.length) delete f.allocs;
}

function serialise(f: FunctionFacts | undefined): string {
  if (!f) return '-';
  const parts: string[] = [];
  for (const [i, p] of [...f.params].sort((a, b) => a[0] - b[0])) parts.push(`${i}:${p.heap}:${p.results.join(',')}`);
  if (f.inlinable) {
    const facts = [...(f.moved ?? []).map((m) => ({ ...m, key: m.name })), ...(f.allocs ?? []).map((a) => ({ ...a, key: a.subject }))];
    parts.push(`inl:${facts.map((m) => `${m.key}/${m.always}/${m.results.join(',')}`).join('|')}`);
  }
  return parts.join(';');
}

const knowledgeIds = new WeakMap<object, number>();
let nextKnowledgeId = 1;

/** Everything outside function bodies that predictions depend on. */
function epochOf(declarations: number, ctx: PredictContext, knowledge: Knowledge | undefined, rules: readonly PredictRule[]): string {
  const id = (o: object | undefined) => {
    if (!o) return 0;
    let v = knowledgeIds.get(o);
    if (!v) knowledgeIds.set(o, (v = nextKnowledgeId++));
    return v;
  };
  return `${declarations}:${ctx.goVersion ?? ''}:${ctx.inlining ?? true}:${id(knowledge)}:${id(rules)}`;
}
