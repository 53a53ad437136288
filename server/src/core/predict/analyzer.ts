// Builds the flow graph of one function declaration (and the closures inside it) from its
// syntax, the way the compiler's escape analysis walks its IR: every expression is evaluated
// into a "hole" (a destination plus a dereference count). Rules supply the sinks; the solver
// in graph.ts decides what escapes. Unknown constructs evaluate into nothing, so a guess is
// never made from code the analyzer does not understand.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { utf16ToByteColumn } from '../positions';
import { RuleId } from '../rules/ids';
import { FileModel, typeParamNames } from './fileModel';
import { DISCARD, FnScope, Hole, Loc, addr, deref, flow, shift, solve, tagged } from './graph';
import { INLINABLE_SUBJECT, type AllocFact, type FunctionFacts, type MovedFact, type ParamFacts } from './knowledge';
import type { AllocationSite, CalleeInfo, PredictRule } from './rule';
import { allocPos, exprText } from './syntax';
import { BOOL, GoType, INT, STRING, UNKNOWN, isPointerShaped, sizeOf } from './types';

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

interface ClosureInfo {
  node: Node;
  loc: Loc;
  fn: FnScope;
  params: Loc[];
  results: Loc[];
  captures: Set<VarInfo>;
}

interface Scope {
  vars: Map<string, VarInfo>;
  parent?: Scope;
}

const BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);

/** Closure variables larger than this are captured by reference (cmd/compile: 128 bytes). */
const MAX_BYVAL_CAPTURE = 128;

export class Analyzer {
  readonly heap: Loc;
  readonly locs: Loc[] = [];
  fn!: FnScope;
  loopDepth = 1;
  private allVars: VarInfo[] = [];
  private rangeFuncLoops = 0;
  private scope: Scope = { vars: new Map() };
  private results = new Map<FnScope, Loc[]>();
  private closures: ClosureInfo[] = [];
  private closureOf = new Map<FnScope, ClosureInfo>();
  private typeParams?: Set<string>;
  private params: Loc[] = [];
  private allocs: AllocationSite[] = [];
  private typeCache = new Map<number, GoType>();

  constructor(readonly opts: AnalyzerOptions) {
    this.heap = new Loc('heap', 'heap', undefined, 0);
    this.heap.escapes = true;
  }

  get model(): FileModel {
    return this.opts.model;
  }

  // ---- Entry point --------------------------------------------------------------------------

  /** Analyses a function or method declaration; returns its findings and parameter summary. */
  analyze(decl: Node): { findings: Finding[]; summary: FunctionFacts } {
    this.typeParams = typeParamNames(decl);
    this.fn = { node: decl, calledDirectly: false };
    const recv = decl.type === 'method_declaration' ? decl.childForFieldName('receiver') : null;
    if (recv) this.declareParams(recv, -1);
    const params = decl.childForFieldName('parameters');
    if (params) this.declareParams(params, 0);
    this.results.set(this.fn, this.declareResults(decl));
    const body = decl.childForFieldName('body');
    if (body) this.block(body);
    else return { findings: [], summary: this.bodylessSummary(decl) };
    this.finishClosures();
    for (const site of this.allocs) for (const r of this.opts.rules) if (r.hooks.forceAllocation?.(this, site)) break;
    solve(this.locs, this.heap);
    return { findings: this.findings(), summary: this.summary() };
  }

  /**
   * A function without a body (implemented in assembly): the compiler assumes its parameters
   * leak, unless a `//go:noescape` directive says otherwise.
   */
  private bodylessSummary(decl: Node): FunctionFacts {
    const params = new Map<number, ParamFacts>();
    let prev = decl.previousNamedSibling;
    while (prev?.type === 'comment' && prev.text.trim() !== '//go:noescape') prev = prev.previousNamedSibling;
    if (prev?.type === 'comment') return { params };
    for (const p of this.params) {
      if (p.paramIndex === undefined) continue;
      params.set(p.paramIndex, { heap: 0, results: [] });
    }
    // Unnamed parameters have no location: cover them by index from the signature.
    const count = this.signature(decl).kinds.length;
    for (let i = 0; i < count; i++) if (!params.has(i)) params.set(i, { heap: 0, results: [] });
    return { params };
  }

  private summary(): FunctionFacts {
    const params = new Map<number, ParamFacts>();
    for (const p of this.params) {
      if (p.paramIndex === undefined || p.fn !== this.rootFn()) continue;
      if (p.leakHeap >= 0 || p.leakResults.some((x) => x >= 0)) params.set(p.paramIndex, { heap: p.leakHeap, results: p.leakResults.map((x) => x ?? -1) });
    }
    const moved: MovedFact[] = [];
    const root = this.rootFn();
    for (const l of this.locs) {
      if (!l.escapes || l.fn !== root || (l.kind !== 'var' && l.kind !== 'param' && l.kind !== 'result') || !l.pos || l.name === '_' || l.name.startsWith('~')) continue;
      moved.push({ name: l.name, always: l.escapeResult === undefined, results: l.escapeResult === undefined ? [] : [l.escapeResult], rule: l.reason });
    }
    const allocs: AllocFact[] = [];
    for (const l of this.locs) {
      if (!l.escapes || l.fn !== root || l.kind !== 'alloc' || !l.subject || !INLINABLE_SUBJECT.test(l.subject)) continue;
      allocs.push({ subject: l.subject, always: l.escapeResult === undefined, results: l.escapeResult === undefined ? [] : [l.escapeResult], rule: l.reason });
    }
    const out: FunctionFacts = { params };
    if (moved.length) out.moved = moved;
    if (allocs.length) out.allocs = allocs;
    return out;
  }

  private rootFn(): FnScope {
    let f = this.fn;
    while (f.parent) f = f.parent;
    return f;
  }

  private findings(): Finding[] {
    const out: Finding[] = [];
    for (const l of this.locs) {
      if (!l.escapes || !l.pos) continue;
      const p = this.compilerPosition(l.pos);
      if (l.kind === 'alloc') {
        if (!l.subject) continue;
        out.push({ file: this.opts.file, line: p.line, column: p.column, message: `${l.subject} escapes to heap`, category: 'escapes', rule: l.reason ?? RuleId.Unexplained, origin: 'prediction' });
      } else if (l.kind === 'var' || l.kind === 'param' || l.kind === 'result') {
        if (l.name === '_' || l.name.startsWith('~')) continue;
        out.push({ file: this.opts.file, line: p.line, column: p.column, message: `moved to heap: ${l.name}`, category: 'moved', rule: l.reason ?? RuleId.Unexplained, origin: 'prediction' });
        if (l.path) process.stderr.write(`${this.opts.file}:${p.line}: moved to heap: ${l.name} via ${l.path.join(' <- ')}\n`);
      }
    }
    return out;
  }

