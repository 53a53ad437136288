// The analyzer's foundation: locations and holes of the flow graph, lexical scopes, and the
// syntactic type and constant inference every rule relies on. Statements and expressions
// (analyzer.ts) and calls (calls.ts) build on it.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../catalogue/ids';
import { FileModel, typeParamNames } from './fileModel';
import { DISCARD, FnScope, Hole, Loc, addr, flow } from './graph';
import type { FunctionFacts } from './knowledge';
import type { AllocationSite, PredictRule } from './rule';
import { allocPos, exprText } from './syntax';
import { BOOL, GoType, INT, STRING, UNKNOWN } from './types';

export interface AnalyzerOptions {
  file: string;
  model: FileModel;
  /** The file's text, for converting positions to the compiler's byte columns. */
  text: string;
  rules: readonly PredictRule[];
  /** Go minor version of the target toolchain (26 for go1.26); undefined when unknown. */
  goMinor?: number;
  /** False when the build disables inlining (`-gcflags=-l`). */
  inlining?: boolean;
  /** Summaries of other functions of this file or package, by the compiler's name. */
  summaryOf(key: string): FunctionFacts | undefined;
}

export interface VarInfo {
  name: string;
  ident: Node;
  loc: Loc;
  fn: FnScope;
  typeNode?: Node | null;
  init?: () => GoType;
  cachedType?: GoType;
  assigns: number[];
  addrTaken: boolean;
  /** A func literal the variable was initialised with, for static calls through it. */
  funcLit?: ClosureInfo;
  isConst?: boolean;
  constValue?: number;
}

export interface ClosureInfo {
  node: Node;
  loc: Loc;
  fn: FnScope;
  params: Loc[];
  results: Loc[];
  captures: Set<VarInfo>;
}

export interface Scope {
  vars: Map<string, VarInfo>;
  parent?: Scope;
}

export const BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);


export abstract class Resolver {
  readonly heap: Loc;
  readonly locs: Loc[] = [];
  fn!: FnScope;
  loopDepth = 1;
  protected allVars: VarInfo[] = [];
  protected rangeFuncLoops = 0;
  protected scope: Scope = { vars: new Map() };
  protected results = new Map<FnScope, Loc[]>();
  protected closures: ClosureInfo[] = [];
  protected closureOf = new Map<FnScope, ClosureInfo>();
  protected typeParams?: Set<string>;
  protected params: Loc[] = [];
  protected allocs: AllocationSite[] = [];
  protected typeCache = new Map<number, GoType>();

  constructor(readonly opts: AnalyzerOptions) {
    this.heap = new Loc('heap', 'heap', undefined, 0);
    this.heap.escapes = true;
  }

  get model(): FileModel {
    return this.opts.model;
  }

  // ---- Locations and holes ------------------------------------------------------------------

  newLoc(kind: Loc['kind'], name: string, pos?: Node, loopDepth = this.loopDepth): Loc {
    const l = new Loc(kind, name, this.fn, loopDepth);
    l.pos = pos;
    this.locs.push(l);
    return l;
  }

  heapHole(tag: string): Hole {
    return { loc: this.heap, derefs: 0, tag };
  }

  /** A fresh allocation whose address flows to `k`; returns the hole for its contents. */
  spill(k: Hole, subject: string | undefined, posNode: Node, kind: AllocationSite['kind'], extra?: Partial<AllocationSite> & { loopDepth?: number }): Hole {
    const loc = this.newLoc('alloc', subject ?? '?', posNode, extra?.loopDepth);
    // Without a subject the allocation still takes part in flows, but is never reported: the
    // compiler would word it in a way the syntax cannot tell (inlined calls print as `~r0`).
    loc.subject = subject;
    loc.pos = allocPos(posNode).node;
    if (k.loc) flow(addr(k), loc);
    this.allocs.push({ loc, node: posNode, kind, ...extra });
    return { loc, derefs: 0 };
  }

  /** A hole that feeds several holes. */
  tee(holes: Hole[]): Hole {
    const live = holes.filter((h) => h.loc);
    if (live.length === 0) return DISCARD;
    if (live.length === 1) return live[0];
    const t = this.newLoc('temp', 'tee');
    for (const h of live) flow(h, t);
    return { loc: t, derefs: 0 };
  }

