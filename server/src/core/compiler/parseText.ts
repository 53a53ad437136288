// Parses the compiler's `-m` and `-m=2` text output into findings and errors. Pure: no I/O.
// Lines look like `./main.go:14:2: moved to heap: u`; at `-m=2` an explanation paragraph
// (`u escapes to heap in f:` followed by indented `flow:` and `from ... (kind) at pos` lines)
// precedes the verdict with the same position and subject.
import * as path from 'node:path';
import { detached } from '../util/detached';
import { Category, Finding, Flow, FlowStep, dedupeSteps } from '../findings';
import { RuleId } from '../catalogue/ids';
import { isQuietDecision, parseDecision } from './decisions';
import { Slicer, Steps, runInSlices, runToEnd } from '../util/slices';
import { linesOf } from '../util/lines';

export interface ParseOptions {
  /** Directory the go command ran in; relative paths in the output are resolved against it. */
  cwd: string;
  /**
   * Also return the compiler's other decisions (categories `inline`, `bounds`, `nil`) as findings.
   * Off, they are skipped like before: `-m` always prints the inlining messages.
   */
  decisions?: boolean;
}

export interface CompilerError {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface ParsedOutput {
  findings: Finding[];
  /** Lines that are neither findings, explanations nor package headers: compiler errors and such. */
  errors: CompilerError[];
  /** Functions the compiler reported on, by file (from explanation headers), for merging. */
}

const POSITIONED = /^(.+?\.go):(\d+):(\d+): (.*)$/;
const MOVED = /^moved to heap: (.+)$/;
const ESCAPES = /^(.+) escapes to heap$/;
const LEAK = /^leaking param(?: content)?: (\S+)/;
const LEAK_CLOSURE = /^leaking closure reference (.+)$/;
const NOESCAPE = /^(.+) does not escape(?:, mutate, or call)?$/;
const EXPLAIN_ESCAPE = /^(.+) escapes to heap(?: in (.+))?:$/;
// go1.24 and earlier print no ` for FUNC` in this header.
const EXPLAIN_LEAK = /^parameter (\S+) leaks to .*?(?: for ([^\s{}]+))? with derefs=-?\d+:$/;
const STEP = /^from (.*) \(([^()]+)\) at (.+?\.go):(\d+):(\d+)$/;
const FLOW = /^flow: (.*):$/;
/** Messages that are part of -m output but are not escape verdicts. */
const IGNORED = /^(can inline|cannot inline|inlining call to|.* capturing by (?:ref|value):|mark escaped content|.*: sink|.*call to .* does not escape)/;

/** The category of an `-m` message, or undefined when the message is not an escape verdict. */
export function categorize(message: string): Category | undefined {
  if (MOVED.test(message)) return 'moved';
  if (message.endsWith(':')) return undefined;
  if (ESCAPES.test(message)) return 'escapes';
  if (LEAK.test(message) || LEAK_CLOSURE.test(message)) return 'leak';
  if (NOESCAPE.test(message)) return 'noescape';
  return undefined;
}

/** The value a verdict is about: `u` for `moved to heap: u`, `&T{...}` for `&T{...} escapes to heap`. */
export function subjectOf(message: string): string | undefined {
  return MOVED.exec(message)?.[1] ?? ESCAPES.exec(message)?.[1] ?? LEAK.exec(message)?.[1] ?? NOESCAPE.exec(message)?.[1];
}

/** First classification from the message alone; the explain module refines it from the flow. */
export function initialRule(category: Category): string {
  switch (category) {
    case 'leak':
      return RuleId.LeakingParam;
    case 'noescape':
      return RuleId.NoEscape;
    default:
      return RuleId.Unexplained;
  }
}

export function parseCompilerText(text: string, opts: ParseOptions): ParsedOutput {
  return runToEnd(parseSteps(text, opts));
}

/** parseCompilerText, giving the event loop back every few hundred lines; undefined when stopped. */
export function parseCompilerTextInSlices(text: string, opts: ParseOptions, slicer: Slicer): Promise<ParsedOutput | undefined> {
  return runInSlices(parseSteps(text, opts), slicer);
}

/** Lines parsed between two looks at the clock. */
const LINES_PER_STEP = 256;

function* parseSteps(text: string, opts: ParseOptions): Steps<ParsedOutput> {
  // Overlay replacement files are named by their real paths before parsing (withOriginalPaths).
  // One string per file: a large package's output names the same few files in every line.
  const files = new Map<string, string>();
  const resolve = (p: string): string => {
    let f = files.get(p);
    if (f === undefined) files.set(detached(p), (f = detached(path.resolve(opts.cwd, p))));
    return f;
  };
  const findings: Finding[] = [];
  const errors: CompilerError[] = [];
  // Explanations keyed by position + kind + subject, attached to the verdict that follows.
  const explanations = new Map<string, Explanation>();
  // The same explanations by position only: a few verdicts name their subject differently from
  // the explanation before them (`append escapes to heap` after `append(s, x) escapes to heap
  // in f:`, or an inlined argument `3` after its parameter `n`).
  const byPosition = new Map<string, Explanation[]>();
  const claimed = new Set<Explanation>();
  // Verdicts without an explanation under their own subject, paired by position at the end.
  const pending: Pending[] = [];
  let current: Explanation | undefined;
  let currentFlow: Flow | undefined;

  let n = 0;
  for (const line of linesOf(text)) {
    if (++n % LINES_PER_STEP === 0) yield;
    if (line === '' || line.startsWith('# ')) continue;
    const m = POSITIONED.exec(line);
    if (!m) {
      // Continuation lines of errors (for example type-check notes) are kept with the errors.
      if (!/^\s/.test(line) || errors.length > 0) errors.push({ message: detached(line.trim()) });
      continue;
    }
    const file = resolve(m[1]);
    const lineNo = Number(m[2]);
    const col = Number(m[3]);
    // Only what is kept is copied out of the output: the message, not its line's path.
    const msg = detached(m[4]);
    const posKey = `${file}:${lineNo}:${col}`;

    if (msg.startsWith('  ')) {
      // An indented line belongs to the explanation paragraph above it.
      const body = msg.trim();
      const flow = FLOW.exec(body);
      if (flow && current) {
        currentFlow = { edge: flow[1], steps: [] };
        current.flows.push(currentFlow);
        continue;
      }
      if (currentFlow) currentFlow.steps.push(parseStep(body, resolve));
      continue;
    }
    current = undefined;
    currentFlow = undefined;

    const ex = EXPLAIN_ESCAPE.exec(msg);
    if (ex) {
      const entry = { flows: [] as Flow[], func: ex[2], subject: ex[1] };
      current = entry;
      explanations.set(`${posKey}|e|${ex[1]}`, entry);
      byPosition.set(posKey, [...(byPosition.get(posKey) ?? []), entry]);
      continue;
    }
    const lx = EXPLAIN_LEAK.exec(msg);
    if (lx) {
      current = { flows: [], func: lx[2] };
      explanations.set(`${posKey}|l|${lx[1]}`, current);
      continue;
    }
    const decided = parseDecision(msg);
    if (decided && !opts.decisions) continue;
    if (decided) {
      const { category, rule, decision } = decided;
      findings.push({ file, line: lineNo, column: col, message: msg, category, rule, origin: 'compiler', decision, ...(decision.inlined === false ? { func: decision.function } : {}) });
      continue;
    }
    const category = categorize(msg);
    if (!category) {
      if (!IGNORED.test(msg) && !isQuietDecision(msg) && !/ leaks to /.test(msg)) errors.push({ file, line: lineNo, column: col, message: msg });
      continue;
    }
    const subject = subjectOf(msg) ?? '';
    const finding: Finding = { file, line: lineNo, column: col, message: msg, category, rule: initialRule(category), origin: 'compiler' };
    const key = `${posKey}|${category === 'leak' ? 'l' : 'e'}|${subject}`;
    const explained = explanations.get(key);
    if (explained) attach(finding, explained, claimed);
    else if (category === 'escapes') pending.push({ finding, posKey, subject });
    findings.push(finding);
  }
  pairByPosition(pending, byPosition, claimed);
  return { findings: yield* dedupeSteps(findings), errors };
}

interface Explanation {
  flows: Flow[];
  func?: string;
  subject?: string;
}

interface Pending {
  finding: Finding;
  posKey: string;
  subject: string;
}

function attach(f: Finding, x: Explanation, claimed: Set<Explanation>): void {
  claimed.add(x);
  f.flows = x.flows;
  if (x.func) f.func = x.func;
}

/**
 * Pairs verdicts whose explanation names the value differently, once every verdict at the
 * position has taken the explanation under its own name. The compiler prints explanations and
 * verdicts of one position in the same order, so the k-th left-over `append escapes to heap`
 * takes the k-th left-over `append(...)` explanation (an inlined callee's two appends print two
 * of each), and a lone left-over verdict (a constant passed to an inlined `panic(text)`, whose
 * explanation names the parameter `text`) takes the lone left-over explanation. Anything else
 * stays unpaired rather than guessed.
 */
function pairByPosition(pending: Pending[], byPosition: Map<string, Explanation[]>, claimed: Set<Explanation>): void {
  const groups = new Map<string, Pending[]>();
  for (const p of pending) {
    const isAppend = p.subject === 'append';
    const key = `${p.posKey}|${isAppend}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const isAppend = group[0].subject === 'append';
    const open = (byPosition.get(group[0].posKey) ?? []).filter((x) => !claimed.has(x) && (x.subject?.startsWith('append(') === true) === isAppend);
    if (open.length === 0) continue;
    // Repeats of one message (instantiations, inlined copies) become one finding: it takes the first.
    const oneFinding = group.every((p) => p.finding.message === group[0].finding.message);
    if (!oneFinding && open.length !== group.length) continue;
    group.forEach((p, i) => attach(p.finding, open[Math.min(i, open.length - 1)], claimed));
  }
}

function parseStep(body: string, resolve: (p: string) => string): FlowStep {
  const s = STEP.exec(body);
  if (!s) return { text: body };
  return { text: `${s[1]} (${s[2]})`, kind: s[2], file: resolve(s[3]), line: Number(s[4]), column: Number(s[5]) };
}
