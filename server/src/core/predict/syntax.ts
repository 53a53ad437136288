// How the compiler names and places an expression in its messages: `&T{...}`, `make([]byte, n)`,
// `func literal`, `s + t`, reported at the `&`, the call's `(`, the literal's `{`, a binary
// operator or a selector's `.` (checked against go1.26 output).
import type { Node } from 'web-tree-sitter';

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
      const tt = type ? typeText(type.text) : '';
      const wrapped = type && (type.type === 'type_identifier' || type.type === 'qualified_type') ? tt : `(${tt})`;
      return `${wrapped}(${t(n.childForFieldName('operand'))})`;
    }
    case 'composite_literal': {
      const type = n.childForFieldName('type');
      const body = n.childForFieldName('body');
      return `${type ? typeText(type.text) : ''}${body && body.namedChildCount === 0 ? '{}' : '{...}'}`;
    }
    case 'interpreted_string_literal':
    case 'raw_string_literal':
    case 'rune_literal':
      return n.text;
    case 'channel_type':
    case 'map_type':
    case 'slice_type':
    case 'array_type':
    case 'struct_type':
    case 'interface_type':
    case 'pointer_type':
    case 'function_type':
      return typeText(n.text);
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
      return inner?.type === 'binary_expression' && n.parent?.type === 'binary_expression' ? `(${t(inner)})` : t(inner);
    }
    default:
      return squash(n.text);
  }
}

/** Types as the compiler prints them: `struct {}`, `interface {}`, single spaces. */
function typeText(s: string): string {
  return squash(s).replace(/\b(struct|interface) ?\{/g, '$1 {').replace(/\{ \}/g, '{}');
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ');
}