  protected declareParams(list: Node, firstIndex: number): void {
    let index = firstIndex;
    for (const p of list.namedChildren) {
      if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
      const typeNode = p.childForFieldName('type');
      const names = p.childrenForFieldName('name');
      const variadic = p.type === 'variadic_parameter_declaration';
      if (names.length === 0) {
        index++;
        continue;
      }
      for (const n of names) {
        if (!n) continue;
        const v = this.declare(n, 'param', typeNode, undefined);
        if (variadic) v.cachedType = { k: 'slice', elem: this.model.parseType(typeNode, this.typeParams) };
        v.loc.paramIndex = index < 0 ? -1 : index;
        this.params.push(v.loc);
        if (index >= 0) index++;
      }
      if (index < 0) index = 0;
    }
  }

  protected declareResults(fnNode: Node): Loc[] {
    const res = fnNode.childForFieldName('result');
    const out: Loc[] = [];
    if (!res) return out;
    const list = res.type === 'parameter_list' ? res.namedChildren.filter((c): c is Node => !!c && c.type === 'parameter_declaration') : null;
    if (!list) {
      const l = this.newLoc('result', '~r0');
      l.resultIndex = 0;
      l.reason = RuleId.ReturnedAddress;
      return [l];
    }
    for (const p of list) {
      const names = p.childrenForFieldName('name');
      if (names.length === 0) {
        const l = this.newLoc('result', `~r${out.length}`);
        l.resultIndex = out.length;
        l.reason = RuleId.ReturnedAddress;
        out.push(l);
        continue;
      }
      for (const n of names) {
        if (!n) continue;
        const v = this.declare(n, 'result', p.childForFieldName('type'), undefined);
        v.loc.resultIndex = out.length;
        v.loc.reason = RuleId.ReturnedAddress;
        out.push(v.loc);
      }
    }
    return out;
  }

  /** Declares a variable in the current scope. */
  declare(ident: Node, kind: 'var' | 'param' | 'result', typeNode: Node | null | undefined, init: (() => GoType) | undefined, insert = true): VarInfo {
    const loc = this.newLoc(kind, ident.text, ident);
    const v: VarInfo = { name: ident.text, ident, loc, fn: this.fn, typeNode, init, assigns: [], addrTaken: false };
    this.allVars.push(v);
    if (insert && ident.text !== '_') this.scope.vars.set(ident.text, v);
    return v;
  }

  insert(v: VarInfo): void {
    if (v.name !== '_') this.scope.vars.set(v.name, v);
  }

  typeOfVar(v: VarInfo): GoType {
    if (v.cachedType) return v.cachedType;
    v.cachedType = UNKNOWN; // Guards against cycles.
    let t: GoType = UNKNOWN;
    if (v.typeNode) t = this.model.parseType(v.typeNode, this.typeParams);
    else if (v.init) t = v.init();
    v.cachedType = t;
    return t;
  }

