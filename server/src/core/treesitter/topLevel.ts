// The top-level declarations of a tree, read once per tree: the predictor's file model and the
// lookup from a position to its function both need them on every keystroke, and reading them
// through a cursor is much cheaper than materialising the root's children as nodes.
import type { Tree } from 'web-tree-sitter';

export interface TopLevelDecl {
  type: string;
  /** UTF-16 offsets in the tree's text. */
  start: number;
  end: number;
}

const cache = new WeakMap<Tree, TopLevelDecl[]>();

export function topLevelDecls(tree: Tree): TopLevelDecl[] {
  let decls = cache.get(tree);
  if (decls) return decls;
  decls = [];
  const cursor = tree.walk();
  try {
    if (cursor.gotoFirstChild()) {
      do decls.push({ type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex });
      while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  cache.set(tree, decls);
  return decls;
}

export const isFunctionDecl = (d: TopLevelDecl) => d.type === 'function_declaration' || d.type === 'method_declaration';

/** The function or method declaration containing `offset`, by binary search over `decls`. */
export function functionAt(decls: readonly TopLevelDecl[], offset: number): TopLevelDecl | undefined {
  let lo = 0;
  let hi = decls.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (decls[mid].end < offset) lo = mid + 1;
    else if (decls[mid].start > offset) hi = mid - 1;
    else return isFunctionDecl(decls[mid]) ? decls[mid] : undefined;
  }
  return undefined;
}
