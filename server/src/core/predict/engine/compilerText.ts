// How the compiler names and places an expression in its messages: `&T{...}`, `make([]byte, n)`,
// `func literal`, `s + t`, reported at the `&`, the call's `(`, the literal's `{`, a binary
// operator or a selector's `.` (checked against go1.26 output).
import type { Node } from 'web-tree-sitter';
import type { GoType } from '../declarations/types';

/** The node whose start is the compiler's position for an expression. */
export function allocPos(n: Node): { node: Node } {
  const at = (x: Node | null | undefined) => ({ node: x ?? n });
  switch (n.type) {
    case 'call_expression':
      return at(n.childForFieldName('arguments'));
    case 'type_conversion_expression':
      return at(n.children.find((c) => c?.type === '('));
    case 'composite_literal':
      return at(n.childForFieldName('body'));
    case 'selector_expression':
    case 'type_assertion_expression':
      return at(n.children.find((c) => c?.type === '.'));
    case 'index_expression':
    case 'slice_expression':
      return at(n.children.find((c) => c?.type === '['));
    case 'binary_expression':
      return at(n.childForFieldName('operator'));
    case 'parenthesized_expression':
      return n.namedChildren[0] ? allocPos(n.namedChildren[0]) : at(n);
    default:
      return at(n);
  }
}

/** The compiler's rendering of an expression in `... escapes to heap` messages. */
export function exprText(n: Node, fold?: (n: Node) => string | undefined, depth = 0): string {
  if (depth > 12) return '...';
  const folded = fold?.(n);
  if (folded !== undefined) return folded;
  const t = (x: Node | null | undefined) => (x ? exprText(x, fold, depth + 1) : '');
  switch (n.type) {
    case 'call_expression': {
      const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
      return `${t(n.childForFieldName('function'))}(${args.map((a) => t(a)).join(', ')})`;
    }
    case 'variadic_argument':
      return `${t(n.namedChildren[0])}...`;
    case 'type_conversion_expression': {
      const type = n.childForFieldName('type');
      const tt = type ? normalizeTypeText(type.text) : '';
      const wrapped = type && (type.type === 'type_identifier' || type.type === 'qualified_type') ? tt : `(${tt})`;
      return `${wrapped}(${t(n.childForFieldName('operand'))})`;
    }
    case 'composite_literal':
      return compositeSubject(n);
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return constantText(stringValue(n.text));
    case 'rune_literal':
      return n.text;
    case 'array_type': {
      // Constant lengths print as their values: `[316]int` for `[maxNumLit + maxNumDist]int`.
      const len = n.childForFieldName('length');
      return len && fold ? `[${t(len)}]${t(n.childForFieldName('element'))}` : normalizeTypeText(n.text);
    }
    case 'channel_type':
    case 'map_type':
    case 'slice_type':
    case 'struct_type':
    case 'interface_type':
    case 'pointer_type':
    case 'function_type':
      return normalizeTypeText(n.text);
    case 'func_literal':
      return 'func literal';
    case 'unary_expression':
      return `${n.childForFieldName('operator')?.text ?? ''}${t(n.childForFieldName('operand'))}`;
    case 'binary_expression':
      return `${t(n.childForFieldName('left'))} ${n.childForFieldName('operator')?.text ?? ''} ${t(n.childForFieldName('right'))}`;
    case 'selector_expression':
      return `${t(n.childForFieldName('operand'))}.${n.childForFieldName('field')?.text ?? ''}`;
    case 'index_expression':
      return `${t(n.childForFieldName('operand'))}[${t(n.childForFieldName('index'))}]`;
    case 'slice_expression': {
      const s = n.childForFieldName('start');
      const e = n.childForFieldName('end');
      const c = n.childForFieldName('capacity');
      return `${t(n.childForFieldName('operand'))}[${t(s)}:${t(e)}${c ? `:${t(c)}` : ''}]`;
    }
    case 'type_assertion_expression':
      return `${t(n.childForFieldName('operand'))}.(${squash(n.childForFieldName('type')?.text ?? '')})`;
    case 'parenthesized_expression': {
      // Parentheses that group an operation are kept, as the compiler prints them.
      const inner = n.namedChildren[0];
      if (inner?.type === 'binary_expression' && n.parent?.type === 'binary_expression') return needsParens(inner, n) ? `(${t(inner)})` : t(inner);
      // So are those around an address whose method or field is selected: `(&T{...}).M`.
      const selected = n.parent?.type === 'selector_expression' && n.parent.childForFieldName('operand')?.id === n.id;
      return selected && inner?.type === 'unary_expression' && inner.childForFieldName('operator')?.text === '&' ? `(${t(inner)})` : t(inner);
    }
    default:
      return squash(n.text);
  }
}

/** The precedence of binary operators in the compiler's printer (ir.OpPrec). */
const PRECEDENCE: Record<string, number> = {
  '*': 6, '/': 6, '%': 6, '<<': 6, '>>': 6, '&': 6, '&^': 6,
  '+': 5, '-': 5, '|': 5, '^': 5,
  '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4,
  '&&': 2, '||': 1,
};

/**
 * The compiler prints no parentheses of its own source, only those precedence needs: an operand
 * of lower precedence than its operator, or of equal precedence on the right.
 */
function needsParens(inner: Node, paren: Node): boolean {
  const parent = paren.parent!;
  const pi = PRECEDENCE[inner.childForFieldName('operator')?.text ?? ''];
  const pp = PRECEDENCE[parent.childForFieldName('operator')?.text ?? ''];
  if (pi === undefined || pp === undefined) return true;
  const right = parent.childForFieldName('right')?.id === paren.id;
  return pi < pp + (right ? 1 : 0);
}

