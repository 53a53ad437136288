// Decision findings (inline, bounds, nil) as `want` items, with the source text their editor
// range covers, for comparison with a fixture's expectations.
import * as fs from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { isDecisionCategory } from '../../server/src/core/compiler/decisions';
import { Finding } from '../../server/src/core/findings';
import { LineIndex } from '../../server/src/core/positions';
import { findingRange } from '../../server/src/core/ranges';
import { Want } from './wants';

/** The decision findings as `want` items, with the text their range covers. */
export function decisionsAsWants(findings: readonly Finding[], parser: Parser): Want[] {
  return findings.filter((f) => isDecisionCategory(f.category)).map((f) => {
    const text = fs.readFileSync(f.file, 'utf8');
    const index = new LineIndex(text);
    const tree = parser.parse(text)!;
    const r = findingRange(f, index, tree);
    tree.delete();
    const covered = text.slice(index.offsetAt(r.start), index.offsetAt(r.end));
    return { file: f.file, line: f.line, kind: f.category, message: f.message, text: covered };
  });
}

