// Reads the compiler's other optimization decisions from its text output: inlining (`-m`, and
// `-m=2` for the functions that cannot be inlined), bounds checks left in
// (`-d=ssa/check_bce/debug=1`) and nil checks left in (`-d=nil`). Pure: no I/O.
// Messages as go1.26.8 prints them (cmd/compile/internal/inline/inl.go, ssa/checkbce.go and the
// back ends' `generated nil check`):
//   ./a.go:14:11: inlining call to newT
//   ./a.go:13:6: cannot inline notInlinable: function too complex: cost 92 exceeds budget 80
//   ./a.go:8:18: Found IsInBounds            ./a.go:23:25: Found IsSliceInBounds
//   ./b.go:9:6: generated nil check
import type { Category, Decision } from '../findings';
import { RuleId, RuleIdValue } from '../catalogue/ids';

/** Categories of compiler decisions other than escape analysis. Off by default (`include`). */
export const DECISION_CATEGORIES = ['inline', 'bounds', 'nil'] as const;
export type DecisionCategory = (typeof DECISION_CATEGORIES)[number];

export function isDecisionCategory(c: Category): c is DecisionCategory {
  return (DECISION_CATEGORIES as readonly string[]).includes(c);
}

export interface ParsedDecision {
  category: DecisionCategory;
  rule: RuleIdValue;
  decision: Decision;
}

const INLINED = /^inlining call to (.+)$/;
// `cannot inline F: reason`, and per call site `cannot inline F into G: repeated recursive cycle`.
const NOT_INLINABLE = /^cannot inline (.+?)(?: into (.+?))?: (.+)$/;
const COST = /cost (\d+) exceeds budget (\d+)/;
const BOUNDS = /^Found (IsInBounds|IsSliceInBounds)$/;
const NIL_LEFT = 'generated nil check';
/**
 * Decision messages that are not findings: inlinable functions (the interesting fact is the
 * call site that inlined them), nil checks the compiler removed, and the note that a large
 * function gets a smaller budget for its callees.
 */
const NOT_FINDINGS = /^(?:can inline |removed nil check$|function .+ considered 'big'; reducing max cost of inlinees$)/;

/** The decision a message reports, or undefined when it is not one of these messages. */
export function parseDecision(message: string): ParsedDecision | undefined {
  let m = INLINED.exec(message);
  if (m) return { category: 'inline', rule: RuleId.InlinedCall, decision: { function: m[1], inlined: true } };
  m = NOT_INLINABLE.exec(message);
  if (m) {
    const cost = COST.exec(m[3]);
    const decision: Decision = { function: m[1], inlined: false, reason: m[3] };
    if (m[2]) decision.caller = m[2];
    if (cost) {
      decision.cost = Number(cost[1]);
      decision.budget = Number(cost[2]);
    }
    return { category: 'inline', rule: RuleId.NotInlined, decision };
  }
  m = BOUNDS.exec(message);
  if (m) return { category: 'bounds', rule: RuleId.BoundsCheck, decision: { check: m[1] as 'IsInBounds' | 'IsSliceInBounds' } };
  if (message === NIL_LEFT) return { category: 'nil', rule: RuleId.NilCheck, decision: {} };
  return undefined;
}

/** True for decision messages that are deliberately not findings (see NOT_FINDINGS). */
export function isQuietDecision(message: string): boolean {
  return NOT_FINDINGS.test(message);
}

/**
 * The compiler flags that make it print the decisions of these categories; empty when none is
 * asked for, so the categories cost nothing when they are off. `inline` needs no flag for the
 * inlined calls, but the functions that cannot be inlined are printed at `-m=2` only: see
 * `decisionsNeedExplain`.
 */
export function decisionCompilerFlags(include: ReadonlySet<Category>): string[] {
  const flags: string[] = [];
  if (include.has('bounds')) flags.push('-d=ssa/check_bce/debug=1');
  if (include.has('nil')) flags.push('-d=nil');
  return flags;
}

/** True when the categories need the compiler's `-m=2` output (the reasons a function cannot be inlined). */
export function decisionsNeedExplain(include: ReadonlySet<Category>): boolean {
  return include.has('inline');
}
