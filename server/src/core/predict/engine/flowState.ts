// The flow graph of one function while it is being built, and where the walk is: the function
// or closure whose body is walked and its loop depth. Every location and allocation of the
// function and its closures is made here.
import type { Node } from 'web-tree-sitter';
import type { AllocationSite } from '../rules/rule';
import { allocPos } from './compilerText';
import { DISCARD, FnScope, Hole, Loc, addr, flow } from './graph';
import type { ClosureInfo } from './variables';

export class FlowState {
  /** The heap: everything that flows here escapes. */
  readonly heap: Loc;
  readonly locs: Loc[] = [];
  /** The function or closure being walked. */
  fn!: FnScope;
  loopDepth = 1;
  /** Parameters of the function and of its closures, in declaration order. */
  readonly params: Loc[] = [];
  readonly results = new Map<FnScope, Loc[]>();
  readonly allocs: AllocationSite[] = [];
  readonly closures: ClosureInfo[] = [];
  readonly closureOf = new Map<FnScope, ClosureInfo>();
  /** Range-over-func loops seen so far, which number the compiler's `#stateN` variables. */
  rangeFuncLoops = 0;
  /**
   * Declarations the compiler has made in each function by this point of the walk (parameters,
   * results, locals and the temporaries its reader adds), which number `.autotmp_N`.
   */
  private readonly declared = new Map<FnScope, number>();

  constructor() {
    this.heap = new Loc('heap', 'heap', undefined, 0);
    this.heap.escapes = true;
  }

  newLoc(kind: Loc['kind'], name: string, pos?: Node, loopDepth = this.loopDepth): Loc {
    const l = new Loc(kind, name, this.fn, loopDepth);
    l.pos = pos;
    this.locs.push(l);
    return l;
  }

  heapHole(tag: string): Hole {
    return { loc: this.heap, derefs: 0, tag };
  }

  /** A fresh allocation whose address flows to `k`; returns the hole for its contents. */
  spill(k: Hole, subject: string | undefined, posNode: Node, kind: AllocationSite['kind'], extra?: Partial<AllocationSite> & { loopDepth?: number }): Hole {
    const loc = this.newLoc('alloc', subject ?? '?', posNode, extra?.loopDepth);
    // Without a subject the allocation still takes part in flows, but is never reported: the
    // compiler would word it in a way the syntax cannot tell (inlined calls print as `~r0`).
    loc.subject = subject;
    loc.pos = allocPos(posNode).node;
    if (k.loc) flow(addr(k), loc);
    this.allocs.push({ loc, node: posNode, kind, ...extra });
    return { loc, derefs: 0 };
  }

  /** A hole that feeds several holes. */
  tee(holes: Hole[]): Hole {
    const live = holes.filter((h) => h.loc);
    if (live.length === 0) return DISCARD;
    if (live.length === 1) return live[0];
    const t = this.newLoc('temp', 'tee');
    for (const h of live) flow(h, t);
    return { loc: t, derefs: 0 };
  }

  /** Counts `n` declarations of the function being walked. */
  countDeclarations(n = 1): void {
    this.declared.set(this.fn, (this.declared.get(this.fn) ?? 0) + n);
  }

  /** A compiler temporary (`.autotmp_N`) of the function being walked, numbered as the compiler does. */
  newTemporary(pos: Node): Loc {
    const n = this.declared.get(this.fn) ?? 0;
    this.countDeclarations();
    return this.newLoc('var', `.autotmp_${n}`, pos);
  }

  resultsOf(fn: FnScope): Loc[] {
    return this.results.get(fn) ?? [];
  }

  withDepth(depth: number, f: () => void): void {
    const saved = this.loopDepth;
    this.loopDepth = depth;
    try {
      f();
    } finally {
      this.loopDepth = saved;
    }
  }

  /** The declared function the walk is in (closures belong to it). */
  rootFn(): FnScope {
    let f = this.fn;
    while (f.parent) f = f.parent;
    return f;
  }
}
