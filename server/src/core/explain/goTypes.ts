// A small model of Go types read from tree-sitter, enough to answer two questions the
// compiler's interface conversions depend on (cmd/compile/internal/walk/convert.go, dataWord):
// is a type's size zero, and is its only component a bool or a one-byte integer. Named types
// are resolved through their declarations; a type that cannot be resolved answers neither.
import type { Node } from 'web-tree-sitter';
import { named } from '../fixes/syntax';

export type GoType =
  /** A type name: predeclared (`bool`), of this package (`T`) or qualified (`pkg.T`). */
  | { kind: 'named'; name: string; qualifier?: string }
  /** One entry per field: `a, b bool` is two, an embedded field is one (named by its type). */
  | { kind: 'struct'; fields: { name: string; type: GoType }[] }
  /** `length` is undefined when it is not an integer literal. */
  | { kind: 'array'; length?: number; elem: GoType }
  | { kind: 'pointer'; elem: GoType }
  /** Slices, maps, channels, functions and interfaces: never of size zero, never one byte. */
  | { kind: 'word' }
  | { kind: 'unknown' };

/** The type a type node denotes. */
export function typeOfNode(node: Node | null | undefined): GoType {
  if (!node) return { kind: 'unknown' };
  switch (node.type) {
    case 'type_identifier':
      return { kind: 'named', name: node.text };
    case 'qualified_type': {
      const pkg = node.childForFieldName('package')?.text;
      const name = node.childForFieldName('name')?.text;
      return pkg && name ? { kind: 'named', name, qualifier: pkg } : { kind: 'unknown' };
    }
    case 'parenthesized_type':
      return typeOfNode(named(node)[0]);
    case 'struct_type': {
      const fields: { name: string; type: GoType }[] = [];
      const list = named(node).find((c) => c.type === 'field_declaration_list');
      for (const field of named(list).filter((c) => c.type === 'field_declaration')) {
        const names = field.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text);
        const typeNode = field.childForFieldName('type');
        let type = typeOfNode(typeNode);
        if (names.length > 0) {
          for (const name of names) fields.push({ name, type });
          continue;
        }
        // An embedded `*T` is a pointer field, named T.
        if (field.children.some((c) => c?.type === '*')) type = { kind: 'pointer', elem: type };
        fields.push({ name: (typeNode?.childForFieldName('name') ?? typeNode)?.text ?? '', type });
      }
      return { kind: 'struct', fields };
    }
    case 'array_type': {
      const len = node.childForFieldName('length');
      const n = len?.type === 'int_literal' ? Number(len.text.replace(/_/g, '')) : undefined;
      return { kind: 'array', length: Number.isSafeInteger(n) ? n : undefined, elem: typeOfNode(node.childForFieldName('element')) };
    }
    case 'pointer_type':
      return { kind: 'pointer', elem: typeOfNode(named(node)[0]) };
    case 'slice_type':
    case 'map_type':
    case 'channel_type':
    case 'function_type':
    case 'interface_type':
      return { kind: 'word' };
    default:
      // Generic instantiations and anything else: the type arguments would decide.
      return { kind: 'unknown' };
  }
}

/** A type declaration: `type T struct{...}` or `type A = B`; generic declarations are not modelled. */
export interface TypeDecl {
  type: GoType;
  /** The file it is declared in, whose imports resolve its qualified names. */
  file: string;
}

/** Where a name is looked up: a package's own declarations, and its files' imports. */
export interface TypeScope {
  /** The declaration of `name` in this package, or undefined when it has none. */
  own(name: string): TypeDecl | undefined;
  /**
   * The scope of the package `file` refers to as `qualifier`, `{ needs }` when that package is
   * not loaded yet, or undefined when the file imports no such package.
   */
  imported(file: string, qualifier: string): TypeScope | Needs | undefined;
}

/** Packages that must be read before a question can be answered (import paths). */
export interface Needs {
  needs: string[];
}

export type Answer = boolean | Needs;

export function isNeeds(x: unknown): x is Needs {
  return typeof x === 'object' && x !== null && Array.isArray((x as Needs).needs);
}

const PREDECLARED_WORDS = new Set(['string', 'error', 'any', 'uintptr']);
const PREDECLARED_SIZED = new Set(['int', 'int16', 'int32', 'int64', 'uint', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'complex64', 'complex128', 'rune']);
/** Predeclared types that are one byte: what `staticuint64s` serves (bool and one-byte integers). */
export const SINGLE_BYTE_TYPES = new Set(['bool', 'uint8', 'int8', 'byte']);

