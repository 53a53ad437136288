// Turns a finding's point (the compiler's line and byte column) into the range an editor should
// underline: the variable's identifier for `moved to heap: x`, the whole escaping expression for
// `<expr> escapes to heap`. Uses the tree-sitter tree of the same text the compiler saw.
import type { Node, Tree } from 'web-tree-sitter';
import { Finding } from './findings';
import { LineIndex, Utf16Position } from './positions';
import { subjectOf } from './compiler/parseText';

export interface Utf16Range {
  start: Utf16Position;
  end: Utf16Position;
}

/** Node types that can be the whole of an escaping expression. */
const EXPRESSION_TYPES = new Set([
  'unary_expression', 'composite_literal', 'call_expression', 'func_literal', 'binary_expression',
  'selector_expression', 'index_expression', 'slice_expression', 'type_conversion_expression',
  'type_assertion_expression', 'parenthesized_expression', 'identifier', 'field_identifier',
  'interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'rune_literal',
  'imaginary_literal', 'true', 'false', 'nil', 'iota', 'generic_type', 'qualified_type', 'type_identifier',
]);

/** Last non-space character of a subject such as `&T{...}` or `make([]byte, n)`. */
function lastChar(s: string): string {
  const t = s.trimEnd();
  return t[t.length - 1] ?? '';
}

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
  const offset = index.offsetAt(start);
  const leaf = tree.rootNode.descendantForIndex(offset, offset);
  if (!leaf || leaf.startIndex !== offset) return fallback;
  const subject = subjectOf(f.message) ?? '';
  if (f.category === 'moved' || f.category === 'leak' || /^[\p{L}_][\p{L}\p{N}_]*$/u.test(subject)) {
    return nodeRange(index, leaf);
  }
  // Walk up the expressions that start at the same place; take the first that ends the way the
  // compiler's rendering of the expression ends (`}` for a literal, `)` for a call, ...).
  const want = lastChar(subject.replace(/\.\.\.\}$/, '}'));
  let best: Node = leaf;
  for (let n: Node | null = leaf; n && n.startIndex === offset; n = n.parent) {
    if (!EXPRESSION_TYPES.has(n.type) && n !== leaf) break;
    best = n;
    if (want && lastChar(n.text) === want) return nodeRange(index, n);
  }
  return nodeRange(index, best.endIndex - best.startIndex > 0 ? best : leaf);
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