  /** Finds a local variable, recording captures by closures between the use and the declaration. */
  lookup(name: string): VarInfo | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (!v) continue;
      if (v.fn !== this.fn) {
        for (let f: FnScope | undefined = this.fn; f && f !== v.fn; f = f.parent) this.closureOf.get(f)?.captures.add(v);
      }
      return v;
    }
    return undefined;
  }

  /** Looks a name up without recording a capture. */
  peek(name: string): VarInfo | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  isPackageName(name: string): boolean {
    return this.model.imports.has(name) && !this.peek(name);
  }

  isGlobal(name: string): boolean {
    return !this.peek(name) && !this.model.funcs.has(name) && !this.model.consts.has(name) && !this.model.typeDecls.has(name) && !this.model.imports.has(name);
  }

  protected push(): void {
    this.scope = { vars: new Map(), parent: this.scope };
  }

  protected pop(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  resultsOf(fn: FnScope): Loc[] {
    return this.results.get(fn) ?? [];
  }

  protected withDepth(depth: number, f: () => void): void {
    const saved = this.loopDepth;
    this.loopDepth = depth;
    try {
      f();
    } finally {
      this.loopDepth = saved;
    }
  }

  protected conversionType(fnNode: Node): GoType | undefined {
    const f = unparen(fnNode);
    switch (f.type) {
      case 'identifier':
      case 'type_identifier':
        if (this.peek(f.text)) return undefined;
        if (this.model.typeDecls.has(f.text) || ['string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune', 'float32', 'float64', 'bool', 'complex64', 'complex128', 'any', 'error'].includes(f.text)) return this.model.parseType(f, this.typeParams);
        if (this.typeParams?.has(f.text)) return { k: 'typeparam' };
        return undefined;
      case 'slice_type':
      case 'array_type':
      case 'map_type':
      case 'pointer_type':
      case 'channel_type':
      case 'function_type':
      case 'interface_type':
      case 'qualified_type':
      case 'generic_type':
        return this.model.parseType(f, this.typeParams);
      case 'unary_expression':
        if (f.childForFieldName('operator')?.text === '*' && (fnNode.type === 'parenthesized_expression' || fnNode.type === 'unary_expression')) {
          // `(*T)(x)` converts to a pointer type; calling through `(*fp)(x)` is too rare to weigh.
          const inner = f.childForFieldName('operand');
          const t = inner ? this.conversionType(inner) : undefined;
          if (t) return { k: 'ptr', elem: t };
          if (inner?.type === 'identifier' && this.peek(inner.text)) return undefined;
          if (inner?.type === 'identifier' || inner?.type === 'selector_expression') {
            const op = inner.type === 'selector_expression' ? inner.childForFieldName('operand') : null;
            if (inner.type === 'identifier' || (op?.type === 'identifier' && this.isPackageName(op.text))) return { k: 'ptr', elem: inner.type === 'identifier' ? this.model.parseType(inner, this.typeParams) : UNKNOWN };
          }
        }
        return undefined;
      case 'selector_expression': {
        const operand = f.childForFieldName('operand');
        const name = f.childForFieldName('field')?.text ?? '';
        if (operand?.type === 'identifier' && this.isPackageName(operand.text)) {
          const path = this.model.imports.get(operand.text)!;
          if (operand.text === 'unsafe' && name === 'Pointer') return { k: 'basic', name: 'unsafe.Pointer' };
          if (this.model.knowledge?.interfaces?.has(`${path}.${name}`)) return { k: 'iface' };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Parameter types of a declaration in this file (receiver excluded). */
  protected signature(decl: Node): { kinds: GoType[]; variadic: boolean } {
    const kinds: GoType[] = [];
    let variadic = false;
    const tps = typeParamNames(decl);
    for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const t = this.model.parseType(p.childForFieldName('type'), tps);
      const count = Math.max(1, p.childrenForFieldName('name').length);
      if (p.type === 'variadic_parameter_declaration') variadic = true;
      for (let i = 0; i < count; i++) kinds.push(t);
    }
    return { kinds, variadic };
  }

  // ---- Types --------------------------------------------------------------------------------

  typeOf(n: Node): GoType {
    const cached = this.typeCache.get(n.id);
    if (cached) return cached;
    this.typeCache.set(n.id, UNKNOWN);
    const t = this.computeType(n);
    this.typeCache.set(n.id, t);
    return t;
  }

  protected computeType(n: Node): GoType {
    switch (n.type) {
      case 'identifier': {
        if (n.text === 'true' || n.text === 'false') return BOOL;
        const v = this.peek(n.text);
        if (v) return this.typeOfVar(v);
        const g = this.model.globals.get(n.text);
        if (g) return g.type ? this.model.parseType(g.type.node) : g.value ? this.typeOf(g.value.node) : UNKNOWN;
        if (this.model.funcs.has(n.text)) return { k: 'func' };
        return UNKNOWN;
      }
      case 'true':
      case 'false':
        return BOOL;
      case 'int_literal':
        return INT;
      case 'float_literal':
        return { k: 'basic', name: 'float64' };
      case 'rune_literal':
        return { k: 'basic', name: 'int32' };
      case 'imaginary_literal':
        return { k: 'basic', name: 'complex128' };
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return STRING;
      case 'composite_literal':
        return this.model.parseType(n.childForFieldName('type'), this.typeParams);
      case 'func_literal':
        return { k: 'func', node: n };
      case 'parenthesized_expression':
        return n.namedChildren[0] ? this.typeOf(n.namedChildren[0]) : UNKNOWN;
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const o = n.childForFieldName('operand');
        if (!o) return UNKNOWN;
        if (op === '&') return { k: 'ptr', elem: this.typeOf(o) };
        if (op === '!') return BOOL;
        const t = this.model.underlying(this.typeOf(o));
        if (op === '*') return t.k === 'ptr' ? t.elem : UNKNOWN;
        if (op === '<-') return t.k === 'chan' ? t.elem : UNKNOWN;
        return this.typeOf(o);
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '';
        if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(op)) return BOOL;
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const lt = l ? this.typeOf(l) : UNKNOWN;
        if (lt.k !== 'unknown' && !(l && isLiteral(l))) return lt;
        return r ? this.typeOf(r) : lt;
      }
      case 'selector_expression': {
        const operand = n.childForFieldName('operand');
        const field = n.childForFieldName('field')?.text ?? '';
        if (!operand) return UNKNOWN;
        if (operand.type === 'identifier' && this.isPackageName(operand.text)) return UNKNOWN;
        const t = this.typeOf(operand);
        const ft = this.model.field(t, field);
        if (ft) return ft;
        const base = t.k === 'ptr' ? t.elem : t;
        if (this.model.method(base, field)) return { k: 'func' };
        return UNKNOWN;
      }
      case 'index_expression': {
        const operand = n.childForFieldName('operand');
        if (!operand) return UNKNOWN;
        let t = this.model.underlying(this.typeOf(operand));
        if (t.k === 'ptr') t = this.model.underlying(t.elem);
        if (t.k === 'slice' || t.k === 'array' || t.k === 'map') return t.elem;
        if (t.k === 'basic' && t.name === 'string') return { k: 'basic', name: 'uint8' };
        return UNKNOWN;
      }
      case 'slice_expression': {
        const operand = n.childForFieldName('operand');
        if (!operand) return UNKNOWN;
        const t0 = this.typeOf(operand);
        let t = this.model.underlying(t0);
        if (t.k === 'ptr') t = this.model.underlying(t.elem);
        if (t.k === 'array') return { k: 'slice', elem: t.elem };
        return t0;
      }
      case 'call_expression':
        return this.callResultTypes(n)[0] ?? UNKNOWN;
      case 'type_assertion_expression':
        return this.model.parseType(n.childForFieldName('type'), this.typeParams);
      case 'type_conversion_expression':
        return this.model.parseType(n.childForFieldName('type'), this.typeParams);
      default:
        return UNKNOWN;
    }
  }

  /** Result types of a call, as far as they can be known. */
  callResultTypes(n: Node): GoType[] {
    const fnNode = n.childForFieldName('function');
    const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (!fnNode) return [];
    const f = unparen(fnNode);
    if (f.type === 'identifier' && BUILTINS.has(f.text) && !this.peek(f.text) && !this.model.funcs.has(f.text)) {
      switch (f.text) {
        case 'make':
          return [this.model.parseType(args[0], this.typeParams)];
        case 'new':
          return [{ k: 'ptr', elem: this.model.parseType(args[0], this.typeParams) }];
        case 'append':
        case 'min':
        case 'max':
          return args[0] ? [this.typeOf(args[0])] : [];
        case 'len':
        case 'cap':
        case 'copy':
          return [INT];
        case 'recover':
          return [{ k: 'iface' }];
        default:
          return [];
      }
    }
    const conv = this.conversionType(fnNode);
    if (conv) return [conv];
    let decl: Node | undefined;
    let known: string[] | undefined;
    let pkgPath = '';
    if (f.type === 'identifier' && !this.peek(f.text)) {
      decl = this.model.funcs.get(f.text)?.node;
      if (!decl) known = this.model.knowledge?.functions.get(f.text)?.results;
    } else if (f.type === 'identifier') {
      const v = this.peek(f.text);
      if (v?.funcLit) decl = v.funcLit.node;
    } else if (f.type === 'func_literal') decl = f;
    else if (f.type === 'selector_expression') {
      const operand = f.childForFieldName('operand');
      const name = f.childForFieldName('field')?.text ?? '';
      if (operand?.type === 'identifier' && this.isPackageName(operand.text)) {
        pkgPath = this.model.imports.get(operand.text)!;
        known = this.model.knowledge?.functions.get(`${pkgPath}.${name}`)?.results;
      } else if (operand) {
        const t = this.typeOf(operand);
        const base = t.k === 'ptr' ? t.elem : t;
        const m = this.model.method(base, name);
        if (m?.decl) decl = m.decl;
        else if (m?.key) {
          known = this.model.knowledge?.functions.get(m.key)?.results;
          if (base.k === 'named') pkgPath = base.pkg;
        }
      }
    } else if ((f.type === 'index_expression' || f.type === 'generic_type') && (f.childForFieldName('operand') ?? f.childForFieldName('type'))?.type === 'identifier') {
      decl = this.model.funcs.get((f.childForFieldName('operand') ?? f.childForFieldName('type'))!.text)?.node;
    }
    if (decl) {
      const res = decl.childForFieldName('result');
      if (!res) return [];
      const tps = decl.type === 'func_literal' ? this.typeParams : typeParamNames(decl);
      if (res.type !== 'parameter_list') return [this.model.parseType(res, tps)];
      const out: GoType[] = [];
      for (const p of res.namedChildren) {
        if (!p) continue;
        const t = this.model.parseType(p.childForFieldName('type'), tps);
        const count = Math.max(1, p.childrenForFieldName('name').length);
        for (let i = 0; i < count; i++) out.push(t);
      }
      return out;
    }
    if (known) return known.map((s) => parseTypeString(s, pkgPath));
    return [];
  }

  /** `true` or `false` for a constant boolean condition (a literal or a file's constant), else ''. */
  protected constantBool(n: Node): string {
    if (n.type === 'true' || n.type === 'false') return n.type;
    if (n.type === 'parenthesized_expression' && n.namedChildren[0]) return this.constantBool(n.namedChildren[0]);
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '!') {
      const v = this.constantBool(unparen(n.childForFieldName('operand') ?? n));
      return v === 'true' ? 'false' : v === 'false' ? 'true' : '';
    }
    if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.text;
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const lv = l ? this.constantBool(unparen(l)) : '';
      const rv = r ? this.constantBool(unparen(r)) : '';
      if (op === '&&') return lv === 'false' || rv === 'false' ? 'false' : lv === 'true' && rv === 'true' ? 'true' : '';
      if (op === '||') return lv === 'true' || rv === 'true' ? 'true' : lv === 'false' && rv === 'false' ? 'false' : '';
    }
    if (n.type === 'identifier' && !this.peek(n.text)) {
      const v = this.model.boolConsts.get(n.text);
      if (v !== undefined) return String(v);
    }
    return '';
  }

  /** The compiler's text for an expression, or undefined when it cannot be predicted from syntax. */
  subjectOf(n: Node): string | undefined {
    if (containsCall(n) || this.hasUnfoldableConstant(n)) return undefined;
    return exprText(n, (x) => this.foldedConstant(x));
  }

  /** Constants the compiler folds into their values but this file cannot evaluate (declared elsewhere). */
  protected hasUnfoldableConstant(n: Node, depth = 0): boolean {
    if (depth > 20) return true;
    if (n.type === 'identifier') {
      if (this.peek(n.text)) return false;
      if (this.model.consts.has(n.text)) return this.model.consts.get(n.text) === undefined && !this.model.boolConsts.has(n.text);
      // Not local, not a constant of this file: maybe a constant of another file of the package.
      return !this.model.globals.has(n.text) && !this.model.funcs.has(n.text) && !BUILTIN_VALUES.has(n.text);
    }
    if (n.type === 'selector_expression') {
      const o = n.childForFieldName('operand');
      if (o?.type === 'identifier' && this.isPackageName(o.text)) return true;
      return o ? this.hasUnfoldableConstant(o, depth + 1) : false;
    }
    if (n.type === 'composite_literal' || n.type === 'func_literal') return false;
    if (n.type === 'call_expression') {
      const args = n.childForFieldName('arguments');
      return args ? this.hasUnfoldableConstant(args, depth + 1) : false;
    }
    for (const c of n.namedChildren) if (c && this.hasUnfoldableConstant(c, depth + 1)) return true;
    return false;
  }

  /** A named constant's value as the compiler prints it after folding, for message subjects. */
  foldedConstant(n: Node): string | undefined {
    if (n.type !== 'identifier' && n.type !== 'binary_expression') return undefined;
    if (!this.isConstant(n)) return undefined;
    const v = this.constValue(n);
    return v === undefined ? undefined : String(v);
  }

  constValue(n: Node): number | undefined {
    if (n.type === 'identifier') {
      const v = this.peek(n.text);
      if (v) return v.isConst ? v.constValue : undefined;
    }
    return this.model.evalConst(n);
  }

  /** Whether an expression is a compile-time constant (its value may be unknown). */
  isConstant(n: Node): boolean {
    const u = unparen(n);
    switch (u.type) {
      case 'int_literal':
      case 'float_literal':
      case 'rune_literal':
      case 'interpreted_string_literal':
      case 'raw_string_literal':
      case 'true':
      case 'false':
      case 'iota':
        return true;
      case 'identifier': {
        const v = this.peek(u.text);
        if (v) return !!v.isConst;
        return this.model.consts.has(u.text);
      }
      case 'selector_expression': {
        const operand = u.childForFieldName('operand');
        // pkg.Name could be a constant or a variable; without knowledge it is not known to be constant.
        return false && !!operand;
      }
      case 'binary_expression': {
        const l = u.childForFieldName('left');
        const r = u.childForFieldName('right');
        return !!l && !!r && this.isConstant(l) && this.isConstant(r);
      }
      case 'unary_expression': {
        const o = u.childForFieldName('operand');
        const op = u.childForFieldName('operator')?.text;
        return !!o && op !== '&' && op !== '*' && op !== '<-' && this.isConstant(o);
      }
      case 'call_expression': {
        const f = u.childForFieldName('function');
        const args = u.childForFieldName('arguments')?.namedChildren ?? [];
        if (f?.type === 'identifier' && (f.text === 'len' || f.text === 'cap') && args[0]) {
          const t = this.model.underlying(this.typeOf(args[0]));
          return t.k === 'array' || (args[0].type === 'interpreted_string_literal');
        }
        if (f && this.conversionType(f) && args[0]) return this.isConstant(args[0]);
        return false;
      }
      default:
        return false;
    }
  }
}


