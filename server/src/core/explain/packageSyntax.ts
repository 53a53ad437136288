// The analysed package's source as the explain module reads it: each file's text, tree and line
// index. The caller owns the trees (the session keeps them for open documents); parsePackage
// makes them for files that are not open.
import type { Node, Tree } from 'web-tree-sitter';
import { LineIndex } from '../positions';
import { isStructLiteralKey } from '../treesitter/identifiers';
import { createGoParser } from '../treesitter/parser';
import { namedNodeAt } from '../treesitter/nodes';
import { functionName } from '../treesitter/nodes';

export interface SourceFile {
  /** Absolute path, as in findings. */
  path: string;
  text: string;
  root: Node;
  lines: LineIndex;
}

export interface PackageSyntax {
  /** The package's files (one package clause; an external `_test` package is another package). */
  readonly files: readonly SourceFile[];
  file(path: string): SourceFile | undefined;
}

/** A PackageSyntax over trees the caller already has; it keeps them only as long as the caller does. */
export function packageSyntax(files: readonly { path: string; text: string; root: Node }[]): PackageSyntax {
  const list = files.map((f) => ({ ...f, lines: new LineIndex(f.text) }));
  const byPath = new Map(list.map((f) => [f.path, f]));
  return { files: list, file: (p) => byPath.get(p) };
}

/** Parses texts (absolute path to Go source) into a PackageSyntax; `dispose` deletes the trees. */
export async function parsePackage(texts: ReadonlyMap<string, string>): Promise<PackageSyntax & { dispose(): void }> {
  const parser = await createGoParser();
  const trees: Tree[] = [];
  const files: { path: string; text: string; root: Node }[] = [];
  try {
    for (const [path, text] of texts) {
      const tree = parser.parse(text);
      if (!tree) continue;
      trees.push(tree);
      files.push({ path, text, root: tree.rootNode });
    }
  } finally {
    parser.delete();
  }
  return { ...packageSyntax(files), dispose: () => trees.forEach((t) => t.delete()) };
}

/** The smallest named node at the compiler's 1-based line and byte column. */
export function nodeAtCompiler(file: SourceFile, line: number, column: number): Node {
  return namedNodeAt(file.root, file.lines.offsetOfCompiler(line, column));
}

/** The UTF-16 offset of the compiler's position in the file. */
export function offsetOfCompiler(file: SourceFile, line: number, column: number): number {
  return file.lines.offsetOfCompiler(line, column);
}

/** Text without spaces, tabs and newlines, to compare the compiler's printing with the source. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * The expression node the compiler's subject names at a position: the node there or one of
 * its ancestors up to the statement, compared without spaces. Undefined when the source there
 * does not read as the subject, which is the case for verdicts of an inlined callee.
 */
export function matchingNode(file: SourceFile, line: number, column: number, subject: string): Node | undefined {
  const want = squeeze(subject);
  const offset = offsetOfCompiler(file, line, column);
  const literal = want.endsWith('{...}') ? want.slice(0, -'{...}'.length) : undefined;
  for (let n: Node | null = nodeAtCompiler(file, line, column); n; n = n.parent) {
    if (n.type.endsWith('_statement') || n.type === 'source_file' || n.type === 'block') return undefined;
    if (literal !== undefined) {
      // The compiler places a composite literal at its `{`.
      const at = n.type === 'composite_literal' && (n.startIndex === offset || n.childForFieldName('body')?.startIndex === offset);
      if (at && squeeze(n.childForFieldName('type')?.text ?? '') === literal) return n;
      continue;
    }
    if (squeeze(n.text) === want && !isStructLiteralKey(n)) return n;
  }
  return undefined;
}

/** The package's top-level declarations by name, read once per PackageSyntax. */
export interface PackageIndex {
  /** Functions and methods by the compiler's name (`f`, `(*T).m`, `T.m`). */
  funcs: Map<string, { file: SourceFile; node: Node }>;
  types: Set<string>;
  consts: Set<string>;
  /** Names of functions, variables and constants. */
  values: Set<string>;
  /** Package-level variables: the declaring `var_spec` and the name's index in it. */
  vars: Map<string, { file: SourceFile; spec: Node; index: number }>;
}

const indexes = new WeakMap<PackageSyntax, PackageIndex>();

export function packageIndex(pkg: PackageSyntax): PackageIndex {
  let index = indexes.get(pkg);
  if (index) return index;
  index = { funcs: new Map(), types: new Set(), consts: new Set(), values: new Set(), vars: new Map() };
  for (const file of pkg.files) {
    for (const d of file.root.namedChildren) {
      if (!d) continue;
      if (d.type === 'function_declaration' || d.type === 'method_declaration') {
        index.funcs.set(functionName(d), { file, node: d });
        if (d.type === 'function_declaration') index.values.add(d.childForFieldName('name')?.text ?? '');
      } else if (d.type === 'type_declaration') {
        for (const s of d.namedChildren) if (s && (s.type === 'type_spec' || s.type === 'type_alias')) index.types.add(s.childForFieldName('name')?.text ?? '');
      } else if (d.type === 'const_declaration') {
        for (const s of d.descendantsOfType('const_spec')) for (const n of s?.childrenForFieldName('name') ?? []) if (n) index.consts.add(n.text), index.values.add(n.text);
      } else if (d.type === 'var_declaration') {
        for (const s of d.descendantsOfType('var_spec')) {
          s?.childrenForFieldName('name').forEach((n, i) => {
            if (!n) return;
            index!.values.add(n.text);
            if (!index!.vars.has(n.text)) index!.vars.set(n.text, { file, spec: s, index: i });
          });
        }
      }
    }
  }
  indexes.set(pkg, index);
  return index;
}
