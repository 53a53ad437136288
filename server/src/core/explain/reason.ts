// Reads why the compiler moved a value to the heap from its own explanation (`-m=2` flows):
// the step kinds it printed (`address-of`, `return`, `call parameter`, ...) and where the last
// flow ends (`{heap}`, `~r0`, another allocation). Nothing here looks at source code.
import { messageCategory, type Finding, type Flow, type FlowStep } from '../findings';
import { subjectOf } from '../compiler/parseText';
import { RuleId, RuleIdValue } from '../catalogue/ids';
import { calleeOf, parseEdge, stepExpr, storageKind, storageOf, StorageKind } from './flowText';

/** Where the explanation ends. */
export type Sink =
  /** A result of the function: `~r0`, or `return` in the last flow. */
  | 'result'
  /** `{heap}`: a global, memory behind a pointer, a map, a callee that keeps it, a goroutine. */
  | 'heap'
  /** The storage of another allocation that escapes in turn (`{storage for &T{...}}`). */
  | 'storage'
  /** A named location that outlives the function: a named result or a variable of an enclosing function. */
  | 'outer'
  /** A local variable that is itself moved to the heap (known only with a `ReasonContext`). */
  | 'moved'
  /** No flows, or flows without steps. */
  | 'none';

export interface Reason {
  rule: RuleIdValue;
  /** The value the verdict is about: `u`, `make([]byte, n)`, a parameter name. */
  subject: string;
  /** The compiler's own name for the storage, when the subject is an allocation expression. */
  storage?: StorageKind;
  /** True when the heap memory is the copy an interface conversion makes of the subject. */
  boxed: boolean;
  /** The explanation's name for the boxed value (usually the subject). */
  boxOf?: string;
  sink: Sink;
  /** The last flow's destination as the compiler printed it. */
  sinkName?: string;
  /** For a leaking call: the function the value is passed to, as the compiler printed it. */
  callee?: string;
  /** The step that decided the rule, when one did. */
  decisive?: FlowStep;
  /** The flows the reason was read from: the finding's own, followed through others (see ReasonContext). */
  flows: Flow[];
}

const ALLOCATION_REASONS: Record<string, RuleIdValue> = {
  'too large for stack': RuleId.TooLarge,
  'non-constant size': RuleId.NonConstantSize,
  'zero-sized element': RuleId.ZeroSizedElement,
};

/** Step kinds after which the value sits in heap memory (a store, not a call). */
const STORE_KINDS = new Set([
  'assign',
  'assign-pair',
  'assign-pair-dot-type',
  'assign-pair-mapr',
  'assign-pair-receive',
  'key of map put',
  'map literal key',
  'map literal value',
  'appendee slice',
  'appended slice...',
  'copied slice',
  'struct literal element',
  'array literal element',
  'slice-literal-element',
]);

function allSteps(flows: Flow[]): FlowStep[] {
  return flows.flatMap((f) => f.steps);
}

/**
 * The value whose interface copy the heap memory is, when it is one: the first flow starts with
 * the value's own storage (a spill), and the compiler's name for it is not one of its allocation
 * expressions. A pointer-shaped value converted on the way (`interface-converted` later in the
 * chain) needs no copy: what happens to the interface value afterwards decides its rule.
 */
function boxedValue(flows: Flow[]): string | undefined {
  const first = flows[0];
  if (!first) return undefined;
  // The explanation's own name for the value, which an inlined call can make differ from the
  // verdict's (`3 escapes to heap` explained as `n`).
  const value = storageOf(parseEdge(first.edge).src);
  const spill = first.steps[0];
  if (value === undefined || spill?.kind !== 'spill' || stepExpr(spill) !== value) return undefined;
  return isBoxKind(value, first) ? value : undefined;
}

/**
 * A field or method value (`u.Name`, `u.String`) and a binary expression (`a + b`, also string
 * concatenation) only count when their copy goes into a `...` argument slice: the text cannot
 * tell a method value or a concatenation from a boxed value, but `...any` parameters need a box.
 */