/** cmd/compile's isSelfAssign: re-slicing through the same pointer, or assigning between fields of one object. */
export function isSelfAssign(dst: Node, src: Node): boolean {
  const d = unparen(dst);
  const sr = unparen(src);
  const derefBase = (n: Node): string | undefined => {
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '*') {
      const o = n.childForFieldName('operand');
      return o?.type === 'identifier' ? o.text : undefined;
    }
    if (n.type === 'selector_expression') {
      const o = n.childForFieldName('operand');
      return o?.type === 'identifier' ? o.text : undefined;
    }
    return undefined;
  };
  if (sr.type === 'slice_expression') {
    const base = sr.childForFieldName('operand');
    const db = derefBase(d);
    if (base && db && derefBase(unparen(base)) === db) return true;
  }
  if (d.type !== sr.type) return false;
  const safe = (n: Node | null): boolean => !!n && (n.type === 'identifier' || ((n.type === 'selector_expression') && safe(n.childForFieldName('operand'))));
  if (d.type === 'selector_expression') {
    const a = d.childForFieldName('operand');
    const b = sr.childForFieldName('operand');
    return !!a && !!b && safe(a) && a.text === b.text;
  }
  if (d.type === 'index_expression') {
    const a = d.childForFieldName('operand');
    const b = sr.childForFieldName('operand');
    const ia = d.childForFieldName('index');
    const ib = sr.childForFieldName('index');
    const simple = (i: Node | null) => !!i && (i.type === 'identifier' || i.type === 'int_literal');
    return !!a && !!b && safe(a) && a.text === b.text && simple(ia) && simple(ib);
  }
  return false;
}

