// Turns the compiler's explanation into a short chain of plain-words steps, each with the
// position the compiler gave, ending in a conclusion: "`&u` is returned from `createUserV2`
// (line 15), so `u` must outlive its stack frame." Pure: the LSP layer turns positions into links.
import { messageCategory, type Finding, type FlowStep } from '../findings';
import { RuleId } from '../catalogue/ids';
import { calleeOf, parseEdge, stepExpr, storageOf } from './flowText';
import { messageNoAllocation } from './noAlloc';
import { noAllocSentence } from './noAllocText';
import { Reason, ReasonContext, readReason } from './reason';
import { Place, SourceText, internalWord } from './sourceText';
import { code } from './markdown';

export { code };

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
  /** The function the reason names (the one that may keep the value), as the source calls it. */
  callee?: string;
}

/** How a location of the explanation reads in a sentence; `at` is where the source can say what a temporary holds. */
function place(loc: string, text: SourceText, at?: Place): string {
  if (loc === '{heap}') return 'the heap';
  if (loc === '{temp}') return 'a temporary';
  const storage = storageOf(loc);
  if (storage === '... argument') return 'the `...` argument slice';
  if (storage !== undefined) return `the memory of ${code(text.expr(storage, at))}`;
  if (/^~[rpb]\d+$/.test(loc)) return internalWord(loc);
  return code(text.expr(loc, at));
}

/** The value a chain step is about, and where it got its name (for rendering temporaries as source). */
interface Carried {
  name: string;
  at?: Place;
}

