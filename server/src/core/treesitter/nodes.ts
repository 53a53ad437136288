// Small pure helpers over tree-sitter nodes, shared by range computation, the predictor, fixes
// and explanations: walking and finding nodes, and the names the compiler gives functions.
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

/** The nearest func_literal between `node` and `stop` (exclusive), if any. */
export function enclosingFuncLiteral(node: Node, stop: Node): Node | null {
  for (let n = node.parent; n && n.id !== stop.id; n = n.parent) if (n.type === 'func_literal') return n;
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

/** The named children of a node (non-null, typed). */
export function named(node: Node | null | undefined): Node[] {
  return (node?.namedChildren ?? []).filter((c): c is Node => c !== null);
}

/** The smallest named node covering a UTF-16 offset. */
export function namedNodeAt(root: Node, offset: number): Node {
  return root.namedDescendantForIndex(offset, offset) ?? root;
}

export function isAncestor(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n.id === ancestor.id) return true;
  return false;
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

/** The expression inside any number of parentheses. */
export function unparen(n: Node): Node {
  let x = n;
  while (x.type === 'parenthesized_expression' && x.namedChildren[0]) x = x.namedChildren[0];
  return x;
}

/** 1-based line of a node, for messages. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}
