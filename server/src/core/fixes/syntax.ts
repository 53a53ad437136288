// Tree-sitter helpers that fixes share: finding nodes, walking one function's own code
// (closures excluded or included on request), and reading imports and declarations.
import type { Node } from 'web-tree-sitter';
import { walk } from '../treesitter/nodes';

export interface ImportedPackage {
  /** The explicit name (`u`, `.`, `_`), or undefined for a plain import. */
  name?: string;
  path: string;
}

/** The imports of a file. */
export function importedPackages(root: Node): ImportedPackage[] {
  const out: ImportedPackage[] = [];
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'import_declaration') continue;
    walk(decl, (n) => {
      if (n.type !== 'import_spec') return;
      const p = n.childForFieldName('path');
      const name = n.childForFieldName('name')?.text;
      if (p) out.push({ name, path: p.text.slice(1, -1) });
      return false;
    });
  }
  return out;
}

/** The smallest named node covering a UTF-16 offset. */
export function namedNodeAt(root: Node, offset: number): Node {
  return root.namedDescendantForIndex(offset, offset) ?? root;
}

export function isAncestor(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n.id === ancestor.id) return true;
  return false;
}

/** The nearest func_literal between `node` and `stop` (exclusive), if any. */
export function enclosingFuncLiteral(node: Node, stop: Node): Node | null {
  for (let n = node.parent; n && n.id !== stop.id; n = n.parent) if (n.type === 'func_literal') return n;
  return null;
}

/** Nodes of a type in a subtree, in document order; closures are skipped unless asked for. */
export function descendantsOfType(node: Node, type: string, opts: { intoClosures?: boolean } = {}): Node[] {
  const out: Node[] = [];
  walk(node, (n) => {
    if (n.id !== node.id && n.type === 'func_literal' && !opts.intoClosures) return false;
    if (n.type === type) out.push(n);
  });
  return out;
}

/** Identifier nodes (expression identifiers, not fields or types) named `name` in a subtree. */
export function identifiersNamed(node: Node, name: string, opts: { intoClosures?: boolean } = {}): Node[] {
  return descendantsOfType(node, 'identifier', opts).filter((n) => n.text === name && !isStructLiteralKey(n));
}

/** True for `Name` in `T{Name: v}`, which tree-sitter parses as an identifier but is a field name. */
export function isStructLiteralKey(id: Node): boolean {
  const elem = id.parent;
  if (elem?.type !== 'literal_element') return false;
  const keyed = elem.parent;
  return keyed?.type === 'keyed_element' && keyed.namedChildren[0]?.id === elem.id;
}

/** The named children of a node (non-null, typed). */
export function named(node: Node | null | undefined): Node[] {
  return (node?.namedChildren ?? []).filter((c): c is Node => c !== null);
}

/** The return statements that belong to a function body (not to closures inside it). */
export function ownReturnStatements(body: Node): Node[] {
  return descendantsOfType(body, 'return_statement');
}

/** The expressions of a return statement. */
export function returnedExpressions(ret: Node): Node[] {
  const list = named(ret).find((c) => c.type === 'expression_list');
  if (list) return named(list);
  return named(ret).filter((c) => c.type !== 'comment');
}

/** The unnamed result types of a function declaration, or null when results are named. */
export function resultTypes(decl: Node): Node[] | null {
  const result = decl.childForFieldName('result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [result];
  const out: Node[] = [];
  for (const p of named(result)) {
    if (p.type !== 'parameter_declaration') continue;
    if (p.childForFieldName('name')) return null;
    const t = p.childForFieldName('type');
    if (t) out.push(t);
  }
  return out;
}

/** Names a declaration-like node introduces in a function: parameters, `:=`, `var`, range variables. */
export function declaredNames(node: Node): Node[] {
  switch (node.type) {
    case 'parameter_declaration':
    case 'variadic_parameter_declaration':
      return node.childrenForFieldName('name').filter((c): c is Node => c !== null);
    case 'var_spec':
    case 'const_spec':
      return node.childrenForFieldName('name').filter((c): c is Node => c !== null);
    case 'short_var_declaration':
    case 'range_clause': {
      const left = node.childForFieldName('left');
      if (!left) return [];
      return (left.type === 'expression_list' ? named(left) : [left]).filter((c) => c.type === 'identifier');
    }
    default:
      return [];
  }
}

/** Every identifier node in a function (closures included) that declares `name`. */
export function declarationsOf(func: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(func, (n) => {
    for (const d of declaredNames(n)) if (d.text === name) out.push(d);
  });
  return out;
}

/** True when the identifier is written to by an assignment or `++`/`--` (not by `:=`). */
export function isAssignedTo(id: Node): boolean {
  const list = id.parent;
  if (list?.type === 'expression_list' && list.parent?.type === 'assignment_statement') {
    return list.parent.childForFieldName('left')?.id === list.id;
  }
  if (list?.type === 'assignment_statement') return list.childForFieldName('left')?.id === id.id;
  return list?.type === 'inc_statement' || list?.type === 'dec_statement';
}

/** True for `&x` where `id` is x. */
export function isAddressTaken(id: Node): boolean {
  const p = id.parent;
  return p?.type === 'unary_expression' && p.childForFieldName('operator')?.type === '&' && p.childForFieldName('operand')?.id === id.id;
}

/** True when `id` is `x` in `*x`. */
export function isDereferenced(id: Node): boolean {
  const p = id.parent;
  return p?.type === 'unary_expression' && p.childForFieldName('operator')?.type === '*' && p.childForFieldName('operand')?.id === id.id;
}

/** For `x == nil` or `nil != x`, true. */
export function isComparedWithNil(id: Node): boolean {
  const p = id.parent;
  if (p?.type !== 'binary_expression') return false;
  const op = p.childForFieldName('operator')?.type;
  if (op !== '==' && op !== '!=') return false;
  const other = p.childForFieldName('left')?.id === id.id ? p.childForFieldName('right') : p.childForFieldName('left');
  return other?.type === 'nil';
}

/** 1-based line of a node, for messages. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}
