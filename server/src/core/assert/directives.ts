// Finds the assertion directives of one Go file: gcassert's `//gcassert:noescape`,
// `//gcassert:inline`, `//gcassert:bce` (comma lists, above the code or trailing it) and our
// `//go-escape:noheap` on a function. Pure: reads a tree-sitter tree and its text.
// As in gcassert, a directive belongs to the node its comment group is associated with (see
// commentMap.ts) and covers that node's first line; `inline` on a function declaration instead
// asserts that every call of the function is inlined.
import type { Node, Tree } from 'web-tree-sitter';
import { LineIndex } from '../positions';
import { AstNode, CommentGroup, associate, astNodes, commentGroups } from './commentMap';
import type { AssertionFailure, DirectiveSite, FileDirectives, FunctionDirective, LineDirective } from './types';

// gcassert's own pattern (`// ?gcassert:([\w,]+)`, first match in each comment), and ours.
const GCASSERT = /\/\/ ?gcassert:([\w,]+)/;
const GO_ESCAPE = /\/\/ ?go-escape:([\w,]+)/;
const GCASSERT_KINDS = new Set(['noescape', 'inline', 'bce']);
const FUNCTIONS = new Set(['function_declaration', 'method_declaration']);

interface Word {
  text: string;
  site: DirectiveSite;
  tool: 'gcassert' | 'go-escape';
}

/** The directive words of one comment, each with where it is written. */
function wordsOf(comment: Node, file: string, index: LineIndex): Word[] {
  const out: Word[] = [];
  for (const [tool, pattern] of [['gcassert', GCASSERT], ['go-escape', GO_ESCAPE]] as const) {
    const m = pattern.exec(comment.text);
    if (!m) continue;
    let offset = comment.startIndex + m.index + m[0].length - m[1].length;
    for (const text of m[1].split(',')) {
      const start = index.toCompiler(index.positionAt(offset));
      const end = index.toCompiler(index.positionAt(offset + text.length));
      out.push({ text, tool, site: { file, line: start.line, column: start.column, endColumn: end.column } });
      offset += text.length + 1;
    }
  }
  return out;
}

/** The compiler's 1-based line and byte column of a UTF-16 offset. */
function compilerPos(index: LineIndex, offset: number): { line: number; column: number } {
  return index.toCompiler(index.positionAt(offset));
}

function functionDirective(kind: FunctionDirective['kind'], word: Word, decl: Node, index: LineIndex): FunctionDirective {
  const nameNode = decl.childForFieldName('name');
  const start = compilerPos(index, decl.startIndex);
  const end = compilerPos(index, decl.endIndex);
  return {
    kind, tool: word.tool, at: word.site, name: nameNode?.text ?? '',
    method: decl.type === 'method_declaration',
    line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
  };
}

function unknown(word: Word, covered: { line: number; column: number }, message: string, directive: AssertionFailure['directive'] = 'unknown'): AssertionFailure {
  return { directive, file: word.site.file, line: word.site.line, column: word.site.column, message, at: word.site, covered };
}

/**
 * go/ast gives a comment that trails the file's last declaration to the whole file (the file ends
 * where its last declaration does, and the outermost node that ended wins), so gcassert would
 * check such a directive against the `package` line and never see a failure. The directive is
 * about the declaration it trails; this is the one place where go-escape departs from gcassert.
 */
function lastDeclInstead(owner: AstNode | undefined, g: CommentGroup, nodes: readonly AstNode[]): AstNode | undefined {
  if (owner?.node.type !== 'source_file' || g.start < owner.start) return owner;
  const decl = nodes.filter((n) => n.node.parent?.id === owner.node.id && n.end <= g.start).at(-1);
  return decl && decl.endLine === g.startLine ? decl : owner;
}

/** The directives of one file. `text` must be the text `tree` was parsed from. */
export function scanDirectives(file: string, text: string, tree: Tree): FileDirectives {
  const result: FileDirectives = { file, lines: [], functions: [], bad: [] };
  if (!text.includes('gcassert:') && !text.includes('go-escape:')) return result;
  const index = new LineIndex(text);
  const groups = commentGroups(tree.rootNode, index).filter((g) => g.comments.some((c) => /gcassert:|go-escape:/.test(c.text)));
  if (groups.length === 0) return result;
  const nodes = astNodes(tree.rootNode, index);
  const owners = associate(nodes, groups);
  for (const g of groups) {
    const owner = lastDeclInstead(owners.get(g), g, nodes);
    for (const comment of g.comments) {
      for (const word of wordsOf(comment, file, index)) {
        if (!owner) continue;
        const covered = compilerPos(index, owner.start);
        const isFunction = FUNCTIONS.has(owner.node.type);
        if (word.tool === 'go-escape') {
          if (word.text !== 'noheap') result.bad.push(unknown(word, covered, `unknown directive "${word.text}" (go-escape knows noheap)`));
          else if (!isFunction) result.bad.push(unknown(word, covered, '//go-escape:noheap must be on a function declaration', 'noheap'));
          else result.functions.push(functionDirective('noheap', word, owner.node, index));
          continue;
        }
        if (!GCASSERT_KINDS.has(word.text)) {
          result.bad.push(unknown(word, covered, `unknown directive "${word.text}"`));
          continue;
        }
        if (word.text === 'inline' && isFunction) {
          result.functions.push(functionDirective('inline', word, owner.node, index));
          continue;
        }
        const line: LineDirective = { kind: word.text as LineDirective['kind'], tool: 'gcassert', at: word.site, line: covered.line, column: covered.column };
        result.lines.push(line);
      }
    }
  }
  return result;
}
