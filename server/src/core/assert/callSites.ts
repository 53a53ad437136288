// The calls written on one line of a file, with the positions the compiler uses for them: it
// reports a call (`inlining call to f`) at its opening parenthesis. Pure tree-sitter reading.
import type { Node, Tree } from 'web-tree-sitter';
import type { LineIndex } from '../positions';
import { walk } from '../treesitter/nodes';

export interface CallSite {
  /** The called name as written: `f` for `f(x)`, `m` for `x.m()`, `F` for `F[int](x)`. */
  name: string;
  /** The callee expression's text (`otherpkg.A{}.NeverInlined`). */
  callee: string;
  /** The opening parenthesis: where the compiler reports the call. */
  line: number;
  column: number;
  /** Where the call expression starts (gcassert reports the call there). */
  startLine: number;
  startColumn: number;
}

/** The name a callee expression calls, or undefined for calls of function values such as `f()()`. */
function calledName(fn: Node | null): string | undefined {
  if (!fn) return undefined;
  switch (fn.type) {
    case 'identifier':
      return fn.text;
    case 'selector_expression':
      return fn.childForFieldName('field')?.text;
    case 'parenthesized_expression':
      return calledName(fn.namedChildren[0]);
    case 'index_expression':
    case 'generic_type':
      return calledName(fn.namedChildren[0]);
    default:
      return undefined;
  }
}

/** The calls whose opening parenthesis is on a 1-based line, in the order of their parentheses. */
export function callsOnLine(tree: Tree, index: LineIndex, line: number): CallSite[] {
  const from = index.offsetAt({ line: line - 1, character: 0 });
  const to = index.offsetAt({ line: line - 1, character: Number.MAX_SAFE_INTEGER });
  const out: CallSite[] = [];
  walk(tree.rootNode, (n) => {
    if (n.endIndex < from || n.startIndex > to) return false;
    if (n.type !== 'call_expression') return true;
    const args = n.childForFieldName('arguments');
    const name = calledName(n.childForFieldName('function'));
    if (!args || !name || args.startIndex < from || args.startIndex > to) return true;
    const paren = index.toCompiler(index.positionAt(args.startIndex));
    const start = index.toCompiler(index.positionAt(n.startIndex));
    out.push({ name, callee: n.childForFieldName('function')!.text, line: paren.line, column: paren.column, startLine: start.line, startColumn: start.column });
    return true;
  });
  return out.sort((a, b) => a.column - b.column);
}
