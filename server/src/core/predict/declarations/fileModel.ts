// What a file declares at package level, read once per prediction: imports, types and their
// methods, functions, globals and constants. The predictor resolves names against it.
import type { Node, Tree } from 'web-tree-sitter';
import type { Knowledge } from '../facts/knowledge';
import { TopLevelDecl, isFunctionDecl, successionOf, topLevelDecls } from '../../treesitter/topLevel';
import { guessedPackageName, importNames, importSpecs, typeParamNames } from '../../treesitter/declarations';
import { DeclRef, MethodDecl, NodeRef, headerOf, readHeader } from './nodeRefs';
import { BASIC_NAMES, GoType, UNKNOWN, isWellKnownInterface } from './types';

const models = new WeakMap<Tree, FileModel>();

/** The kinds of package-level name a file looks up in the other files of its package. */
export type DeclarationKind = 'types' | 'funcs' | 'consts' | 'globals' | 'decls' | 'methods';

/**
 * What a file model asks of the other files of its package. PackageModel implements it; it is
 * declared here so that the file model depends on no package model.
 */
export interface PackageDeclarations {
  /** The other file that declares a package-level name of the kind, if any. */
  declaring(kind: DeclarationKind, name: string, asking: FileModel): FileModel | undefined;
  /** The model that owns a node of one of the package's trees. */
  ownerOf(node: Node): FileModel | undefined;
}

/**
 * The file model of a tree. Typing in a function body changes nothing the model reads, so the
 * model of the tree before the edit is carried over (see carryTopLevel) instead of reading all
 * of the file's declarations again on every keystroke.
 */
export function fileModelOf(tree: Tree, knowledge: Knowledge | undefined, text: string): FileModel {
  let model = models.get(tree);
  if (!model || model.topLevel !== topLevelDecls(tree)) {
    const step = successionOf(tree);
    const before = step?.inBody ? models.get(step.from) : undefined;
    if (step && before && before.topLevel === step.fromDecls) {
      before.rebase(tree.rootNode, topLevelDecls(tree), step.oldEnd, step.delta);
      models.delete(step.from);
      model = before;
    } else {
      model = new FileModel(tree.rootNode, knowledge, text);
    }
    models.set(tree, model);
  }
  model.useKnowledge(knowledge);
  return model;
}

export class FileModel {
  readonly imports = new Map<string, string>();
  /** Imports with an explicit name, which may differ from the name the compiler prints for the package. */
  readonly aliases = new Set<string>();
  readonly typeDecls = new Map<string, NodeRef>();
  readonly methods = new Map<string, Map<string, MethodDecl>>();
  readonly funcs = new Map<string, DeclRef>();
  readonly globals = new Map<string, { type?: NodeRef; value?: NodeRef }>();
  readonly consts = new Map<string, number | undefined>();
  /** Boolean constants with literal values (`const debug = false`), for dead-code elimination. */
  readonly boolConsts = new Map<string, boolean>();
  /** Every function and method declaration, with the compiler's name for it, and as `init` each `var` declaration whose initialisers may run in the package's init. */
  readonly decls: DeclRef[] = [];
  /** The first declaration of each name (a file may declare `init` many times). */
  readonly declByName = new Map<string, DeclRef>();
  /** The top-level declarations the model was read from (or carried to). */
  topLevel: readonly TopLevelDecl[];
  /** Every node reference of the model, which a rebase moves. */
  private readonly refs: NodeRef[] = [];
  /**
   * Replaced, never cleared: V8's Map.clear() links the old table to the new one, and a cleared
   * table in the old generation then kept every later table's entries (types holding nodes, so
   * trees and whole texts) alive through young collections until the next full one.
   */
  private underlyingCache = new Map<string, GoType>();
  /** A hash of everything outside function bodies, which every function's prediction depends on. */
  declarationsHash = 0;
  /** Function literals assigned to package-level variables so far, which name them. */
  private packageClosures = 0;
  /** Package-level `var` declarations with initialisers that may run in `init`, which tell them apart. */
  private packageInits = 0;
  /** The other files of the package, when the host gave them: names this file does not declare are looked up there. */
  pkg?: PackageDeclarations;

