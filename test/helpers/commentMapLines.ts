// The comment-map association of commentMap.ts in the format of the Go tool in
// test/fixtures/assert/commentmap (`file:groupLine:groupColumn node:nodeLine:nodeColumn`).
import * as fs from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { associate, astNodes, commentGroups } from '../../server/src/core/assert/commentMap';
import { LineIndex } from '../../server/src/core/positions';

export function commentMapLines(parser: Parser, file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const tree = parser.parse(text)!;
  try {
    const index = new LineIndex(text);
    const groups = commentGroups(tree.rootNode, index);
    const owners = associate(astNodes(tree.rootNode, index), groups);
    const pos = (offset: number) => index.toCompiler(index.positionAt(offset));
    return groups.flatMap((g) => {
      const owner = owners.get(g);
      if (!owner) return [];
      const p = pos(g.start);
      const n = pos(owner.start);
      return [`${file}:${p.line}:${p.column} node:${n.line}:${n.column}`];
    }).sort();
  } finally {
    tree.delete();
  }
}
