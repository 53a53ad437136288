// How an identifier is used where it appears: written to, address taken, dereferenced, compared
// with nil, or a field name in a struct literal rather than a variable.
import type { Node } from 'web-tree-sitter';
import { descendantsOfType } from './nodes';

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
