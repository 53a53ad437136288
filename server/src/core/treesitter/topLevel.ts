// The top-level declarations of a tree, read once per tree: the predictor's file model and the
// lookup from a position to its function both need them on every keystroke, and reading them
// through a cursor is much cheaper than materialising the root's children as nodes. An edit
// inside one declaration is carried over from the tree before it instead of read again.
import type { Tree } from 'web-tree-sitter';

export interface TopLevelDecl {
  type: string;
  /** UTF-16 offsets in the tree's text. */
  start: number;
  end: number;
}

/**
 * How a tree came from the one before: one edit, replacing old offsets [start, oldEnd) by
 * [start, start + delta + oldEnd - start), inside the declaration at `index`, which kept its
 * start and type while every other declaration only moved. `inBody` is true when the edit lies
 * in a function's body, so that everything the file declares outside bodies is unchanged.
 */
export interface Succession {
  from: Tree;
  /** The declarations list `from` had, now moved to the new tree. */
  fromDecls: readonly TopLevelDecl[];
  index: number;
  start: number;
  oldEnd: number;
  delta: number;
  inBody: boolean;
}

const cache = new WeakMap<Tree, TopLevelDecl[]>();
const successions = new WeakMap<Tree, Succession>();

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

/** The succession recorded by `carryTopLevel` for a tree, if its declarations were carried. */
export function successionOf(tree: Tree): Succession | undefined {
  return successions.get(tree);
}

/** Drops what was read from a tree that has since been edited in place. */
export function forgetTree(tree: Tree): void {
  cache.delete(tree);
  successions.delete(tree);
}

/**
 * After `next` was parsed from `old` with the edit [start, oldEnd) → [start, newEnd), derives
 * the declarations of `next` from those of `old` when the edit stayed strictly inside one
 * declaration and the reparse kept that declaration's start, type and (moved) end and the
 * number of declarations: the text before and after it is unchanged, and the parser reads it
 * again from the same top-level state, so the other declarations can only have moved. Anything
 * else (typing between declarations, breaking a function open) reads the tree again later.
 */
export function carryTopLevel(old: Tree, next: Tree, start: number, oldEnd: number, newEnd: number): void {
  const before = cache.get(old);
  // The old tree is about to be deleted; keeping what was read from it would also keep every
  // tree before it alive through the chain of successions.
  cache.delete(old);
  successions.delete(old);
  if (!before) return;
  const index = declContaining(before, start, oldEnd);
  if (index < 0) return;
  const root = next.rootNode;
  if (root.childCount !== before.length) return;
  const delta = newEnd - oldEnd;
  const was = before[index];
  const now = root.child(index);
  if (!now || now.type !== was.type || now.startIndex !== was.start || now.endIndex !== was.end + delta) return;
  let inBody = false;
  if (isFunctionDecl(was)) {
    const body = now.childForFieldName('body');
    inBody = !!body && body.startIndex < start && oldEnd < was.end;
  }
  // The list moves to the new tree and is updated in place (nothing else holds the old tree's).
  if (delta !== 0) {
    before[index].end += delta;
    for (let i = index + 1; i < before.length; i++) {
      before[i].start += delta;
      before[i].end += delta;
    }
  }
  cache.set(next, before);
  successions.set(next, { from: old, fromDecls: before, index, start, oldEnd, delta, inBody });
}

/** The index of the declaration strictly containing [start, end), or -1. */
function declContaining(decls: readonly TopLevelDecl[], start: number, end: number): number {
  let lo = 0;
  let hi = decls.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = decls[mid];
    if (d.end <= start) lo = mid + 1;
    else if (d.start >= start) hi = mid - 1;
    else return end < d.end ? mid : -1;
  }
  return -1;
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

/** The function and method declarations overlapping the offsets [start, end], ends included. */
export function functionsOverlapping(decls: readonly TopLevelDecl[], start: number, end: number): TopLevelDecl[] {
  let lo = 0;
  let hi = decls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decls[mid].end < start) lo = mid + 1;
    else hi = mid;
  }
  const out: TopLevelDecl[] = [];
  for (let i = lo; i < decls.length && decls[i].start <= end; i++) if (isFunctionDecl(decls[i])) out.push(decls[i]);
  return out;
}