  constructor(
    public root: Node,
    public knowledge: Knowledge | undefined,
    text?: string,
  ) {
    // The top level is read once per tree (topLevelDecls); function headers are read from the
    // text, which is much cheaper than asking the tree for names and receivers.
    const source = text ?? root.text;
    let h = 0x811c9dc5;
    const mix = (from: number, to: number) => {
      for (let i = from; i < to; i++) h = Math.imul(h ^ source.charCodeAt(i), 0x01000193);
    };
    this.topLevel = topLevelDecls(root.tree);
    const sameName = new Map<string, number>();
    this.topLevel.forEach((d, i) => {
      const { type, start, end } = d;
      if (isFunctionDecl(d)) {
        // Headers (receivers, parameter types) matter to callers; bodies are covered per function.
        const brace = source.indexOf('{', start);
        mix(start, brace < 0 || brace > end ? end : brace);
        // The text fast path covers ordinary headers; comments inside one need the tree.
        const header = readHeader(source, start) ?? headerOf(root.child(i));
        if (!header) return;
        const nth = (sameName.get(header.name) ?? 0) + 1;
        sameName.set(header.name, nth);
        const ref = new DeclRef(this, header.name, start, end, nth === 1 ? header.name : `${header.name}#${nth - 1}`);
        this.decls.push(ref);
        this.refs.push(ref);
        if (nth === 1) this.declByName.set(header.name, ref);
        if (header.recvBase === undefined) this.funcs.set(header.func, ref);
        else {
          let m = this.methods.get(header.recvBase);
          if (!m) this.methods.set(header.recvBase, (m = new Map()));
          m.set(header.func, { ref, pointerReceiver: header.pointer });
        }
        return;
      }
      if (type !== 'comment') mix(start, end);
      if (type !== 'import_declaration' && type !== 'type_declaration' && type !== 'var_declaration' && type !== 'const_declaration') return;
      const top = root.child(i);
      if (top) this.readTop(top);
    });
    this.declarationsHash = h >>> 0;
  }

  /**
   * Carries the model over to the next tree of the same document, made by one edit of old
   * offsets [.., oldEnd) that changed the length by `delta` inside one function's body: nothing
   * the model read outside bodies changed, only offsets after the edit moved.
   */
  rebase(root: Node, topLevel: readonly TopLevelDecl[], oldEnd: number, delta: number): void {
    this.root = root;
    this.topLevel = topLevel;
    if (delta !== 0) for (const r of this.refs) r.move(oldEnd, delta);
    // Parsed types may hold nodes of the old tree.
    this.underlyingCache = new Map();
  }

  /** Uses other knowledge from now on (what the compiler said changes between runs). */
  useKnowledge(k: Knowledge | undefined): void {
    if (k === this.knowledge) return;
    this.knowledge = k;
    this.underlyingCache = new Map();
  }

  private ref(n: Node): NodeRef {
    const r = new NodeRef(this, n.startIndex, n.endIndex, n.type);
    this.refs.push(r);
    return r;
  }

  private readTop(top: Node): void {
    switch (top.type) {
      case 'import_declaration': {
        const specs = importSpecs(top);
        importNames(specs, this.imports);
        for (const s of specs) if (s.name && s.name !== '_' && s.name !== '.') this.aliases.add(s.name);
        break;
      }
      case 'type_declaration':
        for (const spec of top.namedChildren) {
          const name = spec?.childForFieldName('name')?.text;
          if (spec && name && (spec.type === 'type_spec' || spec.type === 'type_alias')) this.typeDecls.set(name, this.ref(spec));
        }
        break;
      case 'var_declaration': {
        let dynamic = false;
        for (const spec of specs(top, 'var_spec')) {
          const type = spec.childForFieldName('type') ?? undefined;
          const values = spec.childForFieldName('value')?.namedChildren ?? [];
          spec.childrenForFieldName('name').forEach((n, i) => {
            if (n) this.globals.set(n.text, { type: type && this.ref(type), value: values[i] ? this.ref(values[i]!) : undefined });
            // The body of a function literal assigned to a package-level variable is compiled as a
            // function of its own (`glob..func1`), with findings of its own.
            const v = values[i];
            if (v?.type === 'func_literal') {
              const name = `glob..func${++this.packageClosures}`;
              const ref = new DeclRef(this, name, v.startIndex, v.endIndex);
              this.decls.push(ref);
              this.refs.push(ref);
            } else if (v && !STATIC_LEAVES.has(v.type)) dynamic = true;
          });
        }
        if (dynamic) {
          // What the initialisers compute at run time is compiled into the package's `init`.
          const ref = new DeclRef(this, 'init', top.startIndex, top.endIndex, `init#var${++this.packageInits}`);
          this.decls.push(ref);
          this.refs.push(ref);
        }
        break;
      }
      case 'const_declaration': {
        let iota = 0;
        let lastValues: Node[] = [];
        for (const spec of specs(top, 'const_spec')) {
          const values = spec.childForFieldName('value')?.namedChildren.filter((n): n is Node => !!n) ?? lastValues;
          lastValues = values;
          spec.childrenForFieldName('name').forEach((n, i) => {
            if (!n) return;
            this.consts.set(n.text, values[i] ? this.evalConst(values[i], iota) : undefined);
            if (values[i]?.type === 'true' || values[i]?.type === 'false') this.boolConsts.set(n.text, values[i].type === 'true');
          });
          iota++;
        }
        break;
      }
    }
  }

