// The shape of a predictor rule. Each rule owns one reason for escaping: it turns the syntax
// it recognises into sinks of the flow graph (a hole into the heap, a result, a forced
// allocation), tagged with its id so that a finding names the rule that caused it. Rules see
// the function being analysed only through RuleContext.
import type { Node } from 'web-tree-sitter';
import type { GoType } from '../declarations/types';
import type { FnScope, Hole, Loc } from '../engine/graph';
import type { FunctionFacts } from '../facts/knowledge';

/** What a rule may ask and do while a function's flow graph is built. */
export interface RuleContext {
  /** The function or closure whose body is being walked. */
  readonly fn: FnScope;
  /** 1 outside loops; each enclosing loop adds one. */
  readonly loopDepth: number;
  /** Go minor version of the target toolchain (26 for go1.26); undefined when unknown. */
  readonly goMinor: number | undefined;

  // The flow graph.
  heapHole(tag: string): Hole;
  /** A fresh allocation whose address flows to `k`; returns the hole for its contents. */
  spill(k: Hole, subject: string | undefined, posNode: Node, kind: AllocationSite['kind']): Hole;
  /** The result locations of a function or closure. */
  resultsOf(fn: FnScope): Loc[];

  // Walking the syntax into the graph.
  expr(k: Hole, n: Node): void;
  /** Evaluates `n` into `k`, converting it to `dest` first when `dest` needs a conversion. */
  exprTo(k: Hole, n: Node, dest: GoType | undefined): void;
  call(ks: Hole[], n: Node): void;
  funcLiteral(k: Hole, n: Node, calledDirectly: boolean): void;
  /** Sends a call's receiver expression into `k` as the call passes it. */
  receiver(k: Hole, node: Node, mode: RecvMode): void;

  // Names and types.
  typeOf(n: Node): GoType;
  underlying(t: GoType): GoType;
  isInterface(t: GoType): boolean;
  /** Parses a type expression at package level (no type parameters in scope). */
  parseType(n: Node | null | undefined): GoType;
  isConstant(n: Node): boolean;
  constValue(n: Node): number | undefined;
  /** The compiler's text for an expression, or undefined when the syntax cannot tell it. */
  subjectOf(n: Node): string | undefined;
  /** True for a package-level variable (not local, not a function, constant, type or import). */
  isGlobal(name: string): boolean;
  isPackageName(name: string): boolean;
  /** True when `name` is a package-level function here, not shadowed by a local. */
  isTopLevelFunc(name: string): boolean;
  methodCallOf(operand: Node, name: string): MethodCall;
}

export interface RuleHooks {
  /** Handles a statement the rule owns (return, send, go, defer); returns true when handled. */
  statement(c: RuleContext, node: Node): boolean;
  /** The destination of an assignment to `lhs` when the rule owns it (globals, heap objects). */
  assignTarget(c: RuleContext, lhs: Node): Hole | undefined;
  /** Holes for an argument passed to parameter `index` of a known callee (receiver is -1). */
  argumentHoles(c: RuleContext, callee: CalleeInfo, index: number, results: Hole[]): Hole[] | undefined;
  /** Evaluates `value` into `k` when `dest` needs a conversion the rule models; true when handled. */
  convert(c: RuleContext, k: Hole, value: Node, dest: GoType): boolean;
  /** Marks an allocation as forced to the heap; true when the rule did. */
  forceAllocation(c: RuleContext, alloc: AllocationSite): boolean;
  /** Marks a declared variable as forced to the heap (too large for the stack). */
  forceVariable(c: RuleContext, loc: Loc, type: GoType): boolean;
}

export interface PredictRule {
  id: string;
  /** One sentence for documentation: what the rule recognises. */
  summary: string;
  hooks: Partial<RuleHooks>;
}

/** What the analyzer knows about a called function. */
export interface CalleeInfo {
  /** The compiler's name for it (`F`, `(*T).M`, `importpath.F`), when static. */
  key?: string;
  /** Per-parameter facts; undefined means the callee is unknown (a func value or interface method). */
  facts?: FunctionFacts;
  /** True when the callee cannot be known statically: arguments are assumed to escape. */
  dynamic: boolean;
  /** Package name of an imported callee, which qualifies its inlined variables (`flate.dw`). */
  pkgName?: string;
}

/** How a receiver is passed: as is, by address (a pointer method on a value), or dereferenced (a value method through a pointer). */
export type RecvMode = 'value' | 'address' | 'deref';

/** What `operand.name(...)` calls: a known method and how its receiver is passed, or an interface method, a func-valued field or something unknown. */
export type MethodCall =
  | { kind: 'iface' | 'funcField' | 'unknown' }
  | { kind: 'method'; m: { pointerReceiver: boolean; decl?: Node; key?: string }; base: GoType; mode: RecvMode };

export interface AllocationSite {
  loc: Loc;
  node: Node;
  kind: 'make' | 'new' | 'composite' | 'closure' | 'convert' | 'other';
  /** For `make`: the element type and the length/capacity arguments. */
  type?: GoType;
  sizeArgs?: Node[];
}