export function packageName(importPath: string): string {
  const last = importPath.slice(importPath.lastIndexOf('/') + 1);
  return /^v\d+$/.test(last) && importPath.includes('/') ? importPath.split('/').slice(-2, -1)[0] : last;
}

/** Predeclared type names, which the compiler never qualifies with a package. */
export const PREDECLARED_TYPE = /^(?:bool|byte|rune|string|error|any|u?int(?:8|16|32|64)?|uintptr|float(?:32|64)|complex(?:64|128)|map|chan|func|struct|interface)$/;

export const BUILTIN_VALUES = new Set(['nil', 'true', 'false', 'iota']);

export const RENDERED_CALLS = new Set(['make', 'new', 'append', 'len', 'cap', 'string', 'min', 'max']);

/** Whether an expression contains a call whose rendering the syntax cannot tell. */
export function containsCall(n: Node, depth = 0): boolean {
  if (depth > 20) return true;
  if (n.type === 'call_expression') {
    const f = n.childForFieldName('function');
    if (!f || !RENDERED_CALLS.has(f.text)) return true;
  }
  if (n.type === 'func_literal') return false;
  for (const c of n.namedChildren) if (c && containsCall(c, depth + 1)) return true;
  return false;
}

export function unparen(n: Node): Node {
  let x = n;
  while (x.type === 'parenthesized_expression' && x.namedChildren[0]) x = x.namedChildren[0];
  return x;
}

