// The data-flow graph of one function and its closures, shaped like the compiler's own escape
// analysis (cmd/compile/internal/escape): locations for variables and allocations, edges that
// say "src flows to dst after `derefs` dereferences" (-1 means the address of src), and a
// solver that finds which locations' addresses reach something that outlives them.
import type { Node } from 'web-tree-sitter';

/** A function body being analysed: a declared function or a closure inside it. */
export interface FnScope {
  parent?: FnScope;
  node: Node;
  /** Closures called right where they are defined: their results do not outlive the caller. */
  calledDirectly: boolean;
}

export type LocKind = 'var' | 'param' | 'result' | 'alloc' | 'heap' | 'temp';

export interface Edge {
  src: Loc;
  derefs: number;
  /** Rule that created the edge, when it is a reason to escape (a sink). */
  tag?: string;
}

export class Loc {
  readonly edges: Edge[] = [];
  escapes = false;
  /** The rule responsible once the location escapes. */
  reason?: string;
  /** Brought in by an inlined call: the callee's own copy, which the function's summary leaves out. */
  inlined?: boolean;
  /** Forced to the heap regardless of flows (too large, non-constant size). */
  forced?: string;
  /** Parameter index (receiver is -1) for leak summaries. */
  paramIndex?: number;
  resultIndex?: number;
  /** Minimum derefs with which this parameter reaches the heap and each result; -1 for none. */
  leakHeap = -1;
  leakResults: number[] = [];
  /** For allocations: the message subject (`&T{...}`, `make([]byte, n)`, `func literal`). */
  subject?: string;
  /** Where the compiler reports the location (identifier or expression start). */
  pos?: Node;
  // Walk state.
  walkgen = 0;
  derefs = 0;
  walkTag?: string;
  walkParent?: Loc;
  /** When the location escaped only by reaching a result of its function: that result's index. */
  escapeResult?: number;
  /** How the location reached what made it escape, nearest first (for debugging and explanations). */
  path?: string[];

  constructor(
    readonly kind: LocKind,
    readonly name: string,
    readonly fn: FnScope | undefined,
    readonly loopDepth: number,
  ) {}
}

/** A destination for a value: flow into `loc` after `derefs` dereferences (null loc discards). */
export interface Hole {
  loc: Loc | null;
  derefs: number;
  tag?: string;
}

/** Set GO_ESCAPE_PREDICT_DEBUG=1 to record, for each escaping location, the path that moved it. */
const debugPaths = !!process.env.GO_ESCAPE_PREDICT_DEBUG;

export const DISCARD: Hole = { loc: null, derefs: 0 };

export function addr(k: Hole): Hole {
  return k.loc ? { ...k, derefs: k.derefs - 1 } : k;
}

export function deref(k: Hole): Hole {
  return k.loc ? { ...k, derefs: k.derefs + 1 } : k;
}

export function shift(k: Hole, n: number): Hole {
  return k.loc ? { ...k, derefs: k.derefs + n } : k;
}

export function tagged(k: Hole, tag: string): Hole {
  return k.loc ? { ...k, tag } : k;
}

/** Records that `src` flows into hole `k`. */
export function flow(k: Hole, src: Loc): void {
  if (!k.loc) return;
  if (k.loc === src && k.derefs >= 0) return; // Self-assignment is a no-op, as in the compiler.
  k.loc.edges.push({ src, derefs: k.derefs, tag: k.tag });
}

function containsClosure(outer: FnScope | undefined, inner: FnScope | undefined): boolean {
  if (!outer || !inner || outer === inner) return false;
  for (let f = inner.parent; f; f = f.parent) if (f === outer) return true;
  return false;
}

/** Whether values flowing to `root` live longer than location `l`. */
function outlives(root: Loc, l: Loc): boolean {
  if (root.escapes) return true;
  if (root.kind === 'result') {
    // A closure called where it is defined returns into its caller's frame.
    if (root.fn && root.fn.calledDirectly && containsClosure(l.fn, root.fn)) return false;
    return true;
  }
  if (root.fn === l.fn && root.loopDepth < l.loopDepth) return true;
  if (containsClosure(root.fn, l.fn)) return true;
  return false;
}

/** Solves the graph: marks escaping locations and records parameter leaks. */
export function solve(locs: Loc[], heap: Loc): void {
  let walkgen = 0;
  const todo: Loc[] = [heap, ...locs.filter((l) => l.forced)];
  for (const l of todo) {
    if (l.forced && !l.escapes) {
      l.escapes = true;
      l.reason = l.forced;
    }
  }
  const queued = new Set<Loc>(todo);
  const roots: Loc[] = [...todo, ...locs.filter((l) => !queued.has(l))];
  // Escaping locations discovered during a walk are walked again as roots.
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i];
    walkgen++;
    const newlyEscaped = walkOne(root, walkgen);
    for (const e of newlyEscaped) roots.push(e);
  }
}

function walkOne(root: Loc, walkgen: number): Loc[] {
  const escaped: Loc[] = [];
  root.walkgen = walkgen;
  root.derefs = 0;
  root.walkTag = root.reason;
  const todo: Loc[] = [root];
  for (let head = 0; head < todo.length; head++) {
    const l = todo[head];
    let derefs = l.derefs;
    const addressOf = derefs < 0;
    if (addressOf) derefs = 0;
    // A location can reach itself by address (`x = &x`): then it outlives itself only if it is a result.
    if ((l !== root || addressOf) && outlives(root, l)) {
      if (l.paramIndex !== undefined && (root.escapes || root.fn === l.fn)) recordLeak(root, l, derefs);
      if (addressOf && !l.escapes) {
        l.escapes = true;
        l.reason = l.walkTag ?? root.reason;
        l.escapeResult = !root.escapes && root.kind === 'result' ? root.resultIndex : undefined;
        if (debugPaths) {
          l.path = [];
          for (let p: Loc | undefined = l; p && l.path.length < 20; p = p === root ? undefined : p.walkParent) l.path.push(`${p.kind}:${p.name}${p.walkTag ? `[${p.walkTag}]` : ''}`);
        }
        escaped.push(l);
        continue;
      }
    }
    for (const e of l.edges) {
      if (e.src.escapes) continue;
      const d = derefs + e.derefs;
      if (e.src.walkgen !== walkgen || e.src.derefs > d) {
        e.src.walkgen = walkgen;
        e.src.derefs = d;
        e.src.walkTag = e.tag ?? l.walkTag;
        e.src.walkParent = l;
        todo.push(e.src);
      }
    }
  }
  return escaped;
}

function recordLeak(root: Loc, param: Loc, derefs: number): void {
  if (root.escapes) {
    if (param.leakHeap < 0 || derefs < param.leakHeap) param.leakHeap = derefs;
  } else if (root.kind === 'result' && root.resultIndex !== undefined) {
    const cur = param.leakResults[root.resultIndex];
    if (cur === undefined || cur < 0 || derefs < cur) param.leakResults[root.resultIndex] = derefs;
  }
}