  /** The value of an integer constant expression, when the file says enough to compute it. */
  evalConst(n: Node, iota?: number, depth = 0): number | undefined {
    if (depth > 10) return undefined;
    switch (n.type) {
      case 'int_literal': {
        const t = n.text.replace(/_/g, '');
        const v = /^0[0-7]+$/.test(t) ? parseInt(t.slice(1), 8) : /^0[oO]/.test(t) ? parseInt(t.slice(2), 8) : Number(t);
        return Number.isFinite(v) ? v : undefined;
      }
      case 'iota':
        return iota;
      case 'identifier':
        if (n.text === 'iota') return iota;
        return this.constValueOf(n.text);
      case 'parenthesized_expression':
        return n.namedChildren[0] ? this.evalConst(n.namedChildren[0], iota, depth + 1) : undefined;
      case 'unary_expression': {
        const v = n.childForFieldName('operand');
        const x = v ? this.evalConst(v, iota, depth + 1) : undefined;
        const op = n.childForFieldName('operator')?.text;
        if (x === undefined) return undefined;
        return op === '-' ? -x : op === '+' ? x : undefined;
      }
      case 'binary_expression': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const a = l ? this.evalConst(l, iota, depth + 1) : undefined;
        const b = r ? this.evalConst(r, iota, depth + 1) : undefined;
        if (a === undefined || b === undefined) return undefined;
        switch (n.childForFieldName('operator')?.text) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/': return b === 0 ? undefined : Math.trunc(a / b);
          case '%': return b === 0 ? undefined : a % b;
          case '<<': return a * 2 ** b;
          case '>>': return Math.floor(a / 2 ** b);
          case '|': return a | b;
          case '&': return a & b;
          default: return undefined;
        }
      }
      default:
        return undefined;
    }
  }

  /** Whether an identifier names a constant of this file (its value may still be unknown). */
  isConst(name: string): boolean {
    return this.consts.has(name);
  }

  /** Parses a type expression. `typeParams` names the enclosing generic function's type parameters. */
  parseType(n: Node | null | undefined, typeParams?: ReadonlySet<string>): GoType {
    if (!n) return UNKNOWN;
    switch (n.type) {
      case 'type_identifier':
      case 'identifier': {
        const name = n.text;
        if (typeParams?.has(name)) return { k: 'typeparam' };
        if (name === 'any' || name === 'error') return { k: 'iface' };
        if (BASIC_NAMES.has(name)) return { k: 'basic', name: name === 'byte' ? 'uint8' : name === 'rune' ? 'int32' : name };
        return { k: 'named', pkg: '', name };
      }
      case 'qualified_type': {
        const pkg = n.childForFieldName('package')?.text ?? '';
        const name = n.childForFieldName('name')?.text ?? '';
        if (pkg === 'unsafe' && name === 'Pointer') return { k: 'basic', name: 'unsafe.Pointer' };
        return { k: 'named', pkg: this.imports.get(pkg) ?? pkg, name };
      }
      case 'generic_type':
        return this.parseType(n.childForFieldName('type'), typeParams);
      case 'pointer_type':
        return { k: 'ptr', elem: this.parseType(n.namedChildren[0], typeParams) };
      case 'slice_type':
        return { k: 'slice', elem: this.parseType(n.childForFieldName('element'), typeParams) };
      case 'array_type': {
        const len = n.childForFieldName('length');
        return { k: 'array', elem: this.parseType(n.childForFieldName('element'), typeParams), len: len ? this.evalConst(len) : undefined };
      }
      case 'implicit_length_array_type':
        return { k: 'array', elem: this.parseType(n.childForFieldName('element'), typeParams), len: undefined };
      case 'map_type':
        return { k: 'map', key: this.parseType(n.childForFieldName('key'), typeParams), elem: this.parseType(n.childForFieldName('value'), typeParams) };
      case 'channel_type':
        return { k: 'chan', elem: this.parseType(n.childForFieldName('value'), typeParams) };
      case 'function_type':
        return { k: 'func', node: n };
      case 'interface_type':
        return { k: 'iface' };
      case 'struct_type': {
        const embedded = new Set<string>();
        return { k: 'struct', fields: this.structFields(n, embedded, typeParams), embedded, node: n };
      }
      case 'parenthesized_type':
        return this.parseType(n.namedChildren[0], typeParams);
      default:
        return UNKNOWN;
    }
  }

  private structFields(n: Node, embedded: Set<string>, typeParams?: ReadonlySet<string>): Map<string, GoType> {
    const fields = new Map<string, GoType>();
    const list = n.namedChildren.find((c) => c?.type === 'field_declaration_list');
    for (const f of list?.namedChildren ?? []) {
      if (f?.type !== 'field_declaration') continue;
      const typeNode = f.childForFieldName('type');
      const names = f.childrenForFieldName('name');
      // An embedded `*T` keeps its star outside the type node.
      const starred = names.length === 0 && f.children.some((c) => c?.type === '*');
      const parsed = this.parseType(typeNode, typeParams);
      const t: GoType = starred ? { k: 'ptr', elem: parsed } : parsed;
      if (names.length === 0) {
        // An embedded field is named after its type.
        const base = typeNode?.type === 'pointer_type' ? typeNode.namedChildren[0] : typeNode;
        const name = base?.type === 'qualified_type' ? base.childForFieldName('name')?.text : base?.text;
        if (name) {
          fields.set(name.replace(/\[.*$/, ''), t);
          embedded.add(name.replace(/\[.*$/, ''));
        }
      }
      for (const nm of names) if (nm) fields.set(nm.text, t);
    }
    return fields;
  }

  /** The underlying type of a named type when known; the type itself otherwise. */
  underlying = (t: GoType): GoType => {
    for (let i = 0; i < 10 && t.k === 'named'; i++) {
      const key = t.pkg ? `${t.pkg}.${t.name}` : t.name;
      if (t.pkg) {
        if (isWellKnownInterface(key) || this.knowledge?.interfaces?.has(key)) return { k: 'iface' };
        return t;
      }
      let u = this.underlyingCache.get(key);
      if (!u) {
        const spec = this.typeDecls.get(t.name)?.node;
        if (!spec) {
          const owner = this.pkg?.declaring('types', t.name, this);
          return owner ? owner.underlying(t) : t;
        }
        this.underlyingCache.set(key, t); // Guards against recursive type declarations.
        u = this.parseType(spec.childForFieldName('type'), typeParamNames(spec));
        this.underlyingCache.set(key, u);
      }
      if (u === t) return t;
      t = u;
    }
    return t;
  };

  // Package-level names: this file's declarations first, then the other files of the package.

  hasFunc(name: string): boolean {
    return this.funcs.has(name) || !!this.pkg?.declaring('funcs', name, this);
  }

  funcDecl(name: string): Node | undefined {
    const local = this.funcs.get(name);
    if (local) return local.node;
    return this.pkg?.declaring('funcs', name, this)?.funcs.get(name)?.node;
  }

  hasType(name: string): boolean {
    return this.typeDecls.has(name) || !!this.pkg?.declaring('types', name, this);
  }

  hasConst(name: string): boolean {
    return this.consts.has(name) || !!this.pkg?.declaring('consts', name, this);
  }

  /** A package-level integer constant's value, when known. */
  constValueOf(name: string): number | undefined {
    if (this.consts.has(name)) return this.consts.get(name);
    return this.pkg?.declaring('consts', name, this)?.consts.get(name);
  }

  /** A package-level boolean constant's literal value. */
  boolConst(name: string): boolean | undefined {
    if (this.consts.has(name)) return this.boolConsts.get(name);
    return this.pkg?.declaring('consts', name, this)?.boolConsts.get(name);
  }

  hasGlobal(name: string): boolean {
    return this.globals.has(name) || !!this.pkg?.declaring('globals', name, this);
  }

  /** The type of a package-level variable of another file, from its declared type or a composite literal. */
  otherFileGlobalType(name: string): GoType | undefined {
    const owner = this.pkg?.declaring('globals', name, this);
    const g = owner?.globals.get(name);
    if (!owner || !g) return undefined;
    if (g.type) return owner.parseType(g.type.node);
    const v = g.value?.node;
    if (v?.type === 'composite_literal') return owner.parseType(v.childForFieldName('type'));
    if (v?.type === 'unary_expression' && v.childForFieldName('operator')?.text === '&' && v.childForFieldName('operand')?.type === 'composite_literal') {
      return { k: 'ptr', elem: owner.parseType(v.childForFieldName('operand')!.childForFieldName('type')) };
    }
    return UNKNOWN;
  }

  /** The model of the file a node belongs to (another file's, for declarations found there). */
  ownerOf(node: Node): FileModel {
    return node.tree === this.root.tree ? this : (this.pkg?.ownerOf(node) ?? this);
  }

  /** The name the compiler prints for an imported package, or undefined when neither facts nor the path say. */
  packageNameOf(importPath: string): string | undefined {
    return this.knowledge?.packageNames?.get(importPath) ?? guessedPackageName(importPath);
  }

  /** True when `alias` names an import whose package the compiler prints under another (or an unknown) name. */
  isRenamedImport(alias: string): boolean {
    if (!this.aliases.has(alias)) return false;
    const path = this.imports.get(alias);
    return path === undefined || this.packageNameOf(path) !== alias;
  }

  isInterface(t: GoType): boolean {
    return this.underlying(t).k === 'iface';
  }

  /** A method of a type by name: declared in this file, or known from imported-package facts. */
  method(t: GoType, name: string): { pointerReceiver: boolean; decl?: Node; key?: string } | undefined {
    if (t.k !== 'named') return undefined;
    if (!t.pkg) {
      const m = this.methods.get(t.name)?.get(name);
      if (m) {
        const ref = m.ref;
        return {
          pointerReceiver: m.pointerReceiver,
          get decl() {
            return ref.node;
          },
          key: m.pointerReceiver ? `(*${t.name}).${name}` : `${t.name}.${name}`,
        };
      }
    }
    if (!t.pkg) {
      const owner = this.pkg?.declaring('methods', `${t.name}.${name}`, this);
      const m = owner?.methods.get(t.name)?.get(name);
      if (owner && m) return owner.method(t, name);
    }
    // Methods of imported packages are known only from what the compiler said about them.
    const fns = this.knowledge?.functions;
    if (!fns) return undefined;
    const prefix = t.pkg ? `${t.pkg}.` : '';
    const ptrKey = `${prefix}(*${t.name}).${name}`;
    if (fns.has(ptrKey)) return { pointerReceiver: true, key: ptrKey };
    const valKey = `${prefix}${t.name}.${name}`;
    if (fns.has(valKey)) return { pointerReceiver: false, key: valKey };
    return undefined;
  }

  /** The type of a struct field or embedded-field path, when the struct is known. */
  field(t: GoType, name: string, depth = 0): GoType | undefined {
    if (depth > 4) return undefined;
    const u = this.underlying(t.k === 'ptr' ? t.elem : t);
    if (u.k !== 'struct') return undefined;
    const direct = u.fields.get(name);
    if (direct) return direct;
    for (const e of u.embedded) {
      // Promoted fields of embedded structs.
      const f = this.field(u.fields.get(e)!, name, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
}

/** Initialisers that are certainly laid out statically: nothing of them runs in `init`. */
const STATIC_LEAVES = new Set(['identifier', 'int_literal', 'float_literal', 'imaginary_literal', 'rune_literal', 'raw_string_literal', 'interpreted_string_literal', 'nil', 'true', 'false']);

function specs(decl: Node, type: string): Node[] {
  const out: Node[] = [];
  for (const c of decl.namedChildren) {
    if (c?.type === type) out.push(c);
    else if (c && (c.type === `${type}_list` || c.type === 'var_spec_list')) for (const s of c.namedChildren) if (s?.type === type) out.push(s);
  }
  return out;
}

export { DeclRef, NodeRef, readHeader } from './nodeRefs';