function isBoxKind(value: string, first: Flow): boolean {
  const kind = storageKind(value);
  if (kind === 'interface-box') return true;
  if (kind === 'selector' || kind === 'binary') {
    const i = first.steps.findIndex((s) => s.kind === 'spill');
    const next = first.steps[i + 1];
    return i >= 0 && next?.kind === 'slice-literal-element' && stepExpr(next) === '... argument';
  }
  return false;
}

/**
 * What the other findings of the same build say, for the case a single explanation cannot settle:
 * the compiler stops an explanation at a named variable (`b ← nb`) when that variable is already
 * known to escape. Another finding's explanation may say where the variable goes next; if none
 * does, the variable is itself moved to the heap, or it is a named result or a variable of an
 * enclosing function.
 */
export interface ReasonContext {
  /** Keys of `moved to heap: x` findings: file, function (when known) and name. */
  moved: ReadonlySet<string>;
  /** For a variable, the rest of another explanation from the flow that starts at it. */
  continues: ReadonlyMap<string, Flow[]>;
}

function varKey(file: string, func: string | undefined, name: string): string {
  return `${file}\0${func ?? ''}\0${name}`;
}

/** Collects what `readReason` needs to know about a package's other findings. */
export function buildReasonContext(findings: readonly Finding[]): ReasonContext {
  const context: ReasonContext = { moved: new Set(), continues: new Map() };
  addToReasonContext(context, findings);
  return context;
}

/** Adds findings to a context, for a caller that builds it a batch at a time (a large package's). */
export function addToReasonContext(context: ReasonContext, findings: readonly Finding[]): void {
  // The context is read-only to its readers; it is built here only.
  const moved = context.moved as Set<string>;
  const continues = context.continues as Map<string, Flow[]>;
  for (const f of findings) {
    const name = messageCategory(f) === 'moved' ? subjectOf(f.message) : undefined;
    if (name) moved.add(varKey(f.file, f.func, name));
    (f.flows ?? []).forEach((flow, i) => {
      const src = parseEdge(flow.edge).src.replace(/^[&*]+/, '');
      if (!/^[A-Za-z_][\w.]*$/.test(src)) return;
      const key = varKey(f.file, f.func, src);
      if (!continues.has(key)) continues.set(key, f.flows!.slice(i));
    });
  }
}

/** True for a variable name as a flow destination (not `{heap}`, `~r0` or `{storage for x}`). */
function isVariable(dst: string): boolean {
  return !dst.startsWith('{') && !/^~r\d+$/.test(dst);
}

/** The explanation, followed through other explanations where it stops at a variable (at most a few hops). */
function followFlows(finding: Finding, context: ReasonContext | undefined): Flow[] {
  const flows = [...(finding.flows ?? [])];
  if (!context) return flows;
  const seen = new Set<string>();
  for (let hop = 0; hop < 4 && flows.length > 0; hop++) {
    const { dst } = parseEdge(flows[flows.length - 1].edge);
    if (!isVariable(dst)) break;
    const key = varKey(finding.file, finding.func, dst);
    if (seen.has(key) || context.moved.has(key)) break;
    seen.add(key);
    const next = context.continues.get(key);
    if (!next) break;
    flows.push(...next);
  }
  return flows;
}

