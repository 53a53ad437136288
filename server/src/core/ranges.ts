// Turns a finding's point (the compiler's line and byte column) into the range an editor should
// underline: the variable's identifier for `moved to heap: x`, the whole escaping expression for
// `<expr> escapes to heap`. Uses the tree-sitter tree of the same text the compiler saw.
import type { Node, Tree } from 'web-tree-sitter';
import { Finding } from './findings';
import { LineIndex, Utf16Position } from './positions';
import { subjectOf } from './compiler/parseText';
import { decisionRange } from './decisionRanges';

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
  if (f.category === 'moved' || f.category === 'leak' || /^[\p{L}_][\p{L}\p{N}_]*$/u.test(subject)) {
    return nodeRange(index, leaf);
  }
  // The compiler points at an opening parenthesis for calls and conversions (`make([]byte, n)`).
  let anchor: Node = leaf;
  if (leaf.type === '(' && leaf.parent?.type === 'argument_list' && leaf.parent.parent) anchor = leaf.parent.parent;
  const candidates: Node[] = [];
  for (let n: Node | null = anchor; n && (n.startIndex === anchor.startIndex || n === anchor); n = n.parent) {
    if (n.isNamed && EXPRESSION_TYPES.has(n.type)) candidates.push(n);
    else if (n !== anchor && n.isNamed) break;
  }
  if (candidates.length === 0) return nodeRange(index, anchor);
  if (subject === 'func literal') return nodeRange(index, candidates.find((n) => n.type === 'func_literal') ?? candidates[0]);
  const pattern = subjectPattern(subject);
  const match = candidates.find((n) => pattern.test(n.text.replace(/\s+/g, '')));
  return nodeRange(index, match ?? candidates[0]);
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
