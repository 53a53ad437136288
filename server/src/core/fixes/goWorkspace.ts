// The Go sources a fix may read and edit: file texts (saved or not), their syntax trees,
// and the package structure that tree-sitter alone cannot see (module path from go.mod,
// import path of every directory), which call-site resolution across packages needs.
import * as path from 'node:path';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { readModulePath } from '../compiler/workspace';
import { createGoParser } from '../treesitter/parser';
import { importedPackages } from '../treesitter/declarations';

export interface GoModule {
  /** Directory holding go.mod. */
  root: string;
  /** The `module` path declared in go.mod. */
  path: string;
}

/** The module path declared by the go.mod in a directory, or undefined when there is none. */
export type ModulePathOf = (dir: string) => string | undefined;

export class GoWorkspace {
  private readonly trees = new Map<string, Tree>();
  /** Trees of files' package clause and imports alone, for questions about nothing else. */
  private readonly headers = new Map<string, Tree | null>();
  private readonly modules = new Map<string, GoModule | null>();

  private constructor(
    readonly sources: ReadonlyMap<string, string>,
    private readonly parser: Parser,
    private readonly modulePathOf: ModulePathOf,
  ) {}

  /** A workspace over `sources` (absolute path -> Go text). Call `dispose()` when done. */
  static async create(sources: ReadonlyMap<string, string>, modulePathOf: ModulePathOf = readModulePath): Promise<GoWorkspace> {
    return new GoWorkspace(sources, await createGoParser(), modulePathOf);
  }

  dispose(): void {
    for (const t of this.trees.values()) t.delete();
    for (const t of this.headers.values()) t?.delete();
    this.trees.clear();
    this.headers.clear();
    this.parser.delete();
  }

  text(file: string): string | undefined {
    return this.sources.get(file);
  }

  /** The syntax tree of a workspace file, parsed on first use. */
  tree(file: string): Tree | undefined {
    let t = this.trees.get(file);
    if (t) return t;
    const text = this.sources.get(file);
    if (text === undefined) return undefined;
    t = this.parser.parse(text) ?? undefined;
    if (t) this.trees.set(file, t);
    return t;
  }

  root(file: string): Node | undefined {
    return this.tree(file)?.rootNode;
  }

  /**
   * The tree of a file that contains `word`, or undefined when its text does not: a node whose
   * text is `word` can only be in such a file, and the others are not parsed at all.
   */
  rootMentioning(file: string, word: string): Node | undefined {
    return this.sources.get(file)?.includes(word) ? this.root(file) : undefined;
  }

  /**
   * A tree of the file's package clause and imports: the text up to its first declaration, which
   * Go requires to come after them. Parsing a whole large file to read its imports held the
   * event loop for as long as the parse took.
   */
  private header(file: string): Node | undefined {
    const whole = this.trees.get(file);
    if (whole) return whole.rootNode;
    if (!this.headers.has(file)) {
      const text = this.sources.get(file);
      const end = text === undefined ? -1 : text.search(/^(?:func|type|var|const)\b/m);
      this.headers.set(file, text === undefined ? null : this.parser.parse(end < 0 ? text : text.slice(0, end)));
    }
    const root = this.headers.get(file)?.rootNode;
    // A cut inside a comment that shows such a line before the package clause: read it all.
    if (root && !root.namedChildren.some((c) => c?.type === 'package_clause')) return this.root(file);
    return root;
  }
  /** Go files of the workspace, excluding nothing: test files are edited like others. */
  goFiles(): string[] {
    return [...this.sources.keys()].filter((f) => f.endsWith('.go')).sort();
  }

  /** The module a file belongs to: the nearest go.mod above it. */
  moduleOf(file: string): GoModule | undefined {
    return this.moduleOfDir(path.dirname(file)) ?? undefined;
  }

  private moduleOfDir(dir: string): GoModule | null {
    const cached = this.modules.get(dir);
    if (cached !== undefined) return cached;
    let mod: GoModule | null = null;
    const modPath = this.modulePathOf(dir);
    if (modPath) mod = { root: dir, path: modPath };
    else if (path.dirname(dir) !== dir) mod = this.moduleOfDir(path.dirname(dir));
    this.modules.set(dir, mod);
    return mod;
  }

  /** Import path of the package in a directory, from its module's path; undefined outside a module. */
  importPathOfDir(dir: string): string | undefined {
    const mod = this.moduleOfDir(dir);
    if (!mod) return undefined;
    const rel = path.relative(mod.root, dir).split(path.sep).join('/');
    return rel ? `${mod.path}/${rel}` : mod.path;
  }

  /** The package clause name of a file (`main`, `lib`, `lib_test`). */
  packageName(file: string): string | undefined {
    const root = this.header(file);
    const clause = root?.namedChildren.find((c) => c?.type === 'package_clause');
    return clause?.namedChildren[0]?.text;
  }

  /**
   * Files of the same package as `file`: same directory and same package clause. External
   * test packages (`x_test`) are a different package and are not included.
   */
  packageFiles(file: string): string[] {
    const dir = path.dirname(file);
    const name = this.packageName(file);
    return this.goFiles().filter((f) => path.dirname(f) === dir && this.packageName(f) === name);
  }

  /** Files outside `file`'s package that import its package, with the name they use for it. */
  importers(file: string): { file: string; name: string }[] {
    const importPath = this.importPathOfDir(path.dirname(file));
    if (!importPath) return [];
    const own = new Set(this.packageFiles(file));
    const out: { file: string; name: string }[] = [];
    for (const f of this.goFiles()) {
      // Only a file that names the import path can import the package.
      if (own.has(f) || !this.sources.get(f)?.includes(`"${importPath}"`)) continue;
      const root = this.header(f);
      if (!root) continue;
      for (const imp of importedPackages(root)) {
        if (imp.path === importPath) out.push({ file: f, name: imp.name ?? defaultImportName(importPath, this.packageName(file)) });
      }
    }
    return out;
  }
}

/** The name a plain import binds: the package clause when known, else the last path element. */
function defaultImportName(importPath: string, packageClause: string | undefined): string {
  return packageClause ?? importPath.slice(importPath.lastIndexOf('/') + 1);
}
