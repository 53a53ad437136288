// Which compiler verdicts allocate nothing at run time. The compiler's escape analysis reports
// where a value would need heap memory; the back end then avoids the allocation for some of
// them (cmd/compile/internal/walk/convert.go dataWord, order.go addrTemp, closure.go, and the
// runtime's zero-size allocations). Each case here is measured with testing.AllocsPerRun in
// test/fixtures/noalloc and checked against the compiler's verdicts there. Types are read from
// the package's source and its dependencies' (through TypeScope); nothing unread is assumed.
import type { Node } from 'web-tree-sitter';
import { subjectOf } from '../compiler/parseText';
import { Finding, NoAllocation, messageCategory } from '../findings';
import { declaredNames } from '../treesitter/declarations';
import { isStructLiteralKey } from '../treesitter/identifiers';
import { named } from '../treesitter/nodes';
import { walk } from '../treesitter/nodes';
import { declaresTypeLocally, typeAt, typeOfExpression, localDeclaration, TypingContext } from './exprTypes';
import { GoType, Needs, TypeScope, isNeeds, isSingleByte, isZeroSize, typeName, underlying } from './goTypes';
import { isConstantLiteral, storageKind } from './flowText';
import type { Boxing } from './boxing';
import { PackageSyntax, SourceFile, matchingNode, nodeAtCompiler, offsetOfCompiler, packageIndex } from './packageSyntax';

export interface NoAllocContext {
  pkg: PackageSyntax;
  /** The analysed package's scope, whose imports lead to its dependencies. */
  scope: TypeScope;
  /** What the `-m=2` output says about interface conversions of slices (without it, no slice is settled). */
  boxing?: Boxing;
}

