// The packages whose type declarations the no-allocation classifier may look at: the analysed
// package (from its trees) and the packages it depends on, read from their source files through
// an injected reader (the standard library under GOROOT, modules in the module cache). Nothing
// is assumed about a type that was not read.
import type { Node, Parser } from 'web-tree-sitter';
import { importedPackages, type ImportedPackage } from '../treesitter/declarations';
import { createGoParser } from '../treesitter/parser';
import { detached, detachedCopy } from '../util/detached';
import { TypeDecl, TypeScope, Needs, typeDeclarations } from './goTypes';

/** A package another package depends on, as `go list -deps` describes it. */
export interface DependencyPackage {
  importPath: string;
  /** The name in its package clause. */
  name: string;
  /** Absolute paths of the files the build uses (build constraints applied, no tests). */
  files: string[];
}

/**
 * How the sources of dependencies are found and read. `dependencies` lists the packages the
 * package in `dir` depends on; `readFile` reads one of their files. See dependencySources.ts
 * for the implementation over `go list` and the file system.
 */
export interface DependencyReader {
  dependencies(dir: string, signal?: AbortSignal): Promise<readonly DependencyPackage[]>;
  readFile(file: string, signal?: AbortSignal): Promise<string | undefined>;
  /** Reads a file again when one of its declarations is looked at (the text is not kept). */
  readFileNow(file: string): string | undefined;
}

/** What a scope needs of a package: its name, its type declarations and each file's imports. */
export interface PackageDecls {
  name: string;
  type(name: string): TypeDecl | undefined;
  imports(file: string): readonly ImportedPackage[];
}

/** The declarations of parsed files (the trees are not kept). */
export function packageDecls(files: readonly { path: string; root: Node }[]): PackageDecls {
  const types = new Map<string, TypeDecl>();
  const imports = new Map<string, ImportedPackage[]>();
  let name = '';
  for (const f of files) {
    if (!name) name = f.root.namedChildren.find((c) => c?.type === 'package_clause')?.namedChildren[0]?.text ?? '';
    for (const [k, v] of typeDeclarations(f.root, f.path)) types.set(k, v);
    imports.set(f.path, importedPackages(f.root));
  }
  return { name, type: (n) => types.get(n), imports: (f) => imports.get(f) ?? [] };
}

/** Words that start a line after `type ` or indentation: the names a file may declare as types. */
const LINE_START_WORD = /(?:^|\n)(?:type[ \t]+|[ \t]+)(\w+)(?=[ \t=\[])/g;

/**
 * A dependency's declarations, parsed on demand: a type is looked for only in the files that may
 * declare it, so a large package (net/http) costs a read of its files and a few parses. Only the
 * names each file may declare are kept, not the texts: the dependencies of a real module hold
 * megabytes of source that would otherwise stay in memory for the whole session.
 */
class LazyPackage implements PackageDecls {
  private readonly parsed = new Map<string, { types: Map<string, TypeDecl>; imports: ImportedPackage[] }>();
  private readonly found = new Map<string, TypeDecl | null>();

  constructor(
    readonly name: string,
    /** The files, in order, with the names each may declare. */
    private readonly files: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly read: (file: string) => string | undefined,
    private readonly parser: () => Parser | undefined,
  ) {}

  /** The package's files with the words that may be type names in each (copied out of the texts). */
  static index(texts: ReadonlyMap<string, string>): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const [file, text] of texts) {
      const words = new Set<string>();
      for (const m of text.matchAll(LINE_START_WORD)) if (!words.has(m[1])) words.add(detached(m[1]));
      out.set(file, words);
    }
    return out;
  }

  type(name: string): TypeDecl | undefined {
    const known = this.found.get(name);
    if (known !== undefined) return known ?? undefined;
    const word = name.replace(/[^\w]/g, '');
    let decl: TypeDecl | undefined;
    for (const [file, words] of this.files) {
      if (!words.has(word)) continue;
      decl = this.file(file)?.types.get(name);
      if (decl) break;
    }
    // An answer from a parser that is gone (after dispose) is not kept.
    if (decl || this.parser()) this.found.set(name, decl ?? null);
    return decl;
  }

  imports(file: string): readonly ImportedPackage[] {
    return this.file(file)?.imports ?? [];
  }

  private file(file: string): { types: Map<string, TypeDecl>; imports: ImportedPackage[] } | undefined {
    let hit = this.parsed.get(file);
    if (hit) return hit;
    const parser = this.files.has(file) ? this.parser() : undefined;
    const text = parser ? this.read(file) : undefined;
    const tree = text === undefined ? null : parser!.parse(text);
    if (!tree) return undefined;
    try {
      // Names cut out of the text would keep all of it alive: the declarations are copied out.
      hit = detachedCopy({ types: typeDeclarations(tree.rootNode, file), imports: importedPackages(tree.rootNode) });
    } finally {
      tree.delete();
    }
    this.parsed.set(file, hit);
    return hit;
  }
}