export function isLiteral(n: Node): boolean {
  return n.type === 'int_literal' || n.type === 'float_literal' || n.type === 'rune_literal' || n.type === 'imaginary_literal';
}

export function multiResultType(a: Resolver, value: Node | undefined, i: number): (() => GoType) | undefined {
  if (!value) return undefined;
  return () => {
    const v = unparen(value);
    if (v.type === 'call_expression') return a.callResultTypes(v)[i] ?? UNKNOWN;
    if (i === 1) return BOOL;
    if (v.type === 'index_expression' || v.type === 'type_assertion_expression' || v.type === 'unary_expression') return a.typeOf(v);
    return UNKNOWN;
  };
}

export function hasPointers(a: Resolver, t: GoType, depth = 0): boolean {
  if (depth > 6) return true;
  const u = a.model.underlying(t);
  switch (u.k) {
    case 'basic':
      return u.name === 'string' || u.name === 'unsafe.Pointer';
    case 'array':
      return hasPointers(a, u.elem, depth + 1);
    case 'struct':
      for (const f of u.fields.values()) if (hasPointers(a, f, depth + 1)) return true;
      return false;
    default:
      return true;
  }
}

export function compositeSubject(n: Node): string {
  const t = n.childForFieldName('type');
  const body = n.childForFieldName('body');
  return `${t ? typeTextOf(t) : ''}${body && body.namedChildCount === 0 ? '{}' : '{...}'}`;
}