/** A constant as the compiler prints it: a literal, or a typed one (`time.Duration(1000000000)`, `MyInt(-5)`). */
export function isConstantValue(subject: string): boolean {
  if (isConstantLiteral(subject)) return true;
  const typed = /^(?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*\((.*)\)$/.exec(subject);
  return typed !== null && isConstantLiteral(typed[1]);
}

/**
 * What the message alone shows allocates nothing: a constant converted to an interface. For
 * findings not annotated (yet), so that no text says a constant is allocated.
 */
export function messageNoAllocation(f: Finding): NoAllocation | undefined {
  const subject = subjectOf(f.message);
  return messageCategory(f) === 'escapes' && subject && isConstantValue(subject) ? { kind: 'constant', category: 'escapes' } : undefined;
}

/**
 * Why the finding allocates nothing, `{ needs }` when a dependency's declarations must be read
 * first, or undefined when it allocates (or that cannot be shown from what was read).
 */
export function noAllocationOf(f: Finding, ctx: NoAllocContext): NoAllocation | Needs | undefined {
  const category = messageCategory(f);
  if (category !== 'moved' && category !== 'escapes') return undefined;
  const subject = subjectOf(f.message);
  if (!subject) return undefined;
  const file = ctx.pkg.file(f.file);
  const typing = { pkg: ctx.pkg, scope: ctx.scope, file: f.file };
  if (category === 'moved') return file ? movedZeroSize(f, subject, file, typing) : undefined;

  // Constants go to read-only data, whatever the rest of the explanation says.
  if (isConstantValue(subject)) return { kind: 'constant', category };
  const slice = sliceNoAlloc(f, subject, ctx, typing);
  if (slice !== null) return slice;

  const lit = literalOf(subject);
  if (lit) return literalNoAlloc(f, lit, file, typing);
  if (subject === 'func literal') return file && staticClosure(f, file) ? { kind: 'static-closure', category } : undefined;

  const kind = storageKind(subject);
  if (!file || (kind !== 'interface-box' && kind !== 'selector' && kind !== 'binary')) return undefined;
  const node = matchingNode(file, f.line, f.column, subject);
  if (!node) return undefined;
  const t = typeOfExpression(node, typing);
  return t && !isNeeds(t) ? byType(t, typing, category) : t;
}

/**
 * A slice whose backing array has no bytes: capacity zero, or elements of size zero. The same
 * message also stands for the copy of the slice header when the slice goes into an interface,
 * which allocates; only an explanation that shows no such conversion settles it (see boxing.ts).
 * Null when the subject is no slice allocation.
 */
function sliceNoAlloc(f: Finding, subject: string, ctx: NoAllocContext, typing: TypingContext): NoAllocation | Needs | undefined | null {
  const made = /^make\(\[\](.+)\)$/.exec(subject);
  const literal = /^\[\][^{}]*\{\}$/.test(subject);
  if (!made && !literal) return null;
  let answer: NoAllocation | Needs | undefined;
  if (literal || zeroLengthMake(subject)) answer = { kind: 'zero-length', category: 'escapes' };
  else if (made) {
    const elemText = topLevelArgs(made[1])[0];
    const zero = f.flows?.some((fl) => fl.steps.some((s) => s.kind === 'zero-sized element')) || isZeroSize(printedType(elemText), typing.scope, typing.file);
    answer = zero === true ? { kind: 'zero-size', category: 'escapes', type: `[]${elemText}` } : isNeeds(zero) ? zero : undefined;
  }
  if (!answer || isNeeds(answer)) return answer;
  return ctx.boxing?.converted(f.file, f.line, f.column, subject) === false ? answer : undefined;
}

/**
 * `make([]T, 0)` or `make([]T, n, 0)`: a capacity of zero (a length above it panics), so the
 * backing array has no bytes. Only slices: a map or channel `make` allocates its header.
 */
function zeroLengthMake(subject: string): boolean {
  if (!subject.startsWith('make([]') || !subject.endsWith(')')) return false;
  const args = topLevelArgs(subject.slice('make('.length, -1));
  return args.length >= 2 && args[args.length - 1] === '0';
}

/** Splits a call's argument text at commas outside brackets. */
function topLevelArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

function byType(t: GoType, typing: TypingContext, category: 'moved' | 'escapes'): NoAllocation | Needs | undefined {
  const zero = isZeroSize(t, typing.scope, typing.file);
  if (isNeeds(zero)) return zero;
  if (zero) return { kind: 'zero-size', category, type: typeName(t) };
  if (category === 'moved') return undefined;
  const byte = isSingleByte(t, typing.scope, typing.file);
  if (isNeeds(byte)) return byte;
  return byte ? { kind: 'single-byte', category, type: typeName(t) } : undefined;
}

/** `moved to heap: x` for a variable whose declared type has size zero. */
function movedZeroSize(f: Finding, name: string, file: SourceFile, typing: TypingContext): NoAllocation | Needs | undefined {
  const id = nodeAtCompiler(file, f.line, f.column);
  if (id.type !== 'identifier' || id.text !== name) return undefined;
  const t = typeOfDeclaredName(id, typing);
  return t && !isNeeds(t) ? byType(t, typing, 'moved') : t;
}

/** The type the declaration that `id` is a name of gives it. */
function typeOfDeclaredName(id: Node, typing: TypingContext): GoType | Needs | undefined {
  const decl = id.parent?.type === 'expression_list' ? id.parent.parent : id.parent;
  if (!decl || !declaredNames(decl).some((d) => d.id === id.id)) return undefined;
  const type = decl.childForFieldName('type');
  if (type && (decl.type === 'var_spec' || decl.type === 'parameter_declaration')) return typeAt(type);
  const left = decl.type === 'short_var_declaration' ? named(decl.childForFieldName('left')) : decl.childrenForFieldName('name').filter((n): n is Node => n !== null);
  const right = named(decl.childForFieldName(decl.type === 'short_var_declaration' ? 'right' : 'value'));
  const i = left.findIndex((n) => n.id === id.id);
  if (i < 0 || left.length !== right.length) return undefined;
  return typeOfExpression(right[i], typing);
}

/** A composite literal, `&T{...}` or `new(T)` as the compiler prints it. */
interface PrintedLiteral {
  /** The type as printed: `context.backgroundCtx`, `struct {}`, `[0]int`. */
  type: string;
  /** `&T{...}` or `new(T)`: a pointer to new memory; otherwise the literal is boxed in an interface. */
  pointer: boolean;
  /** `T{}`: printed without elements. */
  empty: boolean;
}

function literalOf(subject: string): PrintedLiteral | undefined {
  const n = /^new\((.+)\)$/.exec(subject);
  if (n) return { type: n[1], pointer: true, empty: true };
  const m = /^(&?)(.+?)\{(\.\.\.)?\}$/.exec(subject);
  if (!m || m[2].startsWith('[]') || m[2].startsWith('map[')) return undefined;
  return { type: m[2], pointer: m[1] === '&', empty: m[3] === undefined };
}

/** Reads a type as the compiler prints it; names, `struct {}` and arrays of those only. */
export function printedType(text: string): GoType {
  const t = text.trim();
  if (t === 'struct {}') return { kind: 'struct', fields: [] };
  const arr = /^\[(\d+)\](.+)$/.exec(t);
  if (arr) return { kind: 'array', length: Number(arr[1]), elem: printedType(arr[2]) };
  const q = /^(?:([A-Za-z_]\w*)\.)?([A-Za-z_]\w*)$/.exec(t);
  if (q) return { kind: 'named', name: q[2], qualifier: q[1] };
  return { kind: 'unknown' };
}

function literalNoAlloc(f: Finding, lit: PrintedLiteral, file: SourceFile | undefined, typing: TypingContext): NoAllocation | Needs | undefined {
  const t = printedType(lit.type);
  // A type declared in the function itself is not the package's type of that name.
  const here = file ? nodeAtCompiler(file, f.line, f.column) : undefined;
  if (here && t.kind === 'named' && !t.qualifier && declaresTypeLocally(here, t.name)) return undefined;
  const zero = isZeroSize(t, typing.scope, typing.file);
  if (isNeeds(zero)) return zero;
  if (zero) return { kind: 'zero-size', category: 'escapes', type: typeName(t) ?? lit.type };
  if (lit.pointer) return undefined;
  // A struct or array literal of constants is laid out in read-only data (walk/order.go addrTemp).
  const u = underlying(t, typing.scope, typing.file);
  if (isNeeds(u)) return u;
  if (u.type.kind !== 'struct' && u.type.kind !== 'array') return undefined;
  if (lit.empty) return { kind: 'static-literal', category: 'escapes', type: typeName(t) ?? lit.type };
  const node = file ? matchingNode(file, f.line, f.column, `${lit.type}{...}`) : undefined;
  return node && staticElements(node, typing) ? { kind: 'static-literal', category: 'escapes', type: typeName(t) ?? lit.type } : undefined;
}

/** True when every element of a composite literal is a constant (or a typed struct or array literal of constants). */
function staticElements(lit: Node, typing: TypingContext, depth = 0): boolean {
  if (depth > 6) return false;
  const body = lit.childForFieldName('body');
  for (const el of named(body)) {
    const value = el.type === 'keyed_element' ? named(el).at(-1) : el;
    const v = value?.type === 'literal_element' ? named(value)[0] : value;
    if (!v) return false;
    if (v.type === 'composite_literal') {
      const u = underlying(typeAt(v.childForFieldName('type')), typing.scope, typing.file);
      if (isNeeds(u) || (u.type.kind !== 'struct' && u.type.kind !== 'array') || !staticElements(v, typing, depth + 1)) return false;
      continue;
    }
    if (!isConstantExpr(v, typing.pkg)) return false;
  }
  return true;
}

/** Literals, package-level constants of this package, and operators over them. */
function isConstantExpr(n: Node, pkg: PackageSyntax, depth = 0): boolean {
  if (depth > 8) return false;
  switch (n.type) {
    case 'int_literal':
    case 'float_literal':
    case 'imaginary_literal':
    case 'rune_literal':
    case 'interpreted_string_literal':
    case 'raw_string_literal':
    case 'true':
    case 'false':
    case 'nil':
      return true;
    case 'parenthesized_expression':
      return named(n).length === 1 && isConstantExpr(named(n)[0], pkg, depth + 1);
    case 'unary_expression': {
      const op = n.childForFieldName('operator')?.type;
      return (op === '-' || op === '+' || op === '^' || op === '!') && isConstantExpr(n.childForFieldName('operand')!, pkg, depth + 1);
    }
    case 'binary_expression':
      return isConstantExpr(n.childForFieldName('left')!, pkg, depth + 1) && isConstantExpr(n.childForFieldName('right')!, pkg, depth + 1);
    case 'identifier':
      return localDeclaration(n, n.text) === undefined && isPackageConst(pkg, n.text);
    default:
      return false;
  }
}

/** A constant declared at the package's top level (a name can be declared there only once). */
function isPackageConst(pkg: PackageSyntax, name: string): boolean {
  return packageIndex(pkg).consts.has(name);
}

/**
 * True when a function literal refers to no variable of the functions around it, so that it
 * is a static function value (walk/closure.go). Any name the enclosing functions declare
 * counts as captured, even where scoping would say otherwise, so the answer errs on "captures".
 */
function staticClosure(f: Finding, file: SourceFile): boolean {
  const offset = offsetOfCompiler(file, f.line, f.column);
  let lit: Node | null = nodeAtCompiler(file, f.line, f.column);
  while (lit && lit.type !== 'func_literal') lit = lit.parent;
  if (!lit || lit.startIndex !== offset) return false;
  let outer: Node | null = lit.parent;
  let top: Node | undefined;
  for (; outer; outer = outer.parent) if (['function_declaration', 'method_declaration', 'func_literal'].includes(outer.type)) top = outer;
  if (!top) return false;
  // A name declared in the enclosing functions, outside this literal, may be what it refers to.
  const declared = declaredInFunction(top);
  const outside = (at: number) => at < lit!.startIndex || at >= lit!.endIndex;
  return !lit.descendantsOfType('identifier').some((id) => id !== null && !isStructLiteralKey(id) && (declared.get(id.text) ?? []).some(outside));
}

/**
 * Where each name is declared in a top-level function (its closures included), read once per
 * function and tree: a test function can hold hundreds of closures.
 */
const declaredCache = new WeakMap<Node['tree'], Map<number, Map<string, number[]>>>();

function declaredInFunction(top: Node): Map<string, number[]> {
  let perTree = declaredCache.get(top.tree);
  if (!perTree) declaredCache.set(top.tree, (perTree = new Map()));
  const hit = perTree.get(top.startIndex);
  if (hit) return hit;
  const declared = new Map<string, number[]>();
  const add = (name: string, at: number) => declared.set(name, [...(declared.get(name) ?? []), at]);
  walk(top, (n) => {
    for (const d of declaredNames(n)) add(d.text, d.startIndex);
    if (n.type === 'receive_statement' || n.type === 'type_switch_statement') {
      for (const id of n.descendantsOfType('identifier')) if (id) add(id.text, id.startIndex);
    }
  });
  perTree.set(top.startIndex, declared);
  return declared;
}