function isPredeclared(name: string): boolean {
  return SINGLE_BYTE_TYPES.has(name) || PREDECLARED_SIZED.has(name) || PREDECLARED_WORDS.has(name);
}

/**
 * Resolves a named type one step, to its declaration and the scope its own names live in. A
 * package's own declaration of a predeclared name (`type bool int`) wins, as in Go.
 */
function resolve(t: { name: string; qualifier?: string }, scope: TypeScope, file: string | undefined): { decl: TypeDecl; scope: TypeScope } | Needs | undefined {
  if (!t.qualifier) {
    const decl = scope.own(t.name);
    return decl ? { decl, scope } : undefined;
  }
  if (!file) return undefined;
  const other = scope.imported(file, t.qualifier);
  if (!other || isNeeds(other)) return other;
  const decl = other.own(t.name);
  return decl ? { decl, scope: other } : undefined;
}

function all(answers: Iterable<() => Answer>): Answer {
  const needs: string[] = [];
  for (const a of answers) {
    const r = a();
    if (r === false) return false;
    if (isNeeds(r)) needs.push(...r.needs);
  }
  return needs.length > 0 ? { needs } : true;
}

/** True when values of the type have size zero (`struct{}`, `[0]int`, structs of such fields). */
export function isZeroSize(t: GoType, scope: TypeScope, file?: string, depth = 0): Answer {
  if (depth > 12) return false;
  switch (t.kind) {
    case 'struct':
      return all(t.fields.map((f) => () => isZeroSize(f.type, scope, file, depth + 1)));
    case 'array':
      if (t.length === 0) return true;
      return isZeroSize(t.elem, scope, file, depth + 1);
    case 'named': {
      const r = resolve(t, scope, file);
      if (!r || isNeeds(r)) return r ?? false;
      return isZeroSize(r.decl.type, r.scope, r.decl.file, depth + 1);
    }
    default:
      return false;
  }
}

/**
 * True when the type's only component is a bool or a one-byte integer (`bool`, `uint8`, a named
 * type over one, a struct of exactly one such field, an array of exactly one): the compiler then
 * points the interface at the runtime's table of byte values (`staticuint64s`).
 */
export function isSingleByte(t: GoType, scope: TypeScope, file?: string, depth = 0): Answer {
  if (depth > 12) return false;
  switch (t.kind) {
    case 'struct':
      return t.fields.length === 1 ? isSingleByte(t.fields[0].type, scope, file, depth + 1) : false;
    case 'array':
      return t.length === 1 ? isSingleByte(t.elem, scope, file, depth + 1) : false;
    case 'named': {
      const r = resolve(t, scope, file);
      if (isNeeds(r)) return r;
      if (!r) return !t.qualifier && SINGLE_BYTE_TYPES.has(t.name);
      return isSingleByte(r.decl.type, r.scope, r.decl.file, depth + 1);
    }
    default:
      return false;
  }
}

/**
 * The type after resolving names, with the scope and file its own names resolve in: a
 * predeclared type stays named, an unknown one is `unknown`.
 */
export function underlying(t: GoType, scope: TypeScope, file?: string, depth = 0): { type: GoType; scope: TypeScope; file?: string } | Needs {
  if (depth > 12) return { type: { kind: 'unknown' }, scope, file };
  if (t.kind !== 'named') return { type: t, scope, file };
  const r = resolve(t, scope, file);
  if (isNeeds(r)) return r;
  if (!r) return { type: !t.qualifier && isPredeclared(t.name) ? t : { kind: 'unknown' }, scope, file };
  return underlying(r.decl.type, r.scope, r.decl.file, depth + 1);
}

/** The type declarations of a file's top level (generic ones left out: their size depends on type arguments). */
export function typeDeclarations(root: Node, file: string): Map<string, TypeDecl> {
  const out = new Map<string, TypeDecl>();
  for (const decl of named(root).filter((n) => n.type === 'type_declaration')) {
    for (const spec of named(decl)) {
      if ((spec.type !== 'type_spec' && spec.type !== 'type_alias') || spec.childForFieldName('type_parameters')) continue;
      const name = spec.childForFieldName('name')?.text;
      if (name) out.set(name, { type: typeOfNode(spec.childForFieldName('type')), file });
    }
  }
  return out;
}

/** How a type is written, for messages: `context.backgroundCtx`, `bool`. */
export function typeName(t: GoType): string | undefined {
  return t.kind === 'named' ? (t.qualifier ? `${t.qualifier}.${t.name}` : t.name) : undefined;
}