/** Types as the compiler prints them: `struct {}`, `struct { a int; b T }`, `interface {}`, single spaces. */
export function normalizeTypeText(s: string): string {
  const fields = s.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s*\n\s*/g, '; ');
  return squash(fields).replace(/\b(struct|interface) ?\{(?:; )?/g, '$1 { ').replace(/(?:; )?\}/g, ' }').replace(/\{ +\}/g, '{}').replace(/ {2,}/g, ' ');
}

/**
 * A string constant as the compiler prints it (go/constant's String): Go-quoted, and cut to 69
 * characters and `...` when the quoted form is longer than 72.
 */
export function constantText(value: string): string {
  const q = goQuote(value);
  const chars = [...q];
  return chars.length > 72 ? `${chars.slice(0, 69).join('')}...` : q;
}

/** The value of a Go string literal (interpreted or raw). */
export function stringValue(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  const body = literal.slice(1, -1);
  const bytes: number[] = [];
  const pushText = (t: string) => bytes.push(...Buffer.from(t, 'utf8'));
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      pushText(String.fromCodePoint(cp));
      continue;
    }
    const e = body[++i];
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };
    if (e in simple) bytes.push(simple[e]);
    else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      pushText(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + len), 16)));
      i += len;
    } else if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** strconv.Quote for the common cases: printable characters stay, others are escaped. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (cp === 0xfffd) out += '\\ufffd';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x7f || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A composite literal as the compiler names it: `T{...}`, or `T{}` when it has no elements. */
export function compositeSubject(n: Node): string {
  const t = n.childForFieldName('type');
  const body = n.childForFieldName('body');
  return `${t ? normalizeTypeText(t.text) : ''}${body && body.namedChildCount === 0 ? '{}' : '{...}'}`;
}

/** A type as the compiler prints it in an elided composite literal (`&pkg.T{...}`), where the syntax says enough. */
export function typeText(t: GoType, packageNameOf: (importPath: string) => string | undefined): string {
  switch (t.k) {
    case 'named':
      return t.pkg ? `${packageNameOf(t.pkg) ?? '?'}.${t.name}` : t.name;
    case 'basic':
      return t.name;
    case 'ptr':
      return `*${typeText(t.elem, packageNameOf)}`;
    case 'slice':
      return `[]${typeText(t.elem, packageNameOf)}`;
    case 'map':
      return `map[${typeText(t.key, packageNameOf)}]${typeText(t.elem, packageNameOf)}`;
    default:
      return '?';
  }
}

/** Names the compiler never qualifies with a package: predeclared types, builtins and constants. */
const UNQUALIFIED = /^(?:bool|byte|rune|string|error|any|comparable|u?int(?:8|16|32|64)?|uintptr|float(?:32|64)|complex(?:64|128)|map|chan|func|struct|interface|make|new|len|cap|append|min|max|nil|true|false|iota)$/;

/**
 * How an allocation of an inlined callee is printed in the caller. The names of a callee of
 * another package (`prefix`: its name and a dot) are qualified with it (`&errors.errorString{...}`,
 * `make([]byte, bufio.size)`); predeclared names, fields and the packages of qualified types are
 * not. `operand` tells what a name among the values of `make` prints as: null when as itself,
 * undefined when unknown. Undefined when the text cannot be told, as for a value that names a
 * selector (`b.size`, or `bufio.size` brought in by the callee's own inlined calls).
 */
export function inlinedSubject(subject: string, prefix: string, operand: (name: string) => string | null | undefined): string | undefined {
  if (subject === 'func literal' || subject === 'append' || subject.startsWith('"')) return subject;
  let out = '';
  const tokens = /"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'|[A-Za-z_]\w*|\d[\w.]*|\.\.\.|[\s\S]/g;
  // Everything is a type but the operands of `make` after its first one.
  const make = subject.startsWith('make(');
  let depth = 0;
  let values = false;
  let prev = '';
  for (const m of subject.matchAll(tokens)) {
    const tok = m[0];
    if (tok === '(' || tok === '[' || tok === '{') depth++;
    else if (tok === ')' || tok === ']' || tok === '}') depth--;
    else if (tok === ',' && make && depth === 1) values = true;
    if (/^[A-Za-z_]/.test(tok) && prev !== '.' && !UNQUALIFIED.test(tok)) {
      const selected = subject.startsWith('.', m.index + tok.length);
      if (values) {
        if (selected) return undefined;
        const v = operand(tok);
        if (v === undefined) return undefined;
        // A constant in a larger operand is folded with it (`n + 4`), in ways not followed here.
        const whole = prev === ',' && /^\s*[,)]/.test(subject.slice(m.index + tok.length));
        if (v !== null && !whole) return undefined;
        out += v ?? prefix + tok;
      } else out += selected ? tok : prefix + tok;
    } else out += tok;
    if (!/^\s$/.test(tok)) prev = tok;
  }
  return out;
}

/** Builtin calls the compiler prints as written (`make([]byte, n)`); other calls print in forms the syntax cannot tell. */
const RENDERED_CALLS = new Set(['make', 'new', 'append', 'len', 'cap', 'string', 'min', 'max']);

/**
 * Whether an expression contains a call whose rendering the syntax cannot tell. Conversions to
 * concrete types (`isConversion`) print as written: `UL(labels)`, `float64(n) * 2`.
 */
export function containsCall(n: Node, isConversion?: (fn: Node) => boolean, depth = 0): boolean {
  if (depth > 20) return true;
  if (n.type === 'call_expression') {
    const f = n.childForFieldName('function');
    if (!f || !(RENDERED_CALLS.has(f.text) || isConversion?.(f))) return true;
  }
  if (n.type === 'func_literal') return false;
  for (const c of n.namedChildren) if (c && containsCall(c, isConversion, depth + 1)) return true;
  return false;
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ');
}
