// The shapes every part of the core speaks: a finding is one escape-analysis verdict,
// from the compiler or from the predictor, in the compiler's own coordinates.

/**
 * What a message says, as the user can filter it (`goEscape.include`): five kinds of escape
 * verdict (`noalloc` holds `moved`/`escapes` verdicts that allocate nothing at run time, see
 * explain/noAlloc.ts), and three kinds of other compiler decision (inlining, bounds checks and
 * nil checks left in), which are off unless named.
 */
export type Category = 'moved' | 'escapes' | 'leak' | 'noescape' | 'noalloc' | 'inline' | 'bounds' | 'nil';

/** The escape-analysis categories; `all` in `include` means these. */
export const ALL_CATEGORIES: readonly Category[] = ['moved', 'escapes', 'leak', 'noescape', 'noalloc'];
/** Every category, the compiler's other decisions included. */
export const KNOWN_CATEGORIES: readonly Category[] = [...ALL_CATEGORIES, 'inline', 'bounds', 'nil'];
export const DEFAULT_CATEGORIES: readonly Category[] = ['moved', 'escapes'];

/**
 * What an inlining, bounds-check or nil-check finding says, read from its message. For inlining:
 * the function as the compiler names it (`notInlinable`, `test.m`, `(*Box[go.shape.int]).Get`),
 * whether this is an inlined call or a function (or call) that cannot be inlined, the compiler's
 * reason and, where it prints them, the cost against the budget.
 */
export interface Decision {
  function?: string;
  inlined?: boolean;
  /** For `cannot inline F into G: ...`: the caller G. */
  caller?: string;
  reason?: string;
  cost?: number;
  budget?: number;
  /** For bounds checks: the check the compiler left in. */
  check?: 'IsInBounds' | 'IsSliceInBounds';
}

/** Where a finding comes from: the compiler's verdict, or a tree-sitter guess. */
export type Origin = 'compiler' | 'prediction';

/** One step of the compiler's explanation (`-m=2`), e.g. `from &u (address-of) at ./main.go:15:9`. */
export interface FlowStep {
  /** The step as the compiler printed it, without the leading position and indentation. */
  text: string;
  /** The compiler's classification of the step, the word in parentheses (`address-of`, `return`, ...). */
  kind?: string;
  /** Where the step happens, when the compiler said so (absolute path, 1-based line, 1-based byte column). */
  file?: string;
  line?: number;
  column?: number;
}

/** One `flow:` paragraph of an explanation: how the value reaches the place that forces it to the heap. */
export interface Flow {
  /** The flow line itself, e.g. `~r0 ← &u`. */
  edge: string;
  steps: FlowStep[];
}

/** Why a verdict the compiler reports as a heap allocation allocates nothing at run time. */
export type NoAllocKind =
  /** A constant converted to an interface: the interface points at read-only data. */
  | 'constant'
  /** A bool or one-byte integer converted to an interface: the runtime's table of the 256 byte values is used. */
  | 'single-byte'
  /** A value of a type whose size is zero: every such allocation gets the runtime's one shared address. */
  | 'zero-size'
  /** A struct or array literal of constants converted to an interface: it is laid out in read-only data. */
  | 'static-literal'
  /** A function literal that captures nothing: it is a static function value. */
  | 'static-closure'
  /** A slice with a constant length and capacity of zero: its backing array has no bytes. */
  | 'zero-length';

export interface NoAllocation {
  kind: NoAllocKind;
  /** The category of the compiler's message; the finding's own category is then `noalloc`. */
  category: 'moved' | 'escapes';
  /** The type that decided it, as written in the source (`bool`, `context.backgroundCtx`), when a type did. */
  type?: string;
}

/** Where a verdict reported at a call site comes from, when the compiler inlined the callee there. */
export interface InlinedCall {
  /** The callee as the compiler names it (`(*Engine).allocateContext`, `strings.NewReplacer`). */
  callee: string;
  /** Further calls inlined at the same place, outermost first (`context.Background` inside `http.(*Request).Context`). */
  nested?: string[];
  /** Where the verdict's subject is in the callee's source, when it was found (absolute path, 1-based line, byte column). */
  file?: string;
  line?: number;
  column?: number;
}

export interface Finding {
  /** Absolute path of the file the finding is in (after mapping overlays back to real paths). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-8 bytes, as the compiler prints it (a tab is one byte). */
  column: number;
  /** The compiler's exact text (`moved to heap: u`), or for predictions the text the compiler would print. */
  message: string;
  category: Category;
  /** Rule id from the rule catalogue; used as the diagnostic code. */
  rule: string;
  origin: Origin;
  /** The compiler's explanation, when one was requested and given. */
  flows?: Flow[];
  /** The enclosing function's name, when known. */
  func?: string;
  /**
   * The functions the compiler printed this same verdict for, when there were several: the
   * instantiations of generic code (`Box[go.shape.int]`, `Box[string]`), in the compiler's order.
   */
  instances?: string[];
  /** Set when the verdict allocates nothing at run time; `category` is then `noalloc`. */
  noAlloc?: NoAllocation;
  /** True when the code runs once, at package initialisation (`func init`, package-level variable initialisers). */
  packageInit?: boolean;
  /** Set when the compiler reports a verdict of an inlined callee at this call site. */
  inlined?: InlinedCall;
  /** For the categories `inline`, `bounds` and `nil`: what the message says, in parts. */
  decision?: Decision;
}

/** The category of the compiler's message itself: `moved` or `escapes` for a `noalloc` finding. */
export function messageCategory(f: Finding): Exclude<Category, 'noalloc'> {
  return f.category === 'noalloc' ? (f.noAlloc?.category ?? 'escapes') : f.category;
}

/** Orders findings by file, then position, then message; used to make output stable. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * Drops exact duplicates (same place, same message), which generics and inlining produce; the
 * kept finding lists the functions the verdict was printed for when they differ.
 */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const steps = dedupeSteps(findings);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** dedupeFindings in steps of a few thousand findings, for callers that give the event loop back between them. */
export function* dedupeSteps(findings: Finding[]): Generator<void, Finding[], void> {
  const kept = new Map<string, Finding>();
  const out: Finding[] = [];
  let n = 0;
  for (const f of findings) {
    if (++n % 4096 === 0) yield;
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    const first = kept.get(key);
    if (!first) {
      kept.set(key, f);
      out.push(f);
      continue;
    }
    if (first.func && f.func && f.func !== first.func && !first.instances?.includes(f.func)) {
      first.instances = [...(first.instances ?? [first.func]), f.func];
    }
  }
  return out;
}
