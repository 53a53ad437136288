// Facts the compiler has told us about functions' parameters (`leaking param: p`, `leaking param
// content: p`, `leaking param: p to result ~r0 level=0`, `p does not escape`), kept so that the
// predictor can follow calls into functions it cannot see or has not re-analysed.
import type { Node } from 'web-tree-sitter';
import { byteColumnToUtf16 } from '../../positions';
import { FUNCTION_TYPES, functionName } from '../../treesitter/nodes';
import { detached } from '../../util/detached';

/** What one parameter does with the value passed in: -1 means "does not happen". */
export interface ParamFacts {
  /** Dereferences after which the argument reaches the heap (0: the value itself, 1: what it points to). */
  heap: number;
  /** Dereferences after which the argument reaches each result. */
  results: number[];
}

export interface FunctionFacts {
  /** By 0-based parameter index; the receiver is -1. Parameters without an entry do not escape. */
  params: Map<number, ParamFacts>;
  /** Parameter names in order (receiver excluded), when known. */
  paramNames?: string[];
  /** Kind of each parameter's type: `iface`, `ptr`, `other`; the last one is the element of a variadic. */
  paramKinds?: string[];
  variadic?: boolean;
  /** Result types as written, qualified with the import path (`*bytes.Buffer`). */
  results?: string[];
  /**
   * Whether the compiler inlines calls to the function (`can inline f`); undefined when the
   * messages learned from did not include inlining verdicts.
   */
  inlinable?: boolean;
  /** Variables of the function moved to the heap; an inlined call moves its own copies. */
  moved?: MovedFact[];
  /** Composite literals the function heap-allocates; an inlined call allocates its own. */
  allocs?: AllocFact[];
}

/** An allocation of an inlinable function, reported again at each call it is inlined into. */
export interface AllocFact {
  /** As the compiler prints it inside the function's package (`&errorString{...}`). */
  subject: string;
  always: boolean;
  results: number[];
  rule?: string;
  /** Brought in by a call the function inlines itself. */
  viaInlining?: boolean;
}

/**
 * Subjects whose text does not depend on the call they are inlined into: composite literals (maps
 * too), `append`, `func literal`, string constants, and `make(...)` and `new(T)`, whose operands
 * the compiler prints with the callee's own names.
 */
export const INLINABLE_SUBJECT = /^(?:&?(?:\[\])?\*?[A-Za-z_][\w.]*(?:\[[\w., *]*\])?\{(?:\.\.\.)?\}|map\[.*\{(?:\.\.\.)?\}|append|func literal|"(?:[^"\\]|\\.)*"|(?:make|new)\(.*\))$/;

/** A variable that the function moves to the heap, and why: always, or when a result escapes. */
export interface MovedFact {
  name: string;
  /** True when the variable reaches the heap whatever the caller does with the results. */
  always: boolean;
  /** Results the variable's address flows to, when it is moved only because of them. */
  results: number[];
  /** Rule responsible, when known. */
  rule?: string;
  /** Brought in by a call the function inlines itself. */
  viaInlining?: boolean;
}

export interface Knowledge {
  /**
   * Keyed by the compiler's function name: `F`, `T.M`, `(*T).M` for the package being edited,
   * and `importpath.F`, `importpath.(*T).M` for imported packages.
   */
  functions: Map<string, FunctionFacts>;
  /** Qualified names of interface types of imported packages (`io.Writer`). */
  interfaces?: Set<string>;
  /** The name each package declares, by import path: the compiler qualifies types with it, whatever a file imports it as. */
  packageNames?: Map<string, string>;
}

export function emptyKnowledge(): Knowledge {
  return { functions: new Map(), interfaces: new Set() };
}

/** Merges `more` into `into`; entries of `more` win. */
export function mergeKnowledge(into: Knowledge, more: Knowledge): Knowledge {
  for (const [k, v] of more.functions) into.functions.set(k, v);
  if (more.interfaces) {
    into.interfaces ??= new Set();
    for (const i of more.interfaces) into.interfaces.add(i);
  }
  if (more.packageNames) {
    into.packageNames ??= new Map();
    for (const [p, n] of more.packageNames) into.packageNames.set(p, n);
  }
  return into;
}

const LEAK = /^leaking param( content)?: (\S+)(?: to result (\S+) level=(\d+))?$/;
const CAN_INLINE = /^can inline /;
const MOVED = /^moved to heap: ([A-Za-z_]\w*)$/;
const ESCAPES = /^(.+) escapes to heap$/;
const NOESCAPE = /^(\S+) does not escape$/;

