// The function each finding is in, named as the compiler names functions (`F`, `T.M`, `(*T).M`)
// without what changes when unrelated code changes: instantiations and type parameters
// (`Box[go.shape.int]` and `(*List[T]).Push` are `Box` and `(*List).Push`), closure numbers
// (`F.func1` is in `F`) and init numbers (`init.0` is `init`). Read from the source with
// tree-sitter, so that `-m` output (which names no function for `moved to heap`) is enough.
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { LineIndex } from '../positions';
import { enclosingFunctionDecl, functionName } from '../treesitter/nodes';

/** Package-level code (variable initialisers, their function literals) runs in `init`. */
export const PACKAGE_LEVEL = 'init';

/** The enclosing function of each finding, by finding; files that cannot be read name none. */
export function enclosingFunctions(findings: readonly Finding[], parser: Parser, readFile: (file: string) => string | undefined): Map<Finding, string> {
  const out = new Map<Finding, string>();
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  for (const [file, list] of byFile) {
    const text = readFile(file);
    if (text === undefined) continue;
    const tree = parser.parse(text);
    if (!tree) continue;
    try {
      const index = new LineIndex(text);
      for (const f of list) {
        const offset = index.offsetOfCompiler(f.line, f.column);
        const decl = enclosingFunctionDecl(tree.rootNode.descendantForIndex(offset, offset));
        out.set(f, decl ? functionName(decl) : PACKAGE_LEVEL);
      }
    } finally {
      tree.delete();
    }
  }
  return out;
}