export function typeTextOf(t: Node): string {
  return normalizeTypeText(t.text);
}

/** Types as the compiler prints them: `struct {}`, `interface {}`, single spaces. */
export function normalizeTypeText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\b(struct|interface) ?\{/g, '$1 {').replace(/\{ \}/g, '{}');
}

export function typeText(t: GoType): string {
  switch (t.k) {
    case 'named':
      return t.pkg ? `${t.pkg.slice(t.pkg.lastIndexOf('/') + 1)}.${t.name}` : t.name;
    case 'basic':
      return t.name;
    case 'ptr':
      return `*${typeText(t.elem)}`;
    case 'slice':
      return `[]${typeText(t.elem)}`;
    default:
      return '?';
  }
}

export function kindType(kind: string): GoType {
  switch (kind) {
    case 'iface':
      return { k: 'iface' };
    case 'ptr':
      return { k: 'ptr', elem: UNKNOWN };
    default:
      return UNKNOWN;
  }
}

/** Parses a qualified type string from knowledge (`*bytes.Buffer`, `[]string`, `error`). */
export function parseTypeString(s: string, pkgPath: string): GoType {
  s = s.trim();
  if (s.startsWith('*')) return { k: 'ptr', elem: parseTypeString(s.slice(1), pkgPath) };
  if (s.startsWith('[]')) return { k: 'slice', elem: parseTypeString(s.slice(2), pkgPath) };
  if (s === 'error' || s === 'any' || s.startsWith('interface')) return { k: 'iface' };
  if (s.startsWith('map[') || s.startsWith('chan ') || s.startsWith('func')) return s.startsWith('func') ? { k: 'func' } : s.startsWith('map[') ? { k: 'map', key: UNKNOWN, elem: UNKNOWN } : { k: 'chan', elem: UNKNOWN };
  const m = /^([\w./-]+)\.(\w+)$/.exec(s);
  if (m) return { k: 'named', pkg: m[1], name: m[2] };
  if (/^\w+$/.test(s)) {
    if (['string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune', 'float32', 'float64', 'bool', 'complex64', 'complex128'].includes(s)) return { k: 'basic', name: s === 'byte' ? 'uint8' : s === 'rune' ? 'int32' : s };
    return { k: 'named', pkg: pkgPath, name: s };
  }
  return UNKNOWN;
}

