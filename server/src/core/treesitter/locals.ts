// Which local variable a position declares, for hovers that say a variable stays on the stack.
import type { Tree, Node } from 'web-tree-sitter';
import { FUNCTION_TYPES } from './nodes';

/** Node types that declare a local variable name. */
const DECLARING = new Set(['short_var_declaration', 'var_spec', 'parameter_declaration', 'range_clause', 'const_spec']);

/** The local variable declared at a UTF-16 offset inside a function, if the offset is on one. */
export function declaredLocalAt(tree: Tree, offset: number): string | undefined {
  const leaf: Node | null = tree.rootNode.descendantForIndex(offset, offset);
  if (!leaf || leaf.type !== 'identifier') return undefined;
  let inFunc = false;
  let declares = false;
  for (let n = leaf.parent; n; n = n.parent) {
    if (DECLARING.has(n.type) && !declares) {
      // Only the names on the left of a declaration, not identifiers used in its value.
      const value = n.childForFieldName('value') ?? n.childForFieldName('right');
      declares = !value || leaf.startIndex < value.startIndex;
    }
    if (FUNCTION_TYPES.has(n.type)) {
      inFunc = true;
      break;
    }
  }
  return inFunc && declares && leaf.text !== '_' ? leaf.text : undefined;
}
