// Turns a finding's point (the compiler's line and byte column) into the range an editor should
// underline: the variable's identifier for `moved to heap: x`; for `<expr> escapes to heap` the
// escaping expression, shortened to something that can be seen and hovered: the keyword of
// `append`, `make`, `new` and func literals, and never more than the expression's first line.
// Uses the tree-sitter tree of the same text the compiler saw.
import type { Node, Tree } from 'web-tree-sitter';
import { Finding } from './findings';
import { LineIndex, Utf16Position, Utf16Range } from './positions';
import { subjectOf } from './compiler/parseText';
import { decisionRange } from './decisionRanges';

export type { Utf16Range } from './positions';

/** Node types that can be the whole of an escaping expression. */
const EXPRESSION_TYPES = new Set([
  'unary_expression', 'composite_literal', 'call_expression', 'func_literal', 'binary_expression',
  'selector_expression', 'index_expression', 'slice_expression', 'type_conversion_expression',
  'type_assertion_expression', 'parenthesized_expression', 'identifier', 'field_identifier',
  'interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'rune_literal',
  'imaginary_literal', 'true', 'false', 'nil', 'iota', 'generic_type', 'qualified_type', 'type_identifier',
]);

/**
 * The range to underline for a finding. `index` must be built from the text the compiler
 * analysed; `tree` is optional (without it the range covers the identifier-like token at the
 * position, or one character).
 */
export function findingRange(f: Finding, index: LineIndex, tree?: Tree): Utf16Range {
  const start = index.fromCompiler(f.line, f.column);
  const lineText = index.lineText(start.line);
  const fallback = tokenRange(lineText, start);
  if (!tree) return fallback;
  if (f.decision) return decisionRange(f, index, tree) ?? fallback;
  const offset = index.offsetAt(start);
  const leaf = tree.rootNode.descendantForIndex(offset, offset);
  if (!leaf || leaf.startIndex !== offset) return fallback;
  const subject = subjectOf(f.message) ?? '';
  // A compiler temporary (`moved to heap: .autotmp_2`, Go 1.26's `new(expr)`) has no name in the
  // source: it is underlined like the expression it holds.
  // `append escapes to heap` points at the call's parenthesis: a name, but not a variable's.
  const temporary = subject.startsWith('.autotmp') || leaf.type === '(';
  if (!temporary && (f.category === 'moved' || f.category === 'leak' || /^[\p{L}_][\p{L}\p{N}_]*$/u.test(subject))) {
    return nodeRange(index, leaf);
  }
  return visibleRange(index, escapingExpression(leaf, subject));
}

/** The expression an `escapes to heap` verdict at `leaf` is about. */
function escapingExpression(leaf: Node, subject: string): Node {
  // The compiler points at an opening parenthesis for calls and conversions (`make([]byte, n)`)
  // and at the opening brace of a composite literal (`Engine{...}`).
  let anchor: Node = leaf;
  if (leaf.type === '(' && leaf.parent?.type === 'argument_list' && leaf.parent.parent) anchor = leaf.parent.parent;
  else if (leaf.type === '{' && leaf.parent?.type === 'literal_value' && leaf.parent.parent?.type === 'composite_literal') anchor = leaf.parent.parent;
  const candidates: Node[] = [];
  for (let n: Node | null = anchor; n && (n.startIndex === anchor.startIndex || n === anchor); n = n.parent) {
    if (n.isNamed && EXPRESSION_TYPES.has(n.type)) candidates.push(n);
    else if (n !== anchor && n.isNamed) break;
  }
  if (candidates.length === 0) return anchor;
  if (subject === 'func literal') return candidates.find((n) => n.type === 'func_literal') ?? candidates[0];
  const pattern = subjectPattern(subject);
  return candidates.find((n) => pattern.test(n.text.replace(/\s+/g, ''))) ?? candidates[0];
}

/** Built-ins whose call is underlined on its name: the arguments are not what allocates. */
const KEYWORD_CALLS = new Set(['append', 'make', 'new']);

/** The part of an expression to underline: a keyword, or at most the expression's first line. */
function visibleRange(index: LineIndex, n: Node): Utf16Range {
  if (n.type === 'func_literal' && n.firstChild?.type === 'func') return nodeRange(index, n.firstChild);
  const callee = n.type === 'call_expression' ? n.childForFieldName('function') : null;
  if (callee?.type === 'identifier' && KEYWORD_CALLS.has(callee.text)) return nodeRange(index, callee);
  if (n.endPosition.row === n.startPosition.row) return nodeRange(index, n);
  const end = firstLineEnd(n, n.startPosition.row) ?? n.startIndex + 1;
  return { start: index.positionAt(n.startIndex), end: index.positionAt(end) };
}

/** Where the last token of a node on line `row` ends (comments aside), or undefined if none does. */
function firstLineEnd(n: Node, row: number): number | undefined {
  let end: number | undefined;
  for (let c = n.firstChild; c && c.startPosition.row === row; c = c.nextSibling) {
    if (c.type === 'comment') continue;
    if (c.endPosition.row === row) end = c.endIndex;
    else return firstLineEnd(c, row) ?? end;
  }
  return end;
}

/**
 * A pattern for source text from the compiler's rendering of an expression: `{...}` and `...`
 * stand for elided text, whitespace is ignored and package qualifiers may be missing.
 */
function subjectPattern(subject: string): RegExp {
  const parts = subject.replace(/\s+/g, '').split('...');
  const body = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^(?:[\\w.]*\\.)?${body}$`, 'u');
}

function nodeRange(index: LineIndex, n: Node): Utf16Range {
  return { start: index.positionAt(n.startIndex), end: index.positionAt(n.endIndex) };
}

/** Fallback range: the identifier-like run of characters at the position, or one character. */
export function tokenRange(lineText: string, start: Utf16Position): Utf16Range {
  let end = start.character;
  while (end < lineText.length && /[\p{L}\p{N}_]/u.test(lineText[end])) end++;
  if (end === start.character) end = Math.min(lineText.length, start.character + 1);
  if (end === start.character) return { start, end: { line: start.line, character: start.character } };
  return { start, end: { line: start.line, character: end } };
}
