// Small readers for the pieces of text inside the compiler's explanations: flow edges
// (`~r0 ← &u`), step expressions (`return &u`) and the subjects of verdicts. Pure string work.
import type { FlowStep } from '../findings';

export interface Edge {
  /** Where the value flows to: `{heap}`, `~r0`, `{storage for ... argument}`, a variable name. */
  dst: string;
  /** What flows: `&u`, `*fmt.a`, `&{storage for n}`. */
  src: string;
}

/** Splits a flow edge. go1.26 writes `dst ← src`; go1.24 and earlier write `dst = src`. */
export function parseEdge(edge: string): Edge {
  for (const sep of [' ← ', ' = ']) {
    const i = edge.indexOf(sep);
    if (i >= 0) return { dst: edge.slice(0, i).trim(), src: edge.slice(i + sep.length).trim() };
  }
  return { dst: edge.trim(), src: '' };
}

/** The expression part of a step, `return &u` for `return &u (return)`. */
export function stepExpr(step: FlowStep): string {
  if (step.kind && step.text.endsWith(` (${step.kind})`)) return step.text.slice(0, -(step.kind.length + 3));
  return step.text;
}

/** The storage an allocation location names: `make([]byte, n)` for `{storage for make([]byte, n)}`. */
export function storageOf(loc: string): string | undefined {
  const m = /^&?\{storage for (.*)\}$/.exec(loc);
  return m ? m[1] : undefined;
}

/**
 * The function a call expression calls: `keep` for `keep(&u)`, `fmt.Fprintln` for
 * `fmt.Fprintln(os.Stdout, fmt.a...)`, `w.Write` for `w.Write(buf)`. Reads the outermost call by
 * matching the parenthesis that closes the text.
 */
export function calleeOf(call: string): string | undefined {
  const text = withoutStrings(call.trim());
  if (!text.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        const fn = text.slice(0, i).trim();
        return fn.length > 0 ? fn : undefined;
      }
    }
  }
  return undefined;
}

/**
 * What kind of storage the compiler's name for an escaping expression denotes. The compiler
 * gives its own allocations recognisable names (`&T{...}`, `new(T)`, `make(...)`, `func literal`,
 * `append(...)`, `... argument`, slice and map literals, string conversions); an implicit
 * conversion to an interface is printed as its operand, so any other name with its own storage
 * is the copy an interface conversion makes. `selector` (`u.Name` or the method value
 * `u.String`) and `binary` (`a + b`, which is also how string concatenation prints) cannot be
 * told apart from the text alone.
 */
export type StorageKind =
  | 'pointer-literal'
  | 'new'
  | 'make'
  | 'closure'
  | 'append'
  | 'variadic'
  | 'composite-literal'
  | 'string-conversion'
  | 'interface-box'
  | 'selector'
  | 'binary';

export function storageKind(expr: string): StorageKind {
  const e = expr.trim();
  if (e.startsWith('&')) return 'pointer-literal';
  if (e.startsWith('new(')) return 'new';
  if (e.startsWith('make(')) return 'make';
  if (e === 'func literal') return 'closure';
  if (e === 'append' || e.startsWith('append(')) return 'append';
  if (e === '... argument') return 'variadic';
  if (/^(\[[^\]]*\]|map\[)/.test(e) && e.endsWith('{...}')) return 'composite-literal';
  if (/^(string\(|\(\[\](byte|rune|uint8|int32)\)\()/.test(e)) return 'string-conversion';
  if (/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/.test(e)) return 'selector';
  if (hasTopLevelBinaryOperator(e)) return 'binary';
  return 'interface-box';
}

/** True for `a + b`, `"x" + s`, `n * 2`: a binary operator outside quotes, parentheses and brackets. */
function hasTopLevelBinaryOperator(e: string): boolean {
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === '"' || c === "'" || c === '`') {
      // Skip the literal; backquoted strings have no escapes.
      for (i++; i < e.length && e[i] !== c; i++) if (e[i] === '\\' && c !== '`') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === ' ' && /^ (\+|-|\*|\/|%|\||&|\^|<<|>>|&\^) /.test(e.slice(i))) return true;
  }
  return false;
}

/**
 * String literals replaced by `""`, so that parentheses inside them do not count. The compiler
 * prints a long string constant cut short with `...` and no closing quote; such a literal runs
 * to the last `...` before the text's final parenthesis.
 */
function withoutStrings(text: string): string {
  const out = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const open = out.search(/"(?!")/);
  if (open < 0 || (open > 0 && out[open - 1] === '"')) return out;
  const end = out.lastIndexOf('...');
  return end > open ? `${out.slice(0, open)}""${out.slice(end + 3)}` : out;
}

/** A string constant as the compiler prints it when it is long: cut short, `"abc...`. */
export function isTruncatedString(expr: string): boolean {
  return /^"(?:[^"\\]|\\.)*\.\.\.$/.test(expr);
}

/** True for a Go constant literal such as `1000`, `-3`, `"abc"`, `'x'`, `true` (or a long string cut short). */
export function isConstantLiteral(expr: string): boolean {
  if (isTruncatedString(expr)) return true;
  return /^-?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0[xXbBoO][\da-fA-F_]+)$/.test(expr) || /^"(?:[^"\\]|\\.)*"$/.test(expr) || /^'(?:[^'\\]|\\.)+'$/.test(expr) || expr === 'true' || expr === 'false';
}