/** Compiler-made locations (`{temp}`, `~r0`, `{storage for x}`) read as words, names as code. */
function carriedText(carried: Carried, text: SourceText): string {
  if (/^(\{.*\}|~[rpb]\d+)$/.test(carried.name)) return place(carried.name, text, carried.at);
  if (carried.name === '... argument') return 'the `...` argument slice';
  if (carried.name === 'func literal') return 'the function literal';
  return code(text.expr(carried.name, carried.at));
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
function phrase(step: FlowStep, carried: Carried, dst: string, fn: string | undefined, reason: Reason, last: boolean, text: SourceText): string | undefined {
  const expr = stepExpr(step);
  // The step's expression as the source has it at the step's position.
  const src = (e: string) => code(text.expr(e, step));
  const c = carriedText(carried, text);
  switch (step.kind) {
    case 'address-of':
      return `${src(expr)} takes its address`;
    case 'return':
      return expr === `return ${carried.name}` && fn ? `${c} is returned from ${code(fn)}` : `${c} is returned${fn ? ` from ${code(fn)}` : ''}: ${src(expr)}`;
    case 'assign':
    case 'assign-pair':
    case 'assign-pair-dot-type':
    case 'assign-pair-mapr':
    case 'assign-pair-receive':
      if (dst === '{heap}') {
        return /^\*[A-Za-z_]\w*\s*=/.test(expr) ? `${c} is written through a pointer the caller passed in: ${src(expr)}` : `${c} is stored by ${src(expr)}`;
      }
      if (bookkeeping(dst)) return undefined;
      return `${c} is assigned to ${place(dst, text, step)}: ${src(expr)}`;
    case 'call parameter': {
      const callee = calleeOf(text.expr(expr, step));
      if (callee === 'append') return `${c} is appended to a slice: ${src(expr)}`;
      return callee ? `${c} is passed to ${code(callee)}` : `${c} is passed in the call ${src(expr)}`;
    }
    case 'interface-converted':
      return `${c} is converted to an interface`;
    case 'spill':
      if (reason.boxed && expr === reason.boxOf) return `${src(expr)} is converted to an interface, which needs a copy of it in memory`;
      // A closure sent to the heap with no further step: what the compiler does for `go` and for `defer` in a loop.
      if (dst === '{heap}' && last && reason.storage === 'closure') {
        return `${src(expr)} goes straight to the heap, as the compiler does for a function started with \`go\` or deferred inside a loop`;
      }
      return undefined;
    case 'slice-literal-element':
      return expr === '... argument' ? `${c} is put in the \`...\` argument slice of a variadic call` : `${c} is put in the slice literal ${src(expr)}`;
    case 'captured by a closure':
      return `${c} is captured by a function literal`;
    case 'reference':
      return undefined;
    case 'send':
      return `${c} is sent on a channel: ${src(expr)}`;
    case 'too large for stack':
      return `${src(expr)} is too large for a stack frame`;
    case 'too aligned for stack':
      return `${src(expr)} needs more alignment than a stack frame gives`;
    case 'non-constant size':
      return `the size of ${src(expr)} is not a compile-time constant`;
    case 'zero-sized element':
      return `${src(expr)} has an element type of size zero`;
    case 'key of map put':
      return `${c} is used as a map key: ${src(expr)}`;
    case 'map literal key':
    case 'map literal value':
      return `${c} is put in the map literal ${src(expr)}`;
    case 'struct literal element':
      return `${c} is stored in a field of ${src(expr)}`;
    case 'array literal element':
      return `${c} is stored in the array literal ${src(expr)}`;
    case 'appendee slice':
      return `${c} is the slice grown by ${src(expr)}`;
    case 'appended slice...':
      return `the elements of ${c} are appended by ${src(expr)}`;
    case 'copied slice':
      return `the elements of ${c} are copied by ${src(expr)}`;
    case 'callee operand':
      return `${c} is called: ${src(expr)}`;
    case 'conversion to unsafe.Pointer':
      return `${c} is converted to \`unsafe.Pointer\`: ${src(expr)}`;
    default:
      if (step.kind && TRANSPORT[step.kind]) return `then ${src(expr)} (${TRANSPORT[step.kind]})`;
      return step.kind ? `${src(expr)} (${step.kind})` : src(step.text);
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

function who(finding: Finding, reason: Reason, text: SourceText): string {
  const subject = carriedText({ name: reason.subject, at: finding }, text);
  if (messageCategory(finding) === 'moved') return subject;
  if (reason.subject === 'append') return 'the backing array `append` allocates';
  if (reason.boxed) return `the interface's copy of ${subject}`;
  return subject;
}

/** The callee the reason names, as the source calls it (`c.Request.Context().Deadline`, not `.autotmp_3.Deadline`). */
export function calleeText(reason: Reason, text: SourceText): string | undefined {
  if (!reason.callee) return undefined;
  const step = reason.flows.flatMap((f) => f.steps).find((s) => s.kind === 'call parameter' && calleeOf(stepExpr(s)) === reason.callee);
  return (step && calleeOf(text.expr(stepExpr(step), step))) ?? text.expr(reason.callee);
}

function conclusion(finding: Finding, reason: Reason, goVersion: string | undefined, text: SourceText): string {
  const w = who(finding, reason, text);
  const callee = calleeText(reason, text);
  const sink = place(reason.sinkName ?? '', text, reason.decisive);
  const frame = finding.func ? `the stack frame of ${code(finding.func)}` : 'its stack frame';
  const noAlloc = finding.noAlloc ?? messageNoAllocation(finding);
  if (noAlloc) {
    // The verdict stands, but the compiler's back end or the runtime allocates nothing for it.
    const held = reason.rule === RuleId.InterfaceConversion && callee ? `${code(callee)} may keep the interface value, and ` : '';
    return `so: ${held}the compiler reports ${w} as escaping. ${noAllocSentence(noAlloc)}`;
  }
  switch (reason.rule) {
    case RuleId.ReturnedAddress:
      if (reason.sink === 'outer') return `and ${sink} outlives ${frame} (a named result, or a variable of an enclosing function), so ${w} must outlive it too.`;
      return `so ${w} must outlive ${frame}.`;
    case RuleId.InterfaceConversion: {
      if (reason.sink === 'storage' && !reason.boxed) return `and that interface value escapes in turn, so ${w} is allocated on the heap.`;
      const held = callee ? `${code(callee)} may keep the interface value` : 'the interface value outlives the function';
      return `so: ${held}, and ${w} is allocated on the heap.`;
    }
    case RuleId.HeapStore:
      if (reason.sink === 'moved') return `and ${sink} is itself moved to the heap, so ${w} must be on the heap too.`;
      return reason.sink === 'storage'
        ? `and ${sink} escapes in turn, so ${w} must be on the heap too.`
        : `so: the heap may only point to the heap, and ${w} is allocated on the heap.`;
    case RuleId.LeakingCall:
      return callee
        ? `so: the compiler cannot prove that ${code(callee)} leaves it alone (that function keeps its parameter, or is called through an interface or a function value), and ${w} is allocated on the heap.`
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

/**
 * Builds the chain for one finding from its explanation. `text` renders the compiler's names
 * for temporaries as the source they stand for; without it they read as words.
 */
export function explainChain(finding: Finding, goVersion?: string, context?: ReasonContext, text: SourceText = new SourceText()): Chain {
  const reason = readReason(finding, context);
  const steps: ChainStep[] = [];
  let carried: Carried = { name: reason.subject, at: finding };
  reason.flows.forEach((flow, index) => {
    const { dst, src } = parseEdge(flow.edge);
    // A later flow starts from where the previous one ended, named by this edge's source.
    const from = src ? storageOf(src) ?? src.replace(/^\*+/, '') : '';
    if (index > 0 && from && !bookkeeping(from)) carried = { name: from, at: flow.steps[0] ?? carried.at };
    flow.steps.forEach((step, i) => {
      const next = flow.steps[i + 1];
      // `&u` followed by what happens to it reads better as one step: "`&u` is returned ...".
      const merge = step.kind === 'address-of' && next !== undefined;
      const said = merge ? undefined : phrase(step, carried, dst, finding.func, reason, next === undefined, text);
      if (said !== undefined) steps.push({ text: said, kind: step.kind, file: step.file, line: step.line, column: step.column });
      // A compiler name (`~r0` for an inlined result) says less than the value it stands for.
      const name = carriedAfter(step, carried.name, dst);
      if (name !== carried.name && !/^(~[rpb]\d+|\.autotmp_\d+)$/.test(name)) carried = { name, at: step };
    });
  });
  return { reason, steps: shorten(dedupeAdjacent(steps)), conclusion: conclusion(finding, reason, goVersion, text), callee: calleeText(reason, text) };
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
 * `text` (`sourceTextFor(finding, pkg)`) shows compiler temporaries as the source they hold.
 */
export function relatedInformation(finding: Finding, goVersion?: string, context?: ReasonContext, text?: SourceText): RelatedInfo[] {
  const chain = explainChain(finding, goVersion, context, text);
  const located = chain.steps.filter((s) => s.file !== undefined && s.line !== undefined);
  const out = located.map((s) => ({ file: s.file!, line: s.line!, column: s.column ?? 1, message: plain(s.text) }));
  if (out.length > 0) out[out.length - 1].message += `, ${plain(chain.conclusion)}`;
  return out;
}

/** Removes Markdown code fences for plain-text surfaces. */
export function plain(markdown: string): string {
  return markdown.replace(/(`+) ?([^`]*?) ?\1/g, '$2');
}