/** A `needs` entry that asks for the dependency list, to find a package by name. */
const BY_NAME = 'name:';

/** The name a plain import most likely binds (its last element without a major version), to choose which package to read and check. */
export function likelyImportName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '');
}

/**
 * The packages known so far, by import path. Scopes answer from what is loaded and say which
 * packages they need otherwise; `load` reads those. One world serves many runs: declarations of
 * dependencies do not change while the module's requirements stay the same.
 */
export class TypeWorld {
  private readonly packages = new Map<string, PackageDecls | null>();
  private deps: Map<string, DependencyPackage> | undefined;
  private parser: Parser | undefined;

  constructor(private readonly reader?: DependencyReader) {}

  /** The scope of a package whose declarations the caller read (the analysed package). */
  scopeOf(decls: PackageDecls): TypeScope {
    return new PackageScope(decls, this);
  }

  /** A loaded dependency's declarations; null when it could not be read. */
  loaded(importPath: string): PackageDecls | null | undefined {
    return this.packages.get(importPath);
  }

  /** Whether a dependency's name is known to be `name` (from `go list`), when the list was read. */
  knownName(importPath: string): string | undefined {
    return this.deps?.get(importPath)?.name;
  }

  /** True once the dependency list was read (or cannot be). */
  listed(): boolean {
    return this.deps !== undefined || !this.reader;
  }

  /** Import paths of the dependencies named `name`, when the dependency list was read. */
  namedPackages(name: string): string[] {
    return [...(this.deps?.values() ?? [])].filter((d) => d.name === name).map((d) => d.importPath);
  }

  /**
   * Reads the packages in `needs` (import paths; `name:x` asks for the dependency list, to find
   * the package named x) for the package in `dir`.
   */
  async load(dir: string, needs: readonly string[], signal?: AbortSignal): Promise<void> {
    const missing = [...new Set(needs)].filter((p) => !p.startsWith(BY_NAME) && !this.packages.has(p));
    if (missing.length === 0 && (this.listed() || !needs.some((p) => p.startsWith(BY_NAME)))) return;
    if (!this.reader) {
      for (const p of missing) this.packages.set(p, null);
      return;
    }
    if (!this.deps) {
      // A failed listing (no go, a broken go.mod) leaves every dependency unread, not the run broken.
      const list = await this.reader.dependencies(dir, signal).catch((e: unknown) => {
        if (signal?.aborted) throw e;
        return [] as DependencyPackage[];
      });
      this.deps = new Map(list.map((d) => [d.importPath, d]));
    }
    this.parser ??= await createGoParser();
    for (const importPath of missing) {
      signal?.throwIfAborted();
      const dep = this.deps.get(importPath);
      if (!dep) {
        this.packages.set(importPath, null);
        continue;
      }
      const texts = new Map<string, string>();
      for (const file of dep.files) {
        const text = await this.reader.readFile(file, signal);
        if (text !== undefined) texts.set(file, text);
      }
      const reader = this.reader;
      this.packages.set(importPath, texts.size > 0 ? new LazyPackage(dep.name, LazyPackage.index(texts), (f) => reader.readFileNow(f), () => this.parser) : null);
    }
  }

  dispose(): void {
    this.parser?.delete();
    this.parser = undefined;
  }
}

class PackageScope implements TypeScope {
  constructor(
    private readonly decls: PackageDecls,
    private readonly world: TypeWorld,
  ) {}

  own(name: string): TypeDecl | undefined {
    return this.decls.type(name);
  }

  imported(file: string, qualifier: string): TypeScope | Needs | undefined {
    const imports = this.decls.imports(file);
    const explicit = imports.find((i) => i.name === qualifier);
    const candidates = explicit ? [explicit.path] : imports.filter((i) => i.name === undefined).map((i) => i.path);
    const needs: string[] = [];
    for (const path of candidates) {
      const known = this.world.loaded(path);
      if (known) {
        if (explicit || known.name === qualifier) return new PackageScope(known, this.world);
        continue;
      }
      if (known === null) continue;
      // A plain import binds the package's own name, which is read, not assumed.
      const listed = this.world.knownName(path);
      if (explicit || listed === qualifier || (listed === undefined && likelyImportName(path) === qualifier)) needs.push(path);
    }
    if (needs.length > 0) return { needs };
    // Inlined code can name a package the file does not import; the dependency list knows it.
    if (!this.world.listed()) return { needs: [`${BY_NAME}${qualifier}`] };
    const byName = this.world.namedPackages(qualifier);
    if (byName.length === 1) {
      const known = this.world.loaded(byName[0]);
      if (known) return new PackageScope(known, this.world);
      if (known === undefined) return { needs: byName };
    }
    return undefined;
  }
}