  /** The compiler's 1-based line and byte column of a node's start. */
  private compilerPosition(n: Node): { line: number; column: number } {
    const { row, column } = n.startPosition;
    const lineStart = n.startIndex - column;
    return { line: row + 1, column: utf16ToByteColumn(this.opts.text.slice(lineStart, lineStart + column), column) };
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

  private declareParams(list: Node, firstIndex: number): void {
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

  private declareResults(fnNode: Node): Loc[] {
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

  private push(): void {
    this.scope = { vars: new Map(), parent: this.scope };
  }

  private pop(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  resultsOf(fn: FnScope): Loc[] {
    return this.results.get(fn) ?? [];
  }

  // ---- Statements ---------------------------------------------------------------------------

  block(node: Node): void {
    this.push();
    for (const c of node.namedChildren) if (c) this.stmt(c);
    this.pop();
  }

  stmt(node: Node): void {
    for (const r of this.opts.rules) if (r.hooks.statement?.(this, node)) return;
    switch (node.type) {
      case 'statement_list':
        for (const c of node.namedChildren) if (c) this.stmt(c);
        return;
      case 'block':
        this.block(node);
        return;
      case 'expression_statement':
        for (const c of node.namedChildren) if (c) this.expr(DISCARD, c);
        return;
      case 'short_var_declaration':
        this.shortVarDecl(node);
        return;
      case 'var_declaration':
        for (const spec of node.namedChildren) {
          if (spec?.type === 'var_spec') this.varSpec(spec);
          else if (spec?.type === 'var_spec_list') for (const s of spec.namedChildren) if (s?.type === 'var_spec') this.varSpec(s);
        }
        return;
      case 'const_declaration':
        this.constDecl(node);
        return;
      case 'assignment_statement':
        this.assignment(node);
        return;
      case 'inc_statement':
      case 'dec_statement': {
        const x = node.namedChildren[0];
        if (x) this.noteAssign(x, node);
        return;
      }
      case 'if_statement': {
        this.push();
        this.optStmt(node.childForFieldName('initializer'));
        const cond = node.childForFieldName('condition');
        this.optExpr(cond);
        // The compiler drops branches that a constant condition makes dead before escape analysis.
        const constant = cond ? this.constantBool(unparen(cond)) : '';
        if (constant !== 'false') this.optBlock(node.childForFieldName('consequence'));
        const alt = node.childForFieldName('alternative');
        if (alt && constant !== 'true') this.stmt(alt);
        this.pop();
        return;
      }
      case 'for_statement':
        this.forStmt(node);
        return;
      case 'expression_switch_statement':
        this.push();
        this.optStmt(node.childForFieldName('initializer'));
        this.optExpr(node.childForFieldName('value'));
        for (const c of node.namedChildren) {
          if (c?.type !== 'expression_case' && c?.type !== 'default_case') continue;
          this.push();
          for (const v of c.childForFieldName('value')?.namedChildren ?? []) if (v) this.expr(DISCARD, v);
          for (const s of c.namedChildren) if (s?.type === 'statement_list') this.stmt(s);
          this.pop();
        }
        this.pop();
        return;
      case 'type_switch_statement':
        this.typeSwitch(node);
        return;
      case 'select_statement':
        for (const c of node.namedChildren) {
          if (!c) continue;
          this.push();
          const comm = c.childForFieldName('communication');
          if (comm) this.stmt(comm);
          for (const s of c.namedChildren) if (s?.type === 'statement_list') this.stmt(s);
          this.pop();
        }
        return;
      case 'receive_statement':
        this.receiveStmt(node);
        return;
      case 'labeled_statement':
        for (const c of node.namedChildren) if (c && c.type !== 'label_name') this.stmt(c);
        return;
      case 'go_statement':
      case 'defer_statement':
      case 'return_statement':
      case 'send_statement':
        // Owned by rules; reaching here means no rule is enabled for it: evaluate for side flows.
        for (const c of node.namedChildren) if (c) this.expr(DISCARD, c);
        return;
      default:
        return;
    }
  }

  private optStmt(n: Node | null): void {
    if (n) this.stmt(n);
  }

  private optExpr(n: Node | null): void {
    if (n) this.expr(DISCARD, n);
  }

  private optBlock(n: Node | null): void {
    if (n) this.block(n);
  }

  private forStmt(node: Node): void {
    this.push();
    const range = node.namedChildren.find((c) => c?.type === 'range_clause');
    const clause = node.namedChildren.find((c) => c?.type === 'for_clause');
    if (range) {
      const right = range.childForFieldName('right');
      const left = range.childForFieldName('left');
      const isDecl = range.children.some((c) => c?.type === ':=');
      const rt = right ? this.typeOf(right) : UNKNOWN;
      this.loopDepth++;
      const elemHole = (i: number): Hole => {
        const l = left?.namedChildren[i];
        if (!l) return DISCARD;
        if (isDecl) {
          const v = this.declare(l, 'var', undefined, () => this.rangeType(rt, i));
          return { loc: v.loc, derefs: 0 };
        }
        return this.assignHole(l, node);
      };
      const kHole = elemHole(0);
      const vHole = elemHole(1);
      void kHole;
      if (right) {
        const u = this.model.underlying(rt);
        // Ranging copies elements out of the collection: slices and pointers to arrays dereference it.
        if (u.k === 'array') this.withDepth(this.loopDepth - 1, () => this.expr(vHole, right));
        else if (u.k === 'slice' || (u.k === 'ptr' && this.model.underlying(u.elem).k === 'array')) this.withDepth(this.loopDepth - 1, () => this.expr(deref(vHole), right));
        else this.withDepth(this.loopDepth - 1, () => this.expr(DISCARD, right));
      }
    } else if (clause) {
      this.loopDepth++;
      this.optStmt(clause.childForFieldName('initializer'));
      this.optExpr(clause.childForFieldName('condition'));
      this.optStmt(clause.childForFieldName('update'));
    } else {
      this.loopDepth++;
      for (const c of node.namedChildren) if (c && c.type !== 'block') this.expr(DISCARD, c);
    }
    const body = node.childForFieldName('body');
    this.optBlock(body);
    this.loopDepth--;
    this.pop();
    if (range && body && this.isRangeOverFunc(range)) this.rangeFuncCaptures(node, body);
  }

  /** `for x := range f` over an iterator function: the compiler turns the body into a closure. */
  private isRangeOverFunc(range: Node): boolean {
    const right = range.childForFieldName('right');
    if (!right) return false;
    const t = this.typeOf(right);
    const u = this.model.underlying(t);
    if (!(u.k === 'func' || (t.k === 'named' && t.pkg === 'iter' && (t.name === 'Seq' || t.name === 'Seq2')))) return false;
    // An iterator returned by an inlinable function is inlined with the loop body: nothing escapes.
    const r = unparen(right);
    if (r.type === 'call_expression') {
      const f = r.childForFieldName('function');
      let facts: FunctionFacts | undefined;
      if (f?.type === 'identifier' && !this.peek(f.text)) facts = this.opts.summaryOf(f.text);
      else if (f?.type === 'selector_expression') {
        const o = f.childForFieldName('operand');
        if (o?.type === 'identifier' && this.isPackageName(o.text)) facts = this.opts.summaryOf(`${this.model.imports.get(o.text)}.${f.childForFieldName('field')?.text}`);
      }
      if (!facts || facts.inlinable) return false;
    }
    return true;
  }

  /**
   * The body closure of a range-over-func loop is passed to the iterator, which keeps it: variables
   * of the function that the body assigns are captured by reference and move to the heap.
   */
  private rangeFuncCaptures(loop: Node, body: Node): void {
    // The body closure and the loop's state variable (`#state1`, numbered per function) escape.
    const state = this.newLoc('var', `#state${++this.rangeFuncLoops}`, loop);
    flow({ loc: this.heap, derefs: -1, tag: RuleId.ClosureCapture }, state);
    const closure = this.newLoc('alloc', 'func literal', loop);
    closure.subject = 'func literal';
    flow({ loc: this.heap, derefs: -1, tag: RuleId.ClosureCapture }, closure);
    for (const v of this.allVars) {
      if (v.fn !== this.fn || v.isConst || v.ident.startIndex >= body.startIndex) continue;
      if (v.assigns.some((at) => at >= body.startIndex && at < body.endIndex)) flow({ loc: this.heap, derefs: -1, tag: RuleId.ClosureCapture }, v.loc);
    }
  }

  private withDepth(depth: number, f: () => void): void {
    const saved = this.loopDepth;
    this.loopDepth = depth;
    try {
      f();
    } finally {
      this.loopDepth = saved;
    }
  }

  private rangeType(rt: GoType, i: number): GoType {
    let u = this.model.underlying(rt);
    if (u.k === 'ptr') u = this.model.underlying(u.elem);
    switch (u.k) {
      case 'slice':
      case 'array':
        return i === 0 ? INT : u.elem;
      case 'map':
        return i === 0 ? u.key : u.elem;
      case 'chan':
        return i === 0 ? u.elem : UNKNOWN;
      case 'basic':
        return u.name === 'string' ? (i === 0 ? INT : { k: 'basic', name: 'int32' }) : i === 0 ? u : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private typeSwitch(node: Node): void {
    this.push();
    this.optStmt(node.childForFieldName('initializer'));
    const value = node.childForFieldName('value');
    const alias = node.childForFieldName('alias')?.namedChildren[0];
    // The switched value is evaluated into a temporary that each clause's variable copies.
    const tmp = this.newLoc('temp', 'typeswitch');
    if (value) this.expr({ loc: tmp, derefs: 0 }, value);
    for (const c of node.namedChildren) {
      if (c?.type !== 'type_case' && c?.type !== 'default_case') continue;
      this.push();
      if (alias) {
        const types = c.childrenForFieldName('type').filter((t): t is Node => !!t && t.type !== ',');
        const single = types.length === 1 && types[0].text !== 'nil' ? this.model.parseType(types[0], this.typeParams) : undefined;
        const v = this.declare(alias, 'var', undefined, () => single ?? (value ? this.typeOf(value) : UNKNOWN));
        // The compiler reports a clause's variable at the clause.
        v.loc.pos = c;
        v.ident = c;
        const t = single && this.model.underlying(single);
        const direct = !t || t.k === 'iface' || isPointerShaped(t) || t.k === 'typeparam' || t.k === 'unknown';
        flow(direct ? { loc: v.loc, derefs: 0 } : { loc: v.loc, derefs: 1 }, tmp);
      }
      for (const s of c.namedChildren) if (s?.type === 'statement_list') this.stmt(s);
      this.pop();
    }
    this.pop();
  }

  private receiveStmt(node: Node): void {
    const right = node.childForFieldName('right');
    if (right) this.expr(DISCARD, right);
    const left = node.childForFieldName('left');
    if (!left) return;
    const isDecl = node.children.some((c) => c?.type === ':=');
    const chanType = right?.type === 'unary_expression' ? this.typeOf(right) : UNKNOWN;
    left.namedChildren.forEach((l, i) => {
      if (!l) return;
      if (isDecl) this.declare(l, 'var', undefined, () => (i === 0 ? chanType : BOOL));
      else this.assignHole(l, node);
    });
  }

  private constDecl(node: Node): void {
    for (const spec of node.namedChildren) {
      if (spec?.type !== 'const_spec') continue;
      const values = spec.childForFieldName('value')?.namedChildren ?? [];
      spec.childrenForFieldName('name').forEach((n, i) => {
        if (!n) return;
        const valueNode = values[i];
        const v = this.declare(n, 'var', spec.childForFieldName('type'), valueNode ? () => this.typeOf(valueNode) : undefined);
        v.isConst = true;
        v.constValue = valueNode ? this.constValue(valueNode) : undefined;
        // Constants are never allocated: keep them out of the graph's reports.
        v.loc.pos = undefined;
      });
    }
  }

  private varSpec(spec: Node): void {
    const typeNode = spec.childForFieldName('type');
    const values = spec.childForFieldName('value')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
    const vars = names.map((n, i) => this.declare(n, 'var', typeNode, values[i] ? () => this.typeOf(values[i]) : multiResultType(this, values[0], i), false));
    this.assignValues(
      vars.map((v) => ({ loc: v.loc, derefs: 0 })),
      values,
      vars.map((v) => (typeNode ? this.typeOfVar(v) : undefined)),
    );
    for (const v of vars) {
      this.insert(v);
      if (values.length === vars.length) this.noteFuncLit(v, values[vars.indexOf(v)]);
      for (const r of this.opts.rules) if (r.hooks.forceVariable?.(this, v.loc, this.typeOfVar(v))) break;
    }
  }

  private shortVarDecl(node: Node): void {
    const left = node.childForFieldName('left')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const right = node.childForFieldName('right')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const holes: Hole[] = [];
    const fresh: VarInfo[] = [];
    for (let i = 0; i < left.length; i++) {
      const l = left[i];
      const existing = this.scope.vars.get(l.text);
      if (existing && l.text !== '_') {
        existing.assigns.push(node.startIndex);
        holes.push({ loc: existing.loc, derefs: 0 });
        continue;
      }
      const v = this.declare(l, 'var', undefined, right.length === left.length ? () => this.typeOf(right[i]) : multiResultType(this, right[0], i), false);
      fresh.push(v);
      holes.push(l.text === '_' ? DISCARD : { loc: v.loc, derefs: 0 });
    }
    this.assignValues(holes, right, []);
    for (const v of fresh) {
      this.insert(v);
      if (right.length === left.length) this.noteFuncLit(v, right[left.indexOf(v.ident)]);
      for (const r of this.opts.rules) if (r.hooks.forceVariable?.(this, v.loc, this.typeOfVar(v))) break;
    }
  }

  private noteFuncLit(v: VarInfo, value: Node | undefined): void {
    if (value?.type === 'func_literal') v.funcLit = this.closures.find((c) => c.node.id === value.id);
  }

  private assignment(node: Node): void {
    const op = node.childForFieldName('operator')?.text ?? '=';
    const left = node.childForFieldName('left')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const right = node.childForFieldName('right')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    if (op !== '=') {
      for (const l of left) this.noteAssign(l, node);
      for (const r of right) this.expr(DISCARD, r);
      return;
    }
    if (left.length === 1 && right.length === 1 && isSelfAssign(left[0], right[0])) {
      // The compiler ignores `b.buf = b.buf[n:]` and `v.x = v.y`: they store nothing new.
      this.noteAssign(left[0], node);
      return;
    }
    const holes = left.map((l) => this.assignHole(l, node));
    const types = left.map((l) => (l.type === 'identifier' && l.text === '_' ? undefined : this.typeOf(l)));
    this.assignValues(holes, right, types);
  }

  /** Evaluates right-hand sides into holes, pairwise or from one multi-value expression. */
  assignValues(holes: Hole[], right: Node[], destTypes: (GoType | undefined)[]): void {
    if (right.length === holes.length) {
      right.forEach((r, i) => this.exprTo(holes[i], r, destTypes[i]));
      return;
    }
    if (right.length === 1) {
      const r = unparen(right[0]);
      if (r.type === 'call_expression') {
        this.call(holes, r);
        return;
      }
      if (r.type === 'index_expression') {
        // v, ok := m[k]: map values live on the heap already.
        this.expr(DISCARD, r);
        return;
      }
      if (r.type === 'type_assertion_expression') {
        this.expr(holes[0] ?? DISCARD, r);
        return;
      }
      this.expr(holes[0] ?? DISCARD, r);
      return;
    }
    for (const r of right) this.expr(DISCARD, r);
  }

  /** Records a reassignment of a local variable (for closure capture by reference). */
  noteAssign(lhs: Node, at: Node): void {
    const l = unparen(lhs);
    if (l.type === 'identifier') {
      const v = this.lookup(l.text);
      if (v) v.assigns.push(at.startIndex);
    }
  }

  /** The destination of an assignment to `lhs`. */
  assignHole(lhs: Node, at: Node): Hole {
    const l = unparen(lhs);
    if (l.type === 'identifier') {
      if (l.text === '_') return DISCARD;
      const v = this.lookup(l.text);
      if (v) {
        v.assigns.push(at.startIndex);
        return { loc: v.loc, derefs: 0 };
      }
    }
    for (const r of this.opts.rules) {
      const h = r.hooks.assignTarget?.(this, l);
      if (h) return h;
    }
    // Stores into a local's field or array element go into that local.
    if (l.type === 'selector_expression' || l.type === 'index_expression') {
      const base = l.childForFieldName('operand');
      if (l.type === 'index_expression') {
        const idx = l.childForFieldName('index');
        if (idx) this.expr(DISCARD, idx);
      }
      if (base) return this.assignHole(base, at);
    }
    return DISCARD;
  }

  // ---- Expressions --------------------------------------------------------------------------

  /** Evaluates `n` into `k`, converting to `dest` first when it is an interface type. */
  exprTo(k: Hole, n: Node, dest: GoType | undefined): void {
    if (dest) for (const r of this.opts.rules) if (r.hooks.convert?.(this, k, n, dest)) return;
    this.expr(k, n);
  }

  expr(k: Hole, n: Node): void {
    // Values without pointers carry no addresses: the compiler discards their flows.
    if (k.loc && k.derefs >= 0 && (n.type === 'selector_expression' || n.type === 'index_expression' || n.type === 'identifier')) {
      const t = this.typeOf(n);
      if (t.k !== 'unknown' && t.k !== 'typeparam' && !hasPointers(this, t)) {
        // Still evaluated: a use inside a closure is a capture even when nothing flows.
        this.expr(DISCARD, n);
        return;
      }
    }
    switch (n.type) {
      case 'identifier': {
        const v = this.lookup(n.text);
        if (v && !v.isConst) flow(k, v.loc);
        return;
      }
      case 'parenthesized_expression':
        for (const c of n.namedChildren) if (c) this.expr(k, c);
        return;
      case 'unary_expression':
        this.unary(k, n);
        return;
      case 'binary_expression': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text;
        if (op === '+' && k.loc && this.isString(n) && !this.isConstant(n)) this.spill(k, this.subjectOf(n), n, 'other');
        if (l) this.expr(DISCARD, l);
        if (r) this.expr(DISCARD, r);
        return;
      }
      case 'selector_expression':
        this.selector(k, n);
        return;
      case 'index_expression': {
        const operand = n.childForFieldName('operand');
        const index = n.childForFieldName('index');
        if (index) this.expr(DISCARD, index);
        if (!operand) return;
        const t = this.model.underlying(this.typeOf(operand));
        if (t.k === 'array') this.expr(k, operand);
        else if (t.k === 'map' || (t.k === 'basic' && t.name === 'string')) this.expr(DISCARD, operand);
        else this.expr(deref(k), operand);
        return;
      }
      case 'slice_expression': {
        const operand = n.childForFieldName('operand');
        for (const f of ['start', 'end', 'capacity']) {
          const c = n.childForFieldName(f);
          if (c) this.expr(DISCARD, c);
        }
        if (!operand) return;
        const t = this.model.underlying(this.typeOf(operand));
        if (t.k === 'array') this.addressOf(k, operand);
        else this.expr(k, operand);
        return;
      }
      case 'call_expression':
        this.call([k], n);
        return;
      case 'composite_literal':
        this.composite(k, n, undefined);
        return;
      case 'func_literal':
        this.funcLiteral(k, n, false);
        return;
      case 'type_assertion_expression': {
        const operand = n.childForFieldName('operand');
        if (!operand) return;
        const t = this.model.underlying(this.model.parseType(n.childForFieldName('type'), this.typeParams));
        const direct = t.k === 'iface' || isPointerShaped(t) || t.k === 'unknown' || t.k === 'typeparam';
        this.expr(direct ? k : deref(k), operand);
        return;
      }
      case 'type_conversion_expression': {
        const operand = n.childForFieldName('operand');
        if (operand) this.conversion(k, n, this.model.parseType(n.childForFieldName('type'), this.typeParams), operand);
        return;
      }
      default:
        // Literals and anything unrecognised carry no addresses.
        return;
    }
  }

  private isString(n: Node): boolean {
    const t = this.model.underlying(this.typeOf(n));
    return t.k === 'basic' && t.name === 'string';
  }

  private unary(k: Hole, n: Node): void {
    const op = n.childForFieldName('operator')?.text;
    const operand = n.childForFieldName('operand');
    if (!operand) return;
    switch (op) {
      case '&': {
        const o = unparen(operand);
        if (o.type === 'composite_literal') {
          const inner = this.spill(k, `&${compositeSubject(o)}`, n, 'composite', { type: this.model.parseType(o.childForFieldName('type'), this.typeParams) });
          this.composite(inner, o, undefined, true);
          return;
        }
        this.addressOf(k, operand);
        return;
      }
      case '*':
        this.expr(deref(k), operand);
        return;
      case '<-':
        this.expr(DISCARD, operand);
        return;
      default:
        this.expr(DISCARD, operand);
    }
  }

  /** Evaluates `&x` for an addressable expression. */
  addressOf(k: Hole, operand: Node): void {
    const o = unparen(operand);
    if (o.type === 'identifier') {
      const v = this.lookup(o.text);
      if (v) {
        v.addrTaken = true;
        flow(addr(k), v.loc);
      }
      return;
    }
    this.expr(addr(k), o);
  }

  private selector(k: Hole, n: Node): void {
    const operand = n.childForFieldName('operand');
    const field = n.childForFieldName('field')?.text;
    if (!operand || !field) return;
    if (operand.type === 'identifier' && this.isPackageName(operand.text)) return;
    const t = this.typeOf(operand);
    const u = this.model.underlying(t);
    if (u.k === 'ptr') {
      const ft = this.model.field(u.elem, field);
      if (!ft) {
        const m = this.model.method(u.elem, field);
        if (m) {
          this.methodValue(k, n, operand, m.pointerReceiver, true);
          return;
        }
      }
      this.expr(deref(k), operand);
      return;
    }
    if (u.k === 'iface') {
      // A method value of an interface: the interface itself is captured.
      if (k.loc) {
        const h = this.spill(k, this.subjectOf(n), n, 'other');
        this.expr(h, operand);
      } else this.expr(DISCARD, operand);
      return;
    }
    const ft = this.model.field(t, field);
    if (!ft) {
      const m = this.model.method(t, field);
      if (m) {
        this.methodValue(k, n, operand, m.pointerReceiver, false);
        return;
      }
    }
    if (u.k === 'struct' || ft) this.expr(k, operand);
    else this.expr(deref(k), operand);
  }

  private methodValue(k: Hole, n: Node, operand: Node, ptrRecv: boolean, operandIsPtr: boolean): void {
    if (!k.loc) {
      this.expr(DISCARD, operand);
      return;
    }
    const h = this.spill(k, this.subjectOf(n), n, 'closure');
    if (ptrRecv && !operandIsPtr) this.addressOf(h, operand);
    else if (!ptrRecv && operandIsPtr) this.expr(deref(h), operand);
    else this.expr(h, operand);
  }

  /** A composite literal's elements flow into `k` (a struct or array value) or a new allocation. */
  composite(k: Hole, n: Node, typeHint: GoType | undefined, isAddressed = false): void {
    const typeNode = n.childForFieldName('type');
    const t = typeNode ? this.model.parseType(typeNode, this.typeParams) : (typeHint ?? UNKNOWN);
    const u = this.model.underlying(t);
    const body = n.type === 'literal_value' ? n : n.childForFieldName('body');
    if (!body) return;
    let elemHole = k;
    let keyHole: Hole = DISCARD;
    let elemType: GoType | undefined;
    if (!isAddressed && (u.k === 'slice' || u.k === 'map')) {
      const contents = this.spill(k, compositeSubject(n), n, 'composite', { type: t });
      elemHole = u.k === 'map' ? this.heapHole(RuleId.HeapStore) : contents;
      keyHole = u.k === 'map' ? this.heapHole(RuleId.HeapStore) : DISCARD;
    } else if (isAddressed && u.k === 'map') {
      elemHole = this.heapHole(RuleId.HeapStore);
      keyHole = elemHole;
    }
    if (u.k === 'slice' || u.k === 'array') elemType = u.elem;
    else if (u.k === 'map') elemType = u.elem;
    for (const el of body.namedChildren) {
      if (!el) continue;
      if (el.type === 'keyed_element') {
        const key = el.childForFieldName('key');
        const value = el.childForFieldName('value');
        const fieldName = key?.namedChildren[0]?.type === 'identifier' ? key.namedChildren[0].text : undefined;
        const ft = u.k === 'struct' && fieldName ? u.fields.get(fieldName) : elemType;
        if (key && u.k === 'map') this.element(keyHole, key, u.key);
        if (value) this.element(elemHole, value, ft);
      } else if (el.type === 'literal_element') {
        let ft = elemType;
        if (u.k === 'struct') {
          const idx = body.namedChildren.indexOf(el);
          ft = [...u.fields.values()][idx];
        }
        this.element(elemHole, el, ft);
      }
    }
  }

  private element(k: Hole, el: Node, type: GoType | undefined): void {
    const inner = el.type === 'literal_element' ? el.namedChildren[0] : el;
    if (!inner) return;
    if (inner.type === 'literal_value') {
      // An elided type: `{...}` inside a slice of structs, or `&T` elided as `{...}` for pointer elements.
      if (type && this.model.underlying(type).k === 'ptr') {
        const pt = (this.model.underlying(type) as { elem: GoType }).elem;
        const h = this.spill(k, `&${typeText(pt)}{...}`, inner, 'composite', { type: pt });
        this.composite(h, inner, pt, true);
      } else this.composite(k, inner, type);
      return;
    }
    this.exprTo(k, inner, type);
  }

  funcLiteral(k: Hole, n: Node, calledDirectly: boolean): ClosureInfo {
    const loc = this.newLoc('alloc', 'func literal', n);
    loc.subject = 'func literal';
    const fn: FnScope = { node: n, parent: this.fn, calledDirectly };
    const info: ClosureInfo = { node: n, loc, fn, params: [], results: [], captures: new Set() };
    this.closures.push(info);
    this.closureOf.set(fn, info);
    this.allocs.push({ loc, node: n, kind: 'closure' });
    if (k.loc) flow(addr(k), loc);
    const savedFn = this.fn;
    const savedDepth = this.loopDepth;
    this.fn = fn;
    this.loopDepth = 1;
    this.push();
    const before = this.params.length;
    const params = n.childForFieldName('parameters');
    if (params) this.declareParams(params, 0);
    info.params = this.params.slice(before);
    info.results = this.declareResults(n);
    this.results.set(fn, info.results);
    const body = n.childForFieldName('body');
    if (body) this.block(body);
    this.pop();
    this.fn = savedFn;
    this.loopDepth = savedDepth;
    return info;
  }

  /** Adds capture edges once all assignments are known: by reference when reassigned later, address-taken or large. */
  private finishClosures(): void {
    for (const c of this.closures) {
      if (c.captures.size === 0) {
        // A closure without captured variables is a static function: nothing is allocated.
        c.loc.subject = undefined;
        continue;
      }
      for (const v of c.captures) {
        const size = sizeOf(this.typeOfVar(v), this.model.underlying);
        const byRef = v.addrTaken || v.assigns.some((at) => at > c.node.startIndex) || (size !== undefined && size > MAX_BYVAL_CAPTURE);
        flow({ loc: c.loc, derefs: byRef ? -1 : 0, tag: RuleId.ClosureCapture }, v.loc);
      }
    }
  }

  private conversion(k: Hole, n: Node, to: GoType, operand: Node): void {
    for (const r of this.opts.rules) if (r.hooks.convert?.(this, k, operand, to)) return;
    const u = this.model.underlying(to);
    const from = this.model.underlying(this.typeOf(operand));
    if (u.k === 'basic' && u.name === 'string' && from.k === 'slice') {
      this.spill(k, this.subjectOf(n), n, 'convert');
      this.expr(DISCARD, operand);
      return;
    }
    if (u.k === 'slice' && from.k === 'basic' && from.name === 'string') {
      this.spill(k, this.subjectOf(n), n, 'convert', { type: u });
      this.expr(DISCARD, operand);
      return;
    }
    if (u.k === 'basic' && u.name === 'string' && from.k === 'unknown') {
      // string(x) of something unknown: a copy for bytes and runes, the same data for a string.
      this.expr(DISCARD, operand);
      return;
    }
    if (u.k === 'basic' && u.name === 'unsafe.Pointer') {
      this.unsafeArithmetic(k, operand);
      return;
    }
    if (u.k === 'basic' && u.name === 'uintptr') {
      this.expr(DISCARD, operand);
      return;
    }
    this.expr(k, operand);
  }

  /** `unsafe.Pointer(uintptr(p) + off)` keeps pointing into p's object, as the compiler assumes. */
  private unsafeArithmetic(k: Hole, n: Node): void {
    const x = unparen(n);
    if (x.type === 'binary_expression') {
      const l = x.childForFieldName('left');
      const r = x.childForFieldName('right');
      if (l) this.unsafeArithmetic(k, l);
      if (r) this.expr(DISCARD, r);
      return;
    }
    if (x.type === 'call_expression') {
      const f = x.childForFieldName('function');
      const args = x.childForFieldName('arguments')?.namedChildren ?? [];
      if (f && unparen(f).text === 'uintptr' && args.length === 1 && args[0]) {
        this.expr(k, args[0]);
        return;
      }
    }
    this.expr(k, x);
  }

  // ---- Calls --------------------------------------------------------------------------------

  /** Evaluates a call whose results flow into `ks` (one hole per result). */
  call(ks: Hole[], n: Node): void {
    const fnNode = n.childForFieldName('function');
    const argList = n.childForFieldName('arguments');
    const args = argList?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (!fnNode) return;
    const f = unparen(fnNode);

    if (f.type === 'identifier' && BUILTINS.has(f.text) && !this.peek(f.text) && !this.model.funcs.has(f.text)) {
      this.builtin(ks, n, f.text, args);
      return;
    }
    // Conversions: T(x) where T is a type.
    const convType = this.conversionType(fnNode);
    if (convType && args.length === 1) {
      this.conversion(ks[0] ?? DISCARD, n, convType, args[0]);
      return;
    }
    if (f.type === 'func_literal') {
      const info = this.funcLiteral(DISCARD, f, true);
      this.closureCall(ks, info, args);
      return;
    }
    if (f.type === 'identifier') {
      const v = this.lookup(f.text);
      if (v) {
        if (v.funcLit && !v.assigns.length) {
          this.closureCall(ks, v.funcLit, args);
          return;
        }
        this.dynamicCall(ks, n, args, v.loc);
        return;
      }
      const decl = this.model.funcs.get(f.text)?.node;
      const facts = this.opts.summaryOf(f.text);
      this.staticCall(ks, n, { key: f.text, facts: facts ?? (decl ? { params: new Map() } : undefined), dynamic: false }, decl ?? undefined, undefined, args);
      return;
    }
    if (f.type === 'selector_expression') {
      const operand = f.childForFieldName('operand');
      const name = f.childForFieldName('field')?.text ?? '';
      if (!operand) return;
      if (operand.type === 'identifier' && this.isPackageName(operand.text)) {
        if (operand.text === 'unsafe') {
          this.unsafeCall(ks, name, args);
          return;
        }
        const path = this.model.imports.get(operand.text)!;
        const key = `${path}.${name}`;
        this.staticCall(ks, n, { key, facts: this.opts.summaryOf(key), dynamic: false, pkgName: packageName(path) }, undefined, undefined, args);
        return;
      }
      const t = this.typeOf(operand);
      const u = this.model.underlying(t);
      if (u.k === 'iface') {
        // An interface method call: the callee is unknown, so arguments and receiver escape.
        this.staticCall(ks, n, { dynamic: true }, undefined, { node: operand, hole: 'value' }, args);
        return;
      }
      const base = u.k === 'ptr' ? u.elem : t;
      if (!this.model.field(base, name)) {
        const m = this.model.method(base, name);
        if (m) {
          const facts = m.key ? this.opts.summaryOf(m.key) : undefined;
          const recvMode = m.pointerReceiver ? (u.k === 'ptr' ? 'value' : 'address') : u.k === 'ptr' ? 'deref' : 'value';
          const pkgName = base.k === 'named' && base.pkg ? packageName(base.pkg) : undefined;
          this.staticCall(ks, n, { key: m.key, facts: facts ?? (m.decl ? { params: new Map() } : undefined), dynamic: false, pkgName }, m.decl, { node: operand, hole: recvMode }, args);
          return;
        }
      }
      const ft = this.model.field(base, name);
      if (ft && this.model.underlying(ft).k === 'func') {
        this.expr(DISCARD, f);
        this.dynamicCall(ks, n, args, undefined);
        return;
      }
      // Unknown method: evaluate for nested flows only.
      this.expr(DISCARD, operand);
      for (const a of args) this.expr(DISCARD, a);
      return;
    }
    if (f.type === 'index_expression' || f.type === 'generic_type') {
      // A generic function instantiation `f[T](x)`.
      const operand = f.childForFieldName('operand') ?? f.childForFieldName('type');
      if (operand?.type === 'identifier' && this.model.funcs.has(operand.text) && !this.peek(operand.text)) {
        this.staticCall(ks, n, { key: operand.text, facts: this.opts.summaryOf(operand.text) ?? { params: new Map() }, dynamic: false }, this.model.funcs.get(operand.text)?.node, undefined, args);
        return;
      }
    }
    this.expr(DISCARD, fnNode);
    this.dynamicCall(ks, n, args, undefined);
  }

  /** A call through a function value the analyzer cannot resolve: arguments reach the heap. */
  private dynamicCall(ks: Hole[], n: Node, args: Node[], _fnLoc: Loc | undefined): void {
    void ks;
    this.staticCall([], n, { dynamic: true }, undefined, undefined, args);
  }

  private closureCall(ks: Hole[], info: ClosureInfo, args: Node[]): void {
    args.forEach((a, i) => {
      const p = info.params[i];
      const arg = a.type === 'variadic_argument' ? a.namedChildren[0] : a;
      if (arg) this.expr(p ? { loc: p, derefs: 0 } : DISCARD, arg);
    });
    info.results.forEach((r, i) => {
      const k = ks[i];
      if (k?.loc) flow(k, r);
    });
  }

  private conversionType(fnNode: Node): GoType | undefined {
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

  /**
   * A call to a known (or unknown but static) callee. `recv` is the receiver expression and how
   * it is passed: as is, by address (pointer method on a value), or dereferenced.
   */
  private staticCall(ks: Hole[], n: Node, callee: CalleeInfo, decl: Node | undefined, recv: { node: Node; hole: 'value' | 'address' | 'deref' } | undefined, args: Node[]): void {
    const holesFor = (index: number): Hole => {
      const hs: Hole[] = [];
      for (const r of this.opts.rules) {
        const h = r.hooks.argumentHoles?.(this, callee, index, ks);
        if (h) {
          hs.push(...h);
          break;
        }
      }
      return this.tee(hs);
    };
    if (recv) {
      const k = holesFor(-1);
      if (recv.hole === 'address') this.addressOf(k, recv.node);
      else if (recv.hole === 'deref') this.expr(deref(k), recv.node);
      else this.expr(k, recv.node);
    }
    this.inlinedMoves(ks, n, callee);
    const sig = decl ? this.signature(decl) : callee.facts?.paramKinds ? { kinds: callee.facts.paramKinds.map(kindType), variadic: !!callee.facts.variadic } : undefined;
    const spread = args.length > 0 && args[args.length - 1].type === 'variadic_argument';
    const nFixed = sig ? (sig.variadic ? sig.kinds.length - 1 : sig.kinds.length) : args.length;
    for (let i = 0; i < args.length; i++) {
      let a = args[i];
      if (a.type === 'variadic_argument') a = a.namedChildren[0] ?? a;
      if (sig?.variadic && i >= nFixed && !spread) {
        // Extra arguments are packed into an implicit slice: the `... argument`.
        const k = holesFor(nFixed);
        const argListNode = n.childForFieldName('arguments') ?? n;
        const contents = this.spill(k, '... argument', argListNode, 'other');
        for (let j = i; j < args.length; j++) this.exprTo(contents, args[j], sig.kinds[nFixed]);
        return;
      }
      const k = holesFor(i);
      const dest = sig ? (sig.variadic && i >= nFixed ? { k: 'slice' as const, elem: sig.kinds[nFixed] } : sig.kinds[i]) : undefined;
      this.exprTo(k, a, dest);
    }
  }

  /**
   * An inlined call copies the callee's variables into this function: those the callee moves to
   * the heap are moved here too, at the call, when the reason survives inlining (the heap, or a
   * result that escapes here as well).
   */
  private inlinedMoves(ks: Hole[], n: Node, callee: CalleeInfo): void {
    const facts = callee.facts;
    if (this.opts.inlining === false || !facts?.inlinable) return;
    const prefix = callee.pkgName ? `${callee.pkgName}.` : '';
    for (const al of facts.allocs ?? []) {
      // `&errorString{...}` of package errors prints as `&errors.errorString{...}` in the caller.
      const subject = prefix ? al.subject.replace(/^(&?(?:\[\])?\*?)([A-Za-z_]\w*)(?=[[{])/, (_m, lead: string, name: string) => (PREDECLARED_TYPE.test(name) ? `${lead}${name}` : `${lead}${prefix}${name}`)) : al.subject;
      const loc = this.newLoc('alloc', subject, allocPos(n).node);
      loc.subject = subject;
      if (al.always) flow({ loc: this.heap, derefs: -1, tag: al.rule ?? RuleId.LeakingCall }, loc);
      for (const r of al.results) {
        const k = ks[r];
        if (k?.loc) flow({ ...shift(k, -1), tag: al.rule ?? RuleId.ReturnedAddress }, loc);
      }
    }
    for (const m of facts.moved ?? []) {
      const loc = this.newLoc('var', prefix + m.name, allocPos(n).node);
      if (m.always) flow({ loc: this.heap, derefs: -1, tag: m.rule ?? RuleId.LeakingCall }, loc);
      for (const r of m.results) {
        const k = ks[r];
        if (k?.loc) flow({ ...shift(k, -1), tag: m.rule ?? RuleId.ReturnedAddress }, loc);
      }
    }
  }

  /** Parameter types of a declaration in this file (receiver excluded). */
  private signature(decl: Node): { kinds: GoType[]; variadic: boolean } {
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

  private unsafeCall(ks: Hole[], name: string, args: Node[]): void {
    const k = ks[0] ?? DISCARD;
    switch (name) {
      case 'Slice':
      case 'String':
      case 'StringData':
      case 'SliceData':
      case 'Add':
        if (args[0]) this.expr(k, args[0]);
        for (const a of args.slice(1)) this.expr(DISCARD, a);
        return;
      default:
        for (const a of args) this.expr(DISCARD, a);
    }
  }

  private builtin(ks: Hole[], n: Node, name: string, args: Node[]): void {
    const k = ks[0] ?? DISCARD;
    const spread = args.length > 0 && args[args.length - 1].type === 'variadic_argument';
    const arg = (a: Node): Node => (a.type === 'variadic_argument' ? (a.namedChildren[0] ?? a) : a);
    switch (name) {
      case 'append': {
        if (args.length === 0) return;
        const st = this.model.underlying(this.typeOf(args[0]));
        const elem = st.k === 'slice' ? st.elem : UNKNOWN;
        const elemHasPointers = hasPointers(this, elem);
        // A grown backing array is a new allocation that flows to the result: `append escapes to heap`.
        // The compiler does not hold a loop's appends to an outer slice against the loop.
        this.spill(k, 'append', n, 'other', { loopDepth: 0 });
        const appendee = elemHasPointers ? this.tee([k, shift(this.heapHole(RuleId.HeapStore), 1)]) : k;
        this.expr(appendee, args[0]);
        if (spread) {
          const a = arg(args[args.length - 1]);
          const at = this.model.underlying(this.typeOf(a));
          this.expr(at.k === 'basic' || !elemHasPointers ? DISCARD : shift(this.heapHole(RuleId.HeapStore), 1), a);
        } else {
          for (const a of args.slice(1)) this.exprTo(this.heapHole(RuleId.HeapStore), a, elem);
        }
        return;
      }
      case 'copy': {
        if (args[1]) this.expr(shift(this.heapHole(RuleId.HeapStore), 1), args[1]);
        if (args[0]) this.expr(DISCARD, args[0]);
        return;
      }
      case 'make': {
        const t = this.model.parseType(args[0], this.typeParams);
        const sizes = args.slice(1);
        for (const s of sizes) this.expr(DISCARD, s);
        // Channels are always made by the runtime on the heap; the compiler reports nothing for them.
        const isChan = this.model.underlying(t).k === 'chan';
        this.spill(k, isChan ? undefined : this.subjectOf(n), n, 'make', { type: t, sizeArgs: sizes });
        return;
      }
      case 'new': {
        const t = this.model.parseType(args[0], this.typeParams);
        this.spill(k, this.subjectOf(n), n, 'new', { type: t });
        return;
      }
      case 'panic':
        if (args[0]) this.exprTo(this.heapHole(RuleId.HeapStore), args[0], { k: 'iface' });
        return;
      case 'min':
      case 'max':
        for (const a of args) this.expr(k, a);
        return;
      default:
        for (const a of args) this.expr(DISCARD, arg(a));
    }
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

  private computeType(n: Node): GoType {
    switch (n.type) {
      case 'identifier': {
        if (n.text === 'true' || n.text === 'false') return BOOL;
        const v = this.peek(n.text);
        if (v) return this.typeOfVar(v);
        const g = this.model.globals.get(n.text);
        if (g) return g.type ? this.model.parseType(g.type) : g.value ? this.typeOf(g.value) : UNKNOWN;
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
  private constantBool(n: Node): string {
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
  private hasUnfoldableConstant(n: Node, depth = 0): boolean {
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
function isSelfAssign(dst: Node, src: Node): boolean {
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

function packageName(importPath: string): string {
  const last = importPath.slice(importPath.lastIndexOf('/') + 1);
  return /^v\d+$/.test(last) && importPath.includes('/') ? importPath.split('/').slice(-2, -1)[0] : last;
}

/** Predeclared type names, which the compiler never qualifies with a package. */
const PREDECLARED_TYPE = /^(?:bool|byte|rune|string|error|any|u?int(?:8|16|32|64)?|uintptr|float(?:32|64)|complex(?:64|128)|map|chan|func|struct|interface)$/;

const BUILTIN_VALUES = new Set(['nil', 'true', 'false', 'iota']);

const RENDERED_CALLS = new Set(['make', 'new', 'append', 'len', 'cap', 'string', 'min', 'max']);

/** Whether an expression contains a call whose rendering the syntax cannot tell. */
function containsCall(n: Node, depth = 0): boolean {
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

function isLiteral(n: Node): boolean {
  return n.type === 'int_literal' || n.type === 'float_literal' || n.type === 'rune_literal' || n.type === 'imaginary_literal';
}

function multiResultType(a: Analyzer, value: Node | undefined, i: number): (() => GoType) | undefined {
  if (!value) return undefined;
  return () => {
    const v = unparen(value);
    if (v.type === 'call_expression') return a.callResultTypes(v)[i] ?? UNKNOWN;
    if (i === 1) return BOOL;
    if (v.type === 'index_expression' || v.type === 'type_assertion_expression' || v.type === 'unary_expression') return a.typeOf(v);
    return UNKNOWN;
  };
}

export function hasPointers(a: Analyzer, t: GoType, depth = 0): boolean {
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

function compositeSubject(n: Node): string {
  const t = n.childForFieldName('type');
  const body = n.childForFieldName('body');
  return `${t ? typeTextOf(t) : ''}${body && body.namedChildCount === 0 ? '{}' : '{...}'}`;
}

function typeTextOf(t: Node): string {
  return normalizeTypeText(t.text);
}

/** Types as the compiler prints them: `struct {}`, `interface {}`, single spaces. */
export function normalizeTypeText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\b(struct|interface) ?\{/g, '$1 {').replace(/\{ \}/g, '{}');
}

function typeText(t: GoType): string {
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

function kindType(kind: string): GoType {
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
