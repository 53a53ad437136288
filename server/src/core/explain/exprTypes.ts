// The type of an expression, where the source states it: a comparison is a bool, a variable
// has the type its declaration writes (or the type of the literal or conversion it is given), a
// field has its struct's field type. Scopes are followed as Go defines them; a name declared in
// a way this file does not model (a range variable, a type switch alias, a call's result) has
// no known type, and neither has anything else: callers then decide nothing.
import type { Node } from 'web-tree-sitter';
import { named } from '../fixes/syntax';
import { GoType, TypeScope, isNeeds, Needs, typeOfNode, underlying } from './goTypes';
import { PackageSyntax, packageIndex } from './packageSyntax';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const PREDECLARED_TYPES = new Set(['bool', 'uint8', 'int8', 'byte', 'int', 'int16', 'int32', 'int64', 'uint', 'uint16', 'uint32', 'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'rune', 'string']);

export interface TypingContext {
  pkg: PackageSyntax;
  scope: TypeScope;
  /** The file the expression is in (for its imports). */
  file: string;
}

type Typed = GoType | Needs | undefined;

/** The type of the value an expression denotes, when the source says it. */
export function typeOfExpression(node: Node, ctx: TypingContext, depth = 0): Typed {
  if (depth > 8) return undefined;
  switch (node.type) {
    case 'parenthesized_expression':
      return typeOfExpression(named(node)[0], ctx, depth + 1);
    case 'true':
    case 'false':
      return { kind: 'named', name: 'bool' };
    case 'binary_expression':
      return COMPARISONS.has(node.childForFieldName('operator')?.type ?? '') ? { kind: 'named', name: 'bool' } : undefined;
    case 'unary_expression': {
      const op = node.childForFieldName('operator')?.type;
      const operand = node.childForFieldName('operand');
      if (op === '!') return { kind: 'named', name: 'bool' };
      if (op === '&' && operand?.type === 'composite_literal') return { kind: 'pointer', elem: typeAt(operand.childForFieldName('type')) };
      return undefined;
    }
    case 'composite_literal':
      return typeAt(node.childForFieldName('type'));
    case 'call_expression':
      return conversionType(node, ctx);
    case 'identifier':
      return variableType(node, ctx, depth);
    case 'selector_expression':
      return fieldType(node, ctx, depth);
    default:
      return undefined;
  }
}

/**
 * The type a type node in a function denotes: unknown when a function around it declares a type
 * of the same name, which the package-level declarations would not describe.
 */
export function typeAt(node: Node | null | undefined): GoType {
  const t = typeOfNode(node);
  return node && t.kind === 'named' && !t.qualifier && declaresTypeLocally(node, t.name) ? { kind: 'unknown' } : t;
}

/** True when a function around `at` declares a type named `name`. */
export function declaresTypeLocally(at: Node, name: string): boolean {
  for (let n: Node | null = at.parent; n; n = n.parent) {
    if (n.type !== 'function_declaration' && n.type !== 'method_declaration' && n.type !== 'func_literal') continue;
    if (n.descendantsOfType(['type_spec', 'type_alias']).some((spec) => spec?.childForFieldName('name')?.text === name)) return true;
  }
  return false;
}

/** `uint8(x)`, `Color(x)`, `pkg.T(x)`: the type converted to, when the callee names a type. */
function conversionType(call: Node, ctx: TypingContext): Typed {
  const fn = call.childForFieldName('function');
  if (!fn || named(call.childForFieldName('arguments')).length !== 1) return undefined;
  if (fn.type === 'identifier') {
    if (declaresPackageLevel(ctx.pkg, fn.text, 'type')) return { kind: 'named', name: fn.text };
    // A package-level function or variable of that name would make it a call.
    if (PREDECLARED_TYPES.has(fn.text) && !declaresPackageLevel(ctx.pkg, fn.text, 'value') && !localDeclaration(fn, fn.text)) return { kind: 'named', name: fn.text };
    return undefined;
  }
  if (fn.type === 'parenthesized_expression' || fn.type === 'selector_expression') return undefined;
  return undefined;
}

/** The field's type in `x.f`, when x's type is a struct (or a pointer to one) that declares f itself. */
function fieldType(sel: Node, ctx: TypingContext, depth: number): Typed {
  const operand = sel.childForFieldName('operand');
  const field = sel.childForFieldName('field')?.text;
  if (!operand || !field) return undefined;
  const t = typeOfExpression(operand, ctx, depth + 1);
  if (!t || isNeeds(t)) return t;
  const base = t.kind === 'pointer' ? t.elem : t;
  const u = underlying(base, ctx.scope, ctx.file);
  if (isNeeds(u)) return u;
  if (u.type.kind !== 'struct') return undefined;
  // A field's type is written in the scope of the struct's declaration; only this package's
  // structs are followed, so that its names resolve here.
  if (u.scope !== ctx.scope) return undefined;
  return u.type.fields.find((f) => f.name === field)?.type;
}

/** The type of a variable from its declaration, found through the scopes around `id`. */
function variableType(id: Node, ctx: TypingContext, depth: number): Typed {
  const local = localDeclaration(id, id.text);
  if (local === null) return undefined;
  if (local) return declaredType(local.decl, local.index, ctx, depth);
  const v = packageIndex(ctx.pkg).vars.get(id.text);
  return v ? declaredType(v.spec, v.index, { ...ctx, file: v.file.path }, depth) : undefined;
}

function varSpecs(decl: Node): Node[] {
  return named(decl).flatMap((c) => (c.type === 'var_spec_list' ? named(c) : [c])).filter((c) => c.type === 'var_spec');
}

/** The type a declaring node gives its `index`-th name: written out, or the type of its value. */
function declaredType(decl: Node, index: number, ctx: TypingContext, depth: number): Typed {
  if (decl.type === 'parameter_declaration' || decl.type === 'var_spec') {
    const type = decl.childForFieldName('type');
    if (type) return typeAt(type);
  }
  if (decl.type !== 'var_spec' && decl.type !== 'short_var_declaration') return undefined;
  const values = named(decl.childForFieldName(decl.type === 'var_spec' ? 'value' : 'right'));
  const names = decl.type === 'var_spec' ? decl.childrenForFieldName('name').filter((n) => n !== null) : named(decl.childForFieldName('left'));
  if (values.length !== names.length) return undefined;
  const value = values[index];
  if (!value) return undefined;
  // Untyped constants other than booleans take their default type, which is never one byte.
  return typeOfExpression(value, ctx, depth + 1);
}

/**
 * The innermost declaration of `name` in scope at `at`, inside its function: the declaring node
 * and the index of the name in it; null when the name is declared in a way not modelled here;
 * undefined when no function scope declares it (it is then package-level or predeclared).
 */
export function localDeclaration(at: Node, name: string): { decl: Node; index: number } | null | undefined {
  let child: Node = at;
  for (let n = at.parent; n; child = n, n = n.parent) {
    switch (n.type) {
      case 'statement_list':
      case 'block':
        for (const stmt of named(n)) {
          if (stmt.startIndex >= child.startIndex) break;
          const found = declaredIn(stmt, name);
          if (found !== undefined) return found;
        }
        break;
      case 'for_statement':
      case 'if_statement':
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'communication_case':
      case 'expression_case':
      case 'type_case': {
        for (const part of named(n)) {
          if (part.id === child.id || part.type === 'block' || part.type === 'statement_list') continue;
          const found = headerDeclares(part, name);
          if (found !== undefined) return found;
        }
        break;
      }
      case 'func_literal':
      case 'function_declaration':
      case 'method_declaration': {
        for (const field of ['receiver', 'parameters', 'result']) {
          for (const p of named(n.childForFieldName(field))) {
            const i = p.childrenForFieldName('name').findIndex((x) => x?.text === name);
            if (i >= 0) return p.type === 'parameter_declaration' ? { decl: p, index: i } : null;
          }
        }
        if (n.type !== 'func_literal') return undefined;
        break;
      }
    }
  }
  return undefined;
}

/** A declaration of `name` by a statement of a block. */
function declaredIn(stmt: Node, name: string): { decl: Node; index: number } | null | undefined {
  if (stmt.type === 'short_var_declaration') {
    const i = named(stmt.childForFieldName('left')).findIndex((x) => x.text === name);
    return i >= 0 ? { decl: stmt, index: i } : undefined;
  }
  if (stmt.type === 'var_declaration') {
    for (const spec of varSpecs(stmt)) {
      const i = spec.childrenForFieldName('name').findIndex((x) => x?.text === name);
      if (i >= 0) return { decl: spec, index: i };
    }
    return undefined;
  }
  // Constants, types and labels of that name: not a variable whose type is modelled.
  if (stmt.type === 'const_declaration' || stmt.type === 'type_declaration' || stmt.type === 'labeled_statement') {
    return stmt.descendantsOfType(['identifier', 'type_identifier', 'label_name']).some((x) => x?.text === name && x.parent?.type !== 'selector_expression') ? null : undefined;
  }
  return undefined;
}

/** Names declared by the header of a for, if, switch or select case: typed only for `x := literal`. */
function headerDeclares(part: Node, name: string): { decl: Node; index: number } | null | undefined {
  if (part.type === 'short_var_declaration') return declaredIn(part, name);
  const names = part.type === 'for_clause' ? named(part).filter((c) => c.type === 'short_var_declaration') : [];
  for (const d of names) {
    const r = declaredIn(d, name);
    if (r !== undefined) return r;
  }
  if (['range_clause', 'receive_statement', 'expression_list', 'type_switch_header'].includes(part.type) || part.type.endsWith('_clause')) {
    const left = part.childForFieldName('left') ?? (part.type === 'expression_list' ? part : null);
    if (left && named(left).concat(left).some((x) => x.type === 'identifier' && x.text === name)) return null;
  }
  // A type switch's `x :=` is its alias field.
  if (part.parent?.type === 'type_switch_statement' && part.parent.childForFieldName('alias')?.id === part.id) {
    return named(part).some((x) => x.text === name) ? null : undefined;
  }
  return undefined;
}

/** True when the package declares `name` at the top level as a type, or as a value (func, var, const). */
export function declaresPackageLevel(pkg: PackageSyntax, name: string, what: 'type' | 'value'): boolean {
  const index = packageIndex(pkg);
  return what === 'type' ? index.types.has(name) : index.values.has(name);
}
