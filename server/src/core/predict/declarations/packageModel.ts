// The other files of the package a prediction is for: their trees and file models, and an index of
// what each declares at package level, so that a type, method, function, constant or variable
// declared in another file is known as it is to the compiler. The host hands in the package's
// files (open buffers first, then disk) with update(); unchanged texts are not parsed again.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { Knowledge } from '../facts/knowledge';
import { DeclarationKind, FileModel, PackageDeclarations, fileModelOf } from './fileModel';
import type { DeclRef } from './nodeRefs';

export interface SourceFile {
  /** Absolute path, as findings name it. */
  path: string;
  text: string;
}

/** Where the package's files come from: the host's open buffers, then disk. */
export interface PackageSources {
  /** The package's non-test Go files that the build uses, with their current texts. */
  files(): readonly SourceFile[];
}

export interface PackageFile {
  path: string;
  text: string;
  tree: Tree;
  model: FileModel;
}

export class PackageModel implements PackageDeclarations {
  private readonly byPath = new Map<string, PackageFile>();
  private index?: PackageIndex;
  /** The summary clock that the prediction caches of the package's files share. */
  readonly clock = { generation: 0 };
  /** The file being predicted: its live model stands in for its entry here. */
  private current?: { path: string; model: FileModel };

  constructor(private readonly parser: Parser) {}

  /**
   * Brings the files up to date: new and changed texts are parsed, missing files dropped.
   * `treeOf` may give a tree of a file's current text (an open document's incremental tree),
   * which is copied instead of parsing the text again: parsing the file being typed in, every
   * few seconds, was a pause of its own on the keystroke that did it.
   */
  update(files: readonly SourceFile[], treeOf?: (file: string) => Tree | undefined): void {
    const seen = new Set<string>();
    let othersChanged = false;
    for (const f of files) {
      seen.add(f.path);
      const had = this.byPath.get(f.path);
      if (had && had.text === f.text) continue;
      const open = treeOf?.(f.path);
      const tree = open ? open.copy() : this.parser.parse(f.text);
      if (!tree) continue;
      had?.tree.delete();
      this.byPath.set(f.path, { path: f.path, text: f.text, tree, model: fileModelOf(tree, had?.model.knowledge, f.text) });
      this.index = undefined;
      othersChanged ||= f.path !== this.current?.path;
    }
    for (const [p, f] of this.byPath) {
      if (seen.has(p)) continue;
      f.tree.delete();
      this.byPath.delete(p);
      this.index = undefined;
      othersChanged = true;
    }
    // Another file's functions may summarise differently now: cached predictions that called
    // them are checked against what they depend on again, rather than taken as validated. The
    // predicted file's own changes the predictor tells as it analyses them.
    if (othersChanged) this.clock.generation++;
  }

  /** Sets the file being predicted and the knowledge every file's model resolves imports with. */
  enter(path: string, model: FileModel, knowledge: Knowledge | undefined): void {
    this.current = { path, model };
    for (const f of this.byPath.values()) {
      f.model.useKnowledge(knowledge);
      f.model.pkg = this;
    }
    model.pkg = this;
  }

  /** The other files of the package (the one being predicted left out). */
  others(): PackageFile[] {
    return [...this.byPath.values()].filter((f) => f.path !== this.current?.path);
  }

  /** A hash of every file's declarations outside function bodies. */
  declarationsHash(): number {
    let h = this.current ? mixPath(this.current.path, this.current.model.declarationsHash) : 0;
    for (const f of this.others()) h = (h + mixPath(f.path, f.model.declarationsHash)) >>> 0;
    return h;
  }

  /** The model that owns a node of one of the package's trees. */
  ownerOf(node: Node): FileModel | undefined {
    if (this.current && node.tree === this.current.model.root.tree) return this.current.model;
    for (const f of this.byPath.values()) if (f.tree === node.tree) return f.model;
    return undefined;
  }

  /** The file a model belongs to. */
  fileOf(model: FileModel): PackageFile | undefined {
    for (const f of this.byPath.values()) if (f.model === model) return f;
    return undefined;
  }

  /** Which other file declares a package-level name, of each kind. */
  declaring(kind: keyof PackageIndex, name: string, asking: FileModel): FileModel | undefined {
    const cur = this.current?.model;
    if (cur && cur !== asking && has(cur, kind, name)) return cur;
    const owner = this.indexed()[kind].get(name);
    return owner && owner !== asking && owner !== cur ? owner : undefined;
  }

  /** A function or method declaration of another file, by the compiler's name. */
  declOf(key: string, asking: FileModel): { ref: DeclRef; model: FileModel } | undefined {
    const model = this.declaring('decls', key, asking);
    const ref = model?.declByName.get(key);
    return model && ref ? { ref, model } : undefined;
  }

  private indexed(): PackageIndex {
    if (this.index) return this.index;
    const index: PackageIndex = { types: new Map(), funcs: new Map(), consts: new Map(), globals: new Map(), decls: new Map(), methods: new Map() };
    for (const f of this.others()) {
      const m = f.model;
      for (const n of m.typeDecls.keys()) index.types.set(n, m);
      for (const n of m.funcs.keys()) index.funcs.set(n, m);
      for (const n of m.consts.keys()) index.consts.set(n, m);
      for (const n of m.globals.keys()) index.globals.set(n, m);
      for (const n of m.declByName.keys()) index.decls.set(n, m);
      for (const [recv, ms] of m.methods) for (const name of ms.keys()) index.methods.set(`${recv}.${name}`, m);
    }
    return (this.index = index);
  }

  dispose(): void {
    for (const f of this.byPath.values()) f.tree.delete();
    this.byPath.clear();
    this.index = undefined;
  }
}

type PackageIndex = Record<DeclarationKind, Map<string, FileModel>>;

function has(m: FileModel, kind: keyof PackageIndex, name: string): boolean {
  switch (kind) {
    case 'types':
      return m.typeDecls.has(name);
    case 'funcs':
      return m.funcs.has(name);
    case 'consts':
      return m.consts.has(name);
    case 'globals':
      return m.globals.has(name);
    case 'decls':
      return m.declByName.has(name);
    case 'methods': {
      const dot = name.indexOf('.');
      return !!m.methods.get(name.slice(0, dot))?.has(name.slice(dot + 1));
    }
  }
}

function mixPath(path: string, h: number): number {
  let x = h ^ 0x9e3779b9;
  for (let i = 0; i < path.length; i++) x = Math.imul(x ^ path.charCodeAt(i), 0x01000193);
  return x >>> 0;
}
