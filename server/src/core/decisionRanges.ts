// The range to underline for an inlining, bounds-check or nil-check finding. The compiler points
// at the operator of what it decided about: the opening parenthesis of a call (`inlining call
// to f`, and checks inside a callee inlined there), the `[` of an index or slice expression, the
// `*` or `.` of a dereference, and the start of a function's signature (`cannot inline f`).
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding } from './findings';
import type { LineIndex, Utf16Range } from './positions';

const DECIDED = new Set(['call_expression', 'index_expression', 'slice_expression', 'selector_expression', 'unary_expression', 'type_conversion_expression']);
const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** The range for a decision finding, or undefined when the tree has nothing at its position. */
export function decisionRange(f: Finding, index: LineIndex, tree: Tree): Utf16Range | undefined {
  const offset = index.offsetOfCompiler(f.line, f.column);
  const leaf = tree.rootNode.descendantForIndex(offset, offset);
  if (!leaf || leaf.startIndex !== offset) return undefined;
  let target: Node | null | undefined;
  if (f.decision?.inlined === false) {
    // The function's name, or the `func` keyword of a function literal.
    let fn: Node | null = leaf;
    while (fn && !FUNCTIONS.has(fn.type)) fn = fn.parent;
    target = fn && (fn.childForFieldName('name') ?? fn.child(0));
  } else {
    for (let n: Node | null = leaf; n; n = n.parent) {
      if (DECIDED.has(n.type)) {
        target = n;
        break;
      }
    }
  }
  return target ? { start: index.positionAt(target.startIndex), end: index.positionAt(target.endIndex) } : undefined;
}
