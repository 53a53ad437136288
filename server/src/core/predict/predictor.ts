// Entry points of the predictor. A prediction runs per function declaration (closures are
// analysed with their enclosing function, as the compiler does); results are cached per
// function text and invalidated when the file's declarations or a callee's summary change,
// so that an edit re-analyses only the functions it touched.
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding } from '../findings';
import type { OffsetRange } from '../treesitter/documentTree';
import { DeclRef, FileModel, fileModelOf } from './declarations/fileModel';
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
   * needs no dependency check: no callee can have changed since.
   */
  generation = 0;
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

/** Function declarations overlapping the ranges, for callers that want to know what will be re-predicted. */
export function functionsInRanges(tree: Tree, text: string, ranges: readonly OffsetRange[]): { name: string; start: number; end: number }[] {
  const model = new FileModel(tree.rootNode, undefined, text);
  return model.decls.filter((d) => overlapsAny(ranges, d.start, d.end)).map((d) => ({ name: d.name, start: d.start, end: d.end }));
}

/** One prediction pass over a file: shares the file model and memoises summaries. */
class Run {
  readonly model: FileModel;
  private readonly rules: readonly PredictRule[];
  private readonly goMinor?: number;
  private readonly knowledge?: Knowledge;
  private readonly done = new Map<number, { findings: Finding[]; summary: FunctionFacts }>();
  private readonly inProgress = new Set<number>();
  private readonly depStack: Map<string, string>[] = [];
  private readonly epoch: string;
  private readonly cache: PredictionCache;

  constructor(
    tree: Tree,
    private readonly file: string,
    private readonly text: string,
    private readonly ctx: PredictContext,
  ) {
    const m = ctx.goVersion ? /^go1\.(\d+)/.exec(ctx.goVersion) : null;
    this.goMinor = m ? Number(m[1]) : undefined;
    const shipped = ctx.shippedFacts === false ? undefined : shippedStdFacts(this.goMinor);
    this.knowledge = shipped ? layerKnowledge(ctx.knowledge, shipped) : ctx.knowledge;
    this.model = fileModelOf(tree, this.knowledge, text);
    this.rules = ctx.rules ?? RULES;
    this.cache = ctx.cache ?? new PredictionCache();
    this.epoch = epochOf(this.model.declarationsHash, ctx, this.knowledge, this.rules);
  }

  /** `cacheKey` tells apart declarations of the same name; callers by name get the first. */
  findingsOf(decl: Node, name: string, cacheKey = name): Finding[] {
    return this.result(decl, name, cacheKey).findings;
  }

  private result(decl: Node, name: string, cacheKey = name): { findings: Finding[]; summary: FunctionFacts } {
    const done = this.done.get(decl.id);
    if (done) return done;
    const row = decl.startPosition.row;
    const text = decl.text;
    const cached = this.cache.entries.get(cacheKey);
    // Marked in progress before checking dependencies: recursive functions depend on each other.
    this.inProgress.add(decl.id);
    if (cached && cached.text === text && cached.epoch === this.epoch && (cached.validatedAt === this.cache.generation || this.depsValid(cached.deps))) {
      cached.validatedAt = this.cache.generation;
      this.inProgress.delete(decl.id);
      this.cache.hits++;
      const hit = { findings: cached.findings.map((f) => ({ ...f, file: this.file, line: f.line + row })), summary: cached.summary };
      this.done.set(decl.id, hit);
      return hit;
    }
    this.cache.misses++;
    const deps = new Map<string, string>();
    this.depStack.push(deps);
    let r: { findings: Finding[]; summary: FunctionFacts };
    try {
      const a = new FunctionFlow({
        file: this.file,
        model: this.model,
        text: this.text,
        rules: this.rules,
        goMinor: this.goMinor,
        inlining: this.ctx.inlining,
        summaryOf: (key) => this.summaryOf(key),
      });
      const res = a.analyze(decl);
      // The compiler's last verdict on inlining wins over the estimate from the body.
      res.summary.inlinable = this.knowledge?.functions.get(name)?.inlinable ?? probablyInlinable(decl, name);
      r = { findings: res.findings.map((f) => ({ ...f, func: name })), summary: res.summary };
    } catch {
      // A construct the analyzer does not handle must not take the editor down: predict nothing here.
      r = { findings: [], summary: { params: new Map() } };
    } finally {
      this.depStack.pop();
      this.inProgress.delete(decl.id);
    }
    this.done.set(decl.id, r);
    if (!cached || serialise(cached.summary) !== serialise(r.summary)) this.cache.generation++;
    this.cache.entries.set(cacheKey, {
      epoch: this.epoch,
      validatedAt: this.cache.generation,
      text,
      findings: r.findings.map(({ file: _f, ...f }) => ({ ...f, line: f.line - row })),
      summary: r.summary,
      deps,
    });
    return r;
  }

  private depsValid(deps: Map<string, string>): boolean {
    for (const [key, seen] of deps) if (serialise(this.lookupSummary(key)) !== seen) return false;
    return true;
  }

  /** A callee's summary: analysed from this file when declared here, else from knowledge. */
  summaryOf(key: string): FunctionFacts | undefined {
    const facts = this.lookupSummary(key);
    const deps = this.depStack[this.depStack.length - 1];
    deps?.set(key, serialise(facts));
    return facts;
  }

  private lookupSummary(key: string): FunctionFacts | undefined {
    const ref: DeclRef | undefined = this.model.declByName.get(key);
    if (ref) {
      const decl = ref.node;
      if (this.inProgress.has(decl.id)) return { params: new Map() };
      return this.result(decl, key).summary;
    }
    return this.knowledge?.functions.get(key) ?? STD_FACTS.get(key);
  }
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
