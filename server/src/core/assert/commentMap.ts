// Which piece of code a comment belongs to, decided the way go/ast.NewCommentMap decides it,
// because gcassert reads its directives through that map: a directive applies to the first line
// of the node its comment group is associated with. This replays NewCommentMap's algorithm
// (go/ast/commentmap.go) over a tree-sitter tree: the same node order, the same "node groups"
// (files, fields, declarations, specs, statements) and go/parser's rules for grouping comments.
import type { Node } from 'web-tree-sitter';
import type { LineIndex } from '../positions';
import { walk } from '../treesitter/nodes';

/** A stretch of source in UTF-16 offsets, with its 1-based first and last lines. */
export interface Span {
  start: number;
  end: number;
  startLine: number;
  endLine: number;
}

/** A node that go/ast would have, in source order. */
export interface AstNode extends Span {
  node: Node;
  /** True for the nodes go/ast's comment map prefers: File, Field, Decl, Spec, Stmt. */
  group: boolean;
}

export interface CommentGroup extends Span {
  comments: Node[];
}

/** tree-sitter nodes that have no go/ast counterpart (lists and clauses go/ast keeps as fields). */
const NOT_AST = new Set([
  'comment', 'statement_list', 'expression_list', 'argument_list', 'literal_element',
  'for_clause', 'range_clause', 'import_spec_list', 'var_spec_list', 'const_spec_list', 'type_arguments',
  'interpreted_string_literal_content', 'raw_string_literal_content', 'escape_sequence',
]);

const GROUPS = new Set([
  'source_file',
  'parameter_declaration', 'variadic_parameter_declaration', 'field_declaration', 'method_elem', 'type_elem',
  'function_declaration', 'method_declaration', 'type_declaration', 'var_declaration', 'const_declaration', 'import_declaration',
  'import_spec', 'var_spec', 'const_spec', 'type_spec', 'type_alias',
  'short_var_declaration', 'block', 'labeled_statement', 'expression_case', 'default_case', 'type_case', 'communication_case',
]);

function isGroup(type: string): boolean {
  return GROUPS.has(type) || type.endsWith('_statement');
}

function span(index: LineIndex, start: number, end: number): Span {
  // go/ast's End is the offset after the last character; its line is that character's line.
  return { start, end, startLine: index.positionAt(start).line + 1, endLine: index.positionAt(Math.max(start, end - 1)).line + 1 };
}

/**
 * Where a node's own tokens end. tree-sitter puts comments that follow a node's last token inside
 * it when the node is not closed yet (a case clause, the file); go/ast's nodes end at their last
 * token.
 */
function ownEnd(n: Node): number {
  for (let i = n.childCount - 1; i >= 0; i--) {
    const c = n.child(i);
    if (c && c.type !== 'comment' && c.endIndex > c.startIndex) return ownEnd(c);
  }
  return n.endIndex;
}

function ownStart(n: Node): number {
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i);
    if (c && c.type !== 'comment' && c.endIndex > c.startIndex) return ownStart(c);
  }
  return n.startIndex;
}

/** True for tree-sitter nodes that go/ast has; a `literal_value` is a composite literal when its type is elided. */
function isAst(n: Node): boolean {
  if (n.type === 'literal_value') return n.parent?.type !== 'composite_literal';
  return !NOT_AST.has(n.type);
}

/** The go/ast-like nodes of a file in source order (go/ast.Inspect order). */
export function astNodes(root: Node, index: LineIndex): AstNode[] {
  const out: AstNode[] = [];
  walk(root, (n) => {
    if (!n.isNamed || n.startIndex === n.endIndex || n.type === 'comment') return n.type !== 'comment';
    if (!isAst(n)) return true;
    out.push({ ...span(index, ownStart(n), ownEnd(n)), node: n, group: isGroup(n.type) });
    return true;
  });
  return out;
}

/**
 * Comment groups as go/parser makes them: a comment on the line of the token before it starts a
 * group that takes further comments on that same line only; other comments group with comments
 * on the next line; any token between two comments separates them.
 */
export function commentGroups(root: Node, index: LineIndex): CommentGroup[] {
  const groups: CommentGroup[] = [];
  let current: Node[] = [];
  let currentEndLine = 0;
  let reach = 0;
  let prevTokenLine = 0;
  let prevWasComment = false;
  const flush = () => {
    if (current.length > 0) {
      const first = current[0];
      const last = current[current.length - 1];
      groups.push({ ...span(index, first.startIndex, last.endIndex), comments: current });
    }
    current = [];
  };
  walk(root, (n) => {
    if (n.childCount > 0 || n.startIndex === n.endIndex) return true;
    const s = span(index, n.startIndex, n.endIndex);
    if (n.type !== 'comment') {
      flush();
      prevTokenLine = s.startLine;
      prevWasComment = false;
      return true;
    }
    if (!prevWasComment && s.startLine === prevTokenLine) {
      // A line comment: only comments on its own line join it.
      flush();
      current = [n];
      reach = 0;
    } else if (current.length > 0 && s.startLine <= currentEndLine + reach) {
      current.push(n);
    } else {
      flush();
      current = [n];
      reach = 1;
    }
    currentEndLine = s.endLine;
    prevWasComment = true;
    return true;
  });
  flush();
  return groups;
}

/** Associates each comment group with a node, as go/ast.NewCommentMap does. */
export function associate(nodes: readonly AstNode[], groups: readonly CommentGroup[]): Map<CommentGroup, AstNode> {
  const out = new Map<CommentGroup, AstNode>();
  const stack: AstNode[] = [];
  let p: AstNode | undefined;
  let pg: AstNode | undefined;
  let gi = 0;
  for (let qi = 0; qi <= nodes.length && gi < groups.length; qi++) {
    const q: AstNode | undefined = nodes[qi];
    const qStart = q ? q.start : Infinity;
    const qLine = q ? q.startLine : Infinity;
    for (; gi < groups.length && groups[gi].end <= qStart; gi++) {
      const g = groups[gi];
      // The most recent node group that ended before the comment.
      let top: AstNode | undefined;
      while (stack.length > 0 && stack[stack.length - 1].end <= g.start) top = stack.pop();
      if (top) pg = top;
      let assoc: AstNode | undefined;
      if (pg && (pg.endLine === g.startLine || (pg.endLine + 1 === g.startLine && g.endLine + 1 < qLine))) assoc = pg;
      else if (p && (p.endLine === g.startLine || (p.endLine + 1 === g.startLine && g.endLine + 1 < qLine) || !q)) assoc = p;
      else assoc = q;
      if (assoc) out.set(g, assoc);
    }
    if (!q) break;
    p = q;
    if (q.group) {
      // Pushing drops the groups that ended before q, without making them the recent group.
      while (stack.length > 0 && stack[stack.length - 1].end <= q.start) stack.pop();
      stack.push(q);
    }
  }
  return out;
}
