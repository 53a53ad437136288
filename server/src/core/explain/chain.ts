// Turns the compiler's explanation into a short chain of plain-words steps, each with the
// position the compiler gave, ending in a conclusion: "`&u` is returned from `createUserV2`
// (line 15), so `u` must outlive its stack frame." Pure: the LSP layer turns positions into links.
import { messageCategory, type Finding, type FlowStep } from '../findings';
import { RuleId } from '../catalogue/ids';
import { calleeOf, isConstantLiteral, parseEdge, stepExpr, storageOf } from './flowText';
import { Reason, ReasonContext, readReason } from './reason';

export interface ChainStep {
  /** One plain-words step; inline code in Markdown backticks, no links. */
  text: string;
  /** The compiler's word for the step (`address-of`, `return`, ...). */
  kind?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface Chain {
  reason: Reason;
  steps: ChainStep[];
  /** The sentence that ends the chain, starting with "so" or a capital letter. */
  conclusion: string;
}

/** Inline code that survives backticks inside the code (raw strings in compiler text). */
export function code(text: string): string {
  let fence = '`';
  while (text.includes(fence)) fence += '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** How a location of the explanation reads in a sentence. */
function place(loc: string): string {
  if (loc === '{heap}') return 'the heap';
  if (loc === '{temp}') return 'a temporary';
  const storage = storageOf(loc);
  if (storage === '... argument') return 'the `...` argument slice';
  if (storage !== undefined) return `the memory of ${code(storage)}`;
  if (/^~r\d+$/.test(loc)) return 'the result';
  return code(loc);
}

/**
 * Names the compiler makes up (`~r0`, `.autotmp_3`, `{temp}`) or takes from an inlined function
 * (`fmt.a`): assigning to them is bookkeeping, so the chain keeps calling the value what it was.
 */
function bookkeeping(name: string): boolean {
  return /^~r\d+$/.test(name) || name.startsWith('.autotmp') || name === '{temp}' || (!name.startsWith('{') && name.includes('.'));
}

/** Step kinds that only move the value along; shown as "then `expr`" when they are the whole story. */
const TRANSPORT: Record<string, string> = {
  dot: 'a field or method of it',
  'dot of pointer': 'read through a pointer',
  indirection: 'read through a pointer',
  slice: 'a slice of it',
  'fixed-array-index-of': 'an element of it',
  range: 'a range over it',
  'range-deref': 'a range over it',
  'switch case': 'a type switch case',
  'slice-to-array': 'converted to an array',
};

/** Renders one step, given the value it carries so far; returns undefined for steps not worth a line. */
function phrase(step: FlowStep, carried: string, dst: string, fn: string | undefined, reason: Reason, last: boolean): string | undefined {
  const expr = stepExpr(step);
  // Compiler-made locations (`{temp}`, `~r0`, `{storage for x}`) read as words, names as code.
  const c = /^(\{.*\}|~r\d+)$/.test(carried) ? place(carried) : carried === '... argument' ? 'the `...` argument slice' : code(carried);
  switch (step.kind) {
    case 'address-of':
      return `${code(expr)} takes its address`;
    case 'return':
      return expr === `return ${carried}` && fn ? `${c} is returned from ${code(fn)}` : `${c} is returned${fn ? ` from ${code(fn)}` : ''}: ${code(expr)}`;
    case 'assign':
    case 'assign-pair':
    case 'assign-pair-dot-type':
    case 'assign-pair-mapr':
    case 'assign-pair-receive':
      if (dst === '{heap}') {
        return /^\*[A-Za-z_]\w*\s*=/.test(expr) ? `${c} is written through a pointer the caller passed in: ${code(expr)}` : `${c} is stored by ${code(expr)}`;
      }
      if (bookkeeping(dst)) return undefined;
      return `${c} is assigned to ${place(dst)}: ${code(expr)}`;
    case 'call parameter': {
      const callee = calleeOf(expr);
      if (callee === 'append') return `${c} is appended to a slice: ${code(expr)}`;
      return callee ? `${c} is passed to ${code(callee)}` : `${c} is passed in the call ${code(expr)}`;
    }
    case 'interface-converted':
      return `${c} is converted to an interface`;
    case 'spill':
      if (reason.boxed && expr === reason.boxOf) return `${code(expr)} is converted to an interface, which needs a copy of it in memory`;
      // A closure sent to the heap with no further step: what the compiler does for `go` and for `defer` in a loop.
      if (dst === '{heap}' && last && reason.storage === 'closure') {
        return `${code(expr)} goes straight to the heap, as the compiler does for a function started with \`go\` or deferred inside a loop`;
      }
      return undefined;
    case 'slice-literal-element':
      return expr === '... argument' ? `${c} is put in the \`...\` argument slice of a variadic call` : `${c} is put in the slice literal ${code(expr)}`;
    case 'captured by a closure':
      return `${c} is captured by a function literal`;
    case 'reference':
      return undefined;
    case 'send':
      return `${c} is sent on a channel: ${code(expr)}`;
    case 'too large for stack':
      return `${code(expr)} is too large for a stack frame`;
    case 'too aligned for stack':
      return `${code(expr)} needs more alignment than a stack frame gives`;
    case 'non-constant size':
      return `the size of ${code(expr)} is not a compile-time constant`;
    case 'zero-sized element':
      return `${code(expr)} has an element type of size zero`;
    case 'key of map put':
      return `${c} is used as a map key: ${code(expr)}`;
    case 'map literal key':
    case 'map literal value':
      return `${c} is put in the map literal ${code(expr)}`;
    case 'struct literal element':
      return `${c} is stored in a field of ${code(expr)}`;
    case 'array literal element':
      return `${c} is stored in the array literal ${code(expr)}`;
    case 'appendee slice':
      return `${c} is the slice grown by ${code(expr)}`;
    case 'appended slice...':
      return `the elements of ${c} are appended by ${code(expr)}`;
    case 'copied slice':
      return `the elements of ${c} are copied by ${code(expr)}`;
    case 'callee operand':
      return `${c} is called: ${code(expr)}`;
    case 'conversion to unsafe.Pointer':
      return `${c} is converted to \`unsafe.Pointer\`: ${code(expr)}`;
    default:
      if (step.kind && TRANSPORT[step.kind]) return `then ${code(expr)} (${TRANSPORT[step.kind]})`;
      return step.kind ? `${code(expr)} (${step.kind})` : code(step.text);
  }
}

/** What a step hands on to the next one. */
function carriedAfter(step: FlowStep, carried: string, dst: string): string {
  const expr = stepExpr(step);
  switch (step.kind) {
    case 'address-of':
    case 'interface-converted':
    case 'slice':
    case 'dot':
    case 'dot of pointer':
    case 'indirection':
    case 'fixed-array-index-of':
      return expr;
    case 'spill':
      return expr;
    case 'assign':
    case 'assign-pair':
      return dst === '{heap}' || bookkeeping(dst) ? carried : dst;
    default:
      return carried;
  }
}

function who(finding: Finding, reason: Reason): string {
  if (messageCategory(finding) === 'moved') return code(reason.subject);
  if (reason.subject === 'append') return 'the backing array `append` allocates';
  if (reason.boxed) return `the interface's copy of ${code(reason.subject)}`;
  return code(reason.subject);
}

function conclusion(finding: Finding, reason: Reason, goVersion?: string): string {
  const w = who(finding, reason);
  const frame = finding.func ? `the stack frame of ${code(finding.func)}` : 'its stack frame';
  switch (reason.rule) {
    case RuleId.ReturnedAddress:
      if (reason.sink === 'outer') return `and ${place(reason.sinkName ?? '')} outlives ${frame} (a named result, or a variable of an enclosing function), so ${w} must outlive it too.`;
      return `so ${w} must outlive ${frame}.`;
    case RuleId.InterfaceConversion: {
      if (reason.sink === 'storage' && !reason.boxed) return `and that interface value escapes in turn, so ${w} is allocated on the heap.`;
      const held = reason.callee ? `${code(reason.callee)} may keep the interface value, ` : 'the interface value outlives the function, ';
      const free = reason.boxed && isConstantLiteral(reason.subject) ? ' (For a constant the runtime points at static memory instead, so nothing is allocated at run time.)' : '';
      return `so: ${held}and ${w} is allocated on the heap.${free}`;
    }
    case RuleId.HeapStore:
      if (reason.sink === 'moved') return `and ${place(reason.sinkName ?? '')} is itself moved to the heap, so ${w} must be on the heap too.`;
      return reason.sink === 'storage'
        ? `and ${place(reason.sinkName ?? '')} escapes in turn, so ${w} must be on the heap too.`
        : `so: the heap may only point to the heap, and ${w} is allocated on the heap.`;
    case RuleId.LeakingCall:
      return reason.callee
        ? `so: the compiler cannot prove that ${code(reason.callee)} leaves it alone (that function keeps its parameter, or is called through an interface or a function value), and ${w} is allocated on the heap.`
        : `so: the compiler cannot prove the callee leaves it alone, and ${w} is allocated on the heap.`;
    case RuleId.ChannelSend:
      return `so: a receiver may still use it after this function returns, and ${w} is allocated on the heap.`;
    case RuleId.ClosureCapture:
      return reason.storage === 'closure'
        ? `so the function literal, with the variables it captures by reference, is allocated on the heap: it may run after ${frame} is gone.`
        : `so: the function literal outlives ${frame}, and ${w}, captured by reference, must outlive it too.`;
    case RuleId.TooLarge:
      return `so ${w} is allocated on the heap even though it may never leave the function.`;
    case RuleId.NonConstantSize:
      return `so the backing array is allocated on the heap${goVersion && atLeast(goVersion, 1, 25) ? '' : ' (Go 1.25 and later keep sizes up to 32 bytes on the stack)'}.`;
    case RuleId.ZeroSizedElement:
      return 'so the compiler reports it on the heap; the runtime gives zero-byte allocations one shared address, so no memory is allocated.';
    case RuleId.LeakingParam:
      return reason.sink === 'result'
        ? `so ${code(reason.subject)} leaks to a result: arguments for it escape at a call site only if that caller's result does.`
        : `so the function may keep ${code(reason.subject)}: what callers pass for it is moved to the heap at the call site.`;
    case RuleId.NoEscape:
      return 'The compiler proved it does not outlive the function, so it stays on the stack.';
    default:
      if (reason.flows.some((f) => f.steps.length > 0)) {
        return 'and there the compiler’s explanation ends without saying why it must leave the stack; run `go build -gcflags=-m=2` in the package for its full output.';
      }
      return 'The compiler gave no explanation for this verdict that this extension can read; run `go build -gcflags=-m=2` in the package for its full output.';
  }
}

/** True when `goVersion` (`go1.26.8`, `devel go1.27-...`) is at least major.minor. */
export function atLeast(goVersion: string, major: number, minor: number): boolean {
  const m = /go(\d+)\.(\d+)/.exec(goVersion);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

/** Builds the chain for one finding from its explanation. */
export function explainChain(finding: Finding, goVersion?: string, context?: ReasonContext): Chain {
  const reason = readReason(finding, context);
  const steps: ChainStep[] = [];
  let carried = reason.subject;
  reason.flows.forEach((flow, index) => {
    const { dst, src } = parseEdge(flow.edge);
    // A later flow starts from where the previous one ended, named by this edge's source.
    const from = src ? storageOf(src) ?? src.replace(/^\*+/, '') : '';
    if (index > 0 && from && !bookkeeping(from)) carried = from;
    flow.steps.forEach((step, i) => {
      const next = flow.steps[i + 1];
      // `&u` followed by what happens to it reads better as one step: "`&u` is returned ...".
      const merge = step.kind === 'address-of' && next !== undefined;
      const text = merge ? undefined : phrase(step, carried, dst, finding.func, reason, next === undefined);
      if (text !== undefined) steps.push({ text, kind: step.kind, file: step.file, line: step.line, column: step.column });
      carried = carriedAfter(step, carried, dst);
    });
  });
  return { reason, steps: shorten(dedupeAdjacent(steps)), conclusion: conclusion(finding, reason, goVersion) };
}

/** Most explanations take one to four steps; long ones (deep inlining) keep their start and end. */
const MAX_STEPS = 6;

function shorten(steps: ChainStep[]): ChainStep[] {
  if (steps.length <= MAX_STEPS) return steps;
  const hidden = steps.length - 5;
  return [...steps.slice(0, 2), { text: `… ${hidden} more steps (see \`go build -gcflags=-m=2\`)` }, ...steps.slice(-3)];
}

/** Drops a step that repeats the previous one word for word (inlined code repeats positions). */
function dedupeAdjacent(steps: ChainStep[]): ChainStep[] {
  return steps.filter((s, i) => i === 0 || s.text !== steps[i - 1].text || s.line !== steps[i - 1].line);
}

/** The chain as one plain sentence: "`&u` is returned from `f` (line 15), so `u` must outlive ...". */
export function chainSentence(chain: Chain, where: (step: ChainStep) => string = (s) => (s.line ? ` (line ${s.line})` : '')): string {
  if (chain.steps.length === 0) return chain.conclusion;
  const parts = chain.steps.map((s) => `${s.text}${where(s)}`);
  const first = parts[0].charAt(0).toUpperCase() + parts[0].slice(1);
  return [first, ...parts.slice(1)].join('; ') + ', ' + chain.conclusion;
}

export interface RelatedInfo {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The chain as related information for clients that show it: one entry per located step,
 * the conclusion appended to the last one. Positions are the compiler's (1-based, byte columns).
 */
export function relatedInformation(finding: Finding, goVersion?: string, context?: ReasonContext): RelatedInfo[] {
  const chain = explainChain(finding, goVersion, context);
  const located = chain.steps.filter((s) => s.file !== undefined && s.line !== undefined);
  const out = located.map((s) => ({ file: s.file!, line: s.line!, column: s.column ?? 1, message: plain(s.text) }));
  if (out.length > 0) out[out.length - 1].message += `, ${plain(chain.conclusion)}`;
  return out;
}

/** Removes Markdown code fences for plain-text surfaces. */
export function plain(markdown: string): string {
  return markdown.replace(/(`+) ?([^`]*?) ?\1/g, '$2');
}