/** Reads the reason from a finding's explanation. Findings without one get `unexplained`. */
export function readReason(finding: Finding, context?: ReasonContext): Reason {
  const subject = subjectOf(finding.message) ?? finding.message;
  const flows = followFlows(finding, context);
  const steps = allSteps(flows);
  const category = messageCategory(finding);
  const storage = category === 'escapes' ? storageKind(subject) : undefined;
  const base = { subject, storage, boxed: false, sink: 'none' as Sink, flows };

  if (category === 'noescape') return { ...base, rule: RuleId.NoEscape };
  const last = flows[flows.length - 1];
  const { dst } = last ? parseEdge(last.edge) : { dst: undefined };
  const sink: Sink =
    dst === undefined || steps.length === 0
      ? 'none'
      : dst === '{heap}'
        ? 'heap'
        : /^~r\d+$/.test(dst) || last.steps.some((s) => s.kind === 'return')
          ? 'result'
          : dst.startsWith('{storage for ')
            ? 'storage'
            : dst === '{temp}'
              ? 'none'
              : 'outer';
  const withSink = { ...base, sink, sinkName: dst };
  // A parameter's leak is a fact about the function, whatever path it takes.
  if (category === 'leak') return { ...withSink, rule: RuleId.LeakingParam };
  if (steps.length === 0) return { ...withSink, rule: RuleId.Unexplained };

  // Reasons the compiler states about the allocation itself come first: nothing else matters.
  for (const s of steps) {
    const rule = s.kind ? ALLOCATION_REASONS[s.kind] : undefined;
    if (rule) return { ...withSink, rule, decisive: s };
  }
  const captured = steps.find((s) => s.kind === 'captured by a closure');
  if (captured) return { ...withSink, rule: RuleId.ClosureCapture, decisive: captured };
  if (storage === 'closure') return { ...withSink, rule: RuleId.ClosureCapture, decisive: steps.at(-1) };

  const boxOf = category === 'escapes' ? boxedValue(flows) : undefined;
  const boxed = boxOf !== undefined;
  if (boxed) {
    const decisive = steps.find((s) => s.kind === 'spill');
    const call = [...last.steps].reverse().find((s) => s.kind === 'call parameter');
    return { ...withSink, boxed, boxOf, rule: RuleId.InterfaceConversion, decisive, callee: call ? calleeOf(stepExpr(call)) : undefined };
  }

  const send = steps.find((s) => s.kind === 'send');
  if (send) return { ...withSink, rule: RuleId.ChannelSend, decisive: send };

  // A last flow can come without steps (`{heap} ← *{temp}`): the step before it put the value there.
  const lastStep = steps.at(-1);
  switch (sink) {
    case 'result':
      return { ...withSink, rule: RuleId.ReturnedAddress, decisive: [...steps].reverse().find((s) => s.kind === 'return') ?? lastStep };
    case 'outer':
      if (context?.moved.has(varKey(finding.file, finding.func, dst!))) {
        return { ...withSink, sink: 'moved', rule: RuleId.HeapStore, decisive: lastStep };
      }
      return { ...withSink, rule: RuleId.ReturnedAddress, decisive: lastStep };
    case 'storage':
      // Converted to an interface whose copy escapes: the conversion is what put it there.
      if (lastStep?.kind === 'interface-converted') return { ...withSink, rule: RuleId.InterfaceConversion, decisive: lastStep };
      return { ...withSink, rule: RuleId.HeapStore, decisive: lastStep };
    case 'heap':
      return fromHeapStep(withSink, lastStep);
    default:
      return { ...withSink, rule: RuleId.Unexplained };
  }
}

/** Classifies a flow into `{heap}` by the step that put it there. */
function fromHeapStep(r: Omit<Reason, 'rule'>, step: FlowStep | undefined): Reason {
  if (!step?.kind) return { ...r, rule: RuleId.Unexplained };
  if (step.kind === 'call parameter') {
    const callee = calleeOf(stepExpr(step));
    // `append` stores its arguments into the slice's backing array, which the compiler treats as heap memory.
    if (callee === 'append') return { ...r, rule: RuleId.HeapStore, callee, decisive: step };
    return { ...r, rule: RuleId.LeakingCall, callee, decisive: step };
  }
  if (step.kind === 'assign' && /^\*[A-Za-z_]\w*\s*=/.test(stepExpr(step))) {
    // `*out = &u`: written through a pointer the caller handed in, the out-parameter case.
    return { ...r, rule: RuleId.ReturnedAddress, decisive: step };
  }
  if (STORE_KINDS.has(step.kind)) return { ...r, rule: RuleId.HeapStore, decisive: step };
  return { ...r, rule: RuleId.Unexplained, decisive: step };
}