/** One `-m` verdict with its position, as any parser of compiler output produces it. */
export interface PositionedMessage {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * Learns parameter facts from compiler messages about the functions of one parsed file.
 * `root` is the file's tree; `qualifier` is prefixed to names (`net/http.`, or '' for the
 * package being edited). Messages about closures' parameters are skipped.
 */
export function learnFromMessages(root: Node, messages: readonly PositionedMessage[], qualifier: string, lineText: (line: number) => string, into: Knowledge): void {
  for (const m of messages) {
    if (CAN_INLINE.test(m.message) || MOVED.test(m.message) || ESCAPES.test(m.message)) {
      learnInlining(root, m, qualifier, lineText, into);
      continue;
    }
    const leak = LEAK.exec(m.message);
    const noesc = leak ? null : NOESCAPE.exec(m.message);
    if (!leak && !noesc) continue;
    const name = leak ? leak[2] : noesc![1];
    const param = paramAt(root, m.line, m.column, lineText);
    if (!param || param.name !== name) continue;
    const key = qualifier + param.func;
    let facts = into.functions.get(key);
    if (!facts) {
      facts = { params: new Map() };
      into.functions.set(key, facts);
    }
    let p = facts.params.get(param.index);
    if (!p) {
      p = { heap: -1, results: [] };
      facts.params.set(param.index, p);
    }
    if (!leak) continue;
    const level = leak[1] ? 1 : 0;
    if (leak[3] !== undefined) {
      const r = resultIndex(param.decl, leak[3]);
      if (r >= 0) {
        const lv = Number(leak[4]);
        if (p.results[r] === undefined || p.results[r] < 0 || lv < p.results[r]) p.results[r] = lv;
      }
    } else if (p.heap < 0 || level < p.heap) {
      p.heap = level;
    }
  }
}

/** The parameter declared at a compiler position: its function's name, index and declaration. */
function paramAt(root: Node, line: number, byteColumn: number, lineText: (line: number) => string): { func: string; index: number; name: string; decl: Node } | undefined {
  const text = lineText(line - 1);
  const col = byteColumnToUtf16(text, byteColumn);
  const node = root.descendantForPosition({ row: line - 1, column: col });
  if (!node || node.type !== 'identifier') return undefined;
  const pd = node.parent;
  if (!pd || (pd.type !== 'parameter_declaration' && pd.type !== 'variadic_parameter_declaration')) return undefined;
  const list = pd.parent;
  const decl = list?.parent;
  if (!list || !decl || !FUNCTION_TYPES.has(decl.type) || decl.type === 'func_literal') return undefined;
  if (decl.childForFieldName('result')?.id === list.id) return undefined;
  const isRecv = decl.type === 'method_declaration' && decl.childForFieldName('receiver')?.id === list.id;
  let index = 0;
  if (isRecv) index = -1;
  else {
    outer: for (const p of list.namedChildren) {
      if (!p) continue;
      const names = p.childrenForFieldName('name');
      if (names.length === 0) {
        index++;
        continue;
      }
      for (const n of names) {
        if (n?.id === node.id) break outer;
        index++;
      }
    }
  }
  return { func: functionName(decl), index, name: node.text, decl };
}

function resultIndex(decl: Node, name: string): number {
  const m = /^~r(\d+)$/.exec(name);
  if (m) return Number(m[1]);
  const res = decl.childForFieldName('result');
  if (!res || res.type !== 'parameter_list') return 0;
  let i = 0;
  for (const p of res.namedChildren) {
    const names = p?.childrenForFieldName('name') ?? [];
    if (names.length === 0) i++;
    for (const n of names) {
      if (n?.text === name) return i;
      i++;
    }
  }
  return -1;
}

