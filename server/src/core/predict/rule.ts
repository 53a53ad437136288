// The shape of a predictor rule. Each rule owns one reason for escaping: it turns the syntax
// it recognises into sinks of the flow graph (a hole into the heap, a result, a forced
// allocation), tagged with its id so that a finding names the rule that caused it.
import type { Node } from 'web-tree-sitter';
import type { Analyzer } from './analyzer';
import type { Hole, Loc } from './graph';
import type { GoType } from './types';

export interface RuleHooks {
  /** Handles a statement the rule owns (return, send, go, defer); returns true when handled. */
  statement(a: Analyzer, node: Node): boolean;
  /** The destination of an assignment to `lhs` when the rule owns it (globals, heap objects). */
  assignTarget(a: Analyzer, lhs: Node): Hole | undefined;
  /** Holes for an argument passed to parameter `index` of a known callee (receiver is -1). */
  argumentHoles(a: Analyzer, callee: CalleeInfo, index: number, results: Hole[]): Hole[] | undefined;
  /** Evaluates `value` into `k` when `dest` needs a conversion the rule models; true when handled. */
  convert(a: Analyzer, k: Hole, value: Node, dest: GoType): boolean;
  /** Marks an allocation as forced to the heap; returns the rule id or undefined. */
  forceAllocation(a: Analyzer, alloc: AllocationSite): boolean;
  /** Marks a declared variable as forced to the heap (too large for the stack). */
  forceVariable(a: Analyzer, loc: Loc, type: GoType): boolean;
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
  facts?: import('./knowledge').FunctionFacts;
  /** True when the callee cannot be known statically: arguments are assumed to escape. */
  dynamic: boolean;
  /** Package name of an imported callee, which qualifies its inlined variables (`flate.dw`). */
  pkgName?: string;
}

export interface AllocationSite {
  loc: Loc;
  node: Node;
  kind: 'make' | 'new' | 'composite' | 'closure' | 'convert' | 'other';
  /** For `make`: the element type and the length/capacity arguments. */
  type?: GoType;
  sizeArgs?: Node[];
}
