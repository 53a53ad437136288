// Small pure helpers over tree-sitter nodes, shared by range computation, the predictor and fixes.
import type { Node } from 'web-tree-sitter';

/** Node types that declare a function body the compiler reports findings in. */
export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** The innermost named function or method around a node (closures are skipped). */
export function enclosingFunctionDecl(node: Node | null): Node | null {
  for (let n = node; n; n = n.parent) {
    if (n.type === 'function_declaration' || n.type === 'method_declaration') return n;
  }
  return null;
}

/** The name the compiler uses for a function or method declaration (`f`, `T.m`, `(*T).m`). */
export function functionName(decl: Node): string {
  const name = decl.childForFieldName('name')?.text ?? '';
  if (decl.type !== 'method_declaration') return name;
  const recv = decl.childForFieldName('receiver');
  const param = recv?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const type = param?.childForFieldName('type');
  if (!type) return name;
  if (type.type === 'pointer_type') {
    const base = type.namedChildren[0]?.text.replace(/\[.*\]$/, '') ?? '';
    return `(*${base}).${name}`;
  }
  return `${type.text.replace(/\[.*\]$/, '')}.${name}`;
}

/** Calls `visit` on every node of the subtree in document order; return false to skip children. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  const cursor = node.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend) {
        const keep = visit(cursor.currentNode);
        if (keep !== false && cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) return;
      descend = false;
      if (cursor.currentNode.id === node.id) return;
    }
  } finally {
    cursor.delete();
  }
}