/** Records `can inline f` and the variables `f` moves, for predicting what inlined calls move. */
function learnInlining(root: Node, m: PositionedMessage, qualifier: string, lineText: (line: number) => string, into: Knowledge): void {
  const col = byteColumnToUtf16(lineText(m.line - 1), m.column);
  const at = root.descendantForPosition({ row: m.line - 1, column: col });
  let node: Node | null = at;
  let closure = false;
  // `func literal escapes to heap` is reported at the literal itself, which belongs to the function around it.
  let literal = m.message === 'func literal escapes to heap';
  while (node && node.type !== 'function_declaration' && node.type !== 'method_declaration') {
    if (node.type === 'func_literal') {
      if (literal && node.startIndex === at?.startIndex) literal = false;
      else closure = true;
    }
    node = node.parent;
  }
  if (!node) return;
  const key = qualifier + functionName(node);
  let facts = into.functions.get(key);
  if (!facts) into.functions.set(key, (facts = { params: new Map() }));
  const moved = MOVED.exec(m.message);
  const escapes = moved ? null : ESCAPES.exec(m.message);
  if (!moved && !escapes) {
    if (node.childForFieldName('name')?.startPosition.row === m.line - 1) facts.inlinable = true;
    return;
  }
  if (closure) return;
  // The compiler does not say why; a function without results can only move it to the heap.
  const nres = resultCount(node);
  // A grown backing array reaches a result only through a slice result; otherwise only the heap keeps it.
  const throughResults = nres > 0 && !(escapes?.[1] === 'append' && !resultsHoldSlices(node));
  const fact = { always: !throughResults, results: throughResults ? [...Array(nres).keys()] : [] };
  if (moved) (facts.moved ??= []).push({ name: detached(moved[1]), ...fact });
  else if (INLINABLE_SUBJECT.test(escapes![1]) && !facts.allocs?.some((a) => a.subject === escapes![1])) (facts.allocs ??= []).push({ subject: detached(escapes![1]), ...fact });
}

/** Whether any result of a declaration may be (or hold) a slice: a slice, a type parameter, an interface or a named type. */
function resultsHoldSlices(decl: Node): boolean {
  const res = decl.childForFieldName('result');
  if (!res) return false;
  const types = res.type === 'parameter_list' ? res.namedChildren.map((p) => p?.childForFieldName('type')) : [res];
  return types.some((t) => !t || !(t.type === 'type_identifier' && /^(?:bool|byte|rune|string|u?int(?:8|16|32|64)?|uintptr|float(?:32|64)|complex(?:64|128)|error)$/.test(t.text)) && t.type !== 'pointer_type');
}

function resultCount(decl: Node): number {
  const res = decl.childForFieldName('result');
  if (!res) return 0;
  if (res.type !== 'parameter_list') return 1;
  let n = 0;
  for (const p of res.namedChildren) if (p) n += Math.max(1, p.childrenForFieldName('name').length);
  return n;
}

/**
 * A read-only view of two maps: `upper` answers first, then `lower`. Only get and has are served
 * (what the predictor asks); iterating it sees nothing, so it is never merged into other knowledge.
 */
class LayeredMap<K, V> extends Map<K, V> {
  constructor(
    private readonly upper: ReadonlyMap<K, V>,
    private readonly lower: ReadonlyMap<K, V>,
  ) {
    super();
  }
  override get(k: K): V | undefined {
    return this.upper.get(k) ?? this.lower.get(k);
  }
  override has(k: K): boolean {
    return this.upper.has(k) || this.lower.has(k);
  }
}

class LayeredSet<T> extends Set<T> {
  constructor(
    private readonly upper: ReadonlySet<T>,
    private readonly lower: ReadonlySet<T>,
  ) {
    super();
  }
  override has(v: T): boolean {
    return this.upper.has(v) || this.lower.has(v);
  }
}

const layered = new WeakMap<Knowledge, WeakMap<Knowledge, Knowledge>>();
const NO_NAMES: ReadonlyMap<string, string> = new Map();
const NO_INTERFACES: ReadonlySet<string> = new Set();

/**
 * `upper` with `lower` beneath it, without copying either: lookups ask `upper` first. The same
 * pair always gives the same object, so that caches keyed on knowledge stay valid.
 */
export function layerKnowledge(upper: Knowledge | undefined, lower: Knowledge): Knowledge {
  if (!upper) return lower;
  let byLower = layered.get(upper);
  if (!byLower) layered.set(upper, (byLower = new WeakMap()));
  let k = byLower.get(lower);
  if (!k) {
    k = {
      functions: new LayeredMap(upper.functions, lower.functions),
      interfaces: new LayeredSet(upper.interfaces ?? NO_INTERFACES, lower.interfaces ?? NO_INTERFACES),
      packageNames: new LayeredMap(upper.packageNames ?? NO_NAMES, lower.packageNames ?? NO_NAMES),
    };
    byLower.set(lower, k);
  }
  return k;
}
