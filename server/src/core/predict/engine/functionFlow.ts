// The analysis of one function declaration (and the closures inside it): builds its flow graph
// from the syntax with the parts below, lets rules force allocations, solves the graph and reads
// off findings and the function's summary (what its parameters leak, what an inlined call of it
// moves or allocates). Each part owns one kind of syntax; they reach each other through the
// FlowParts interface (flowParts.ts) that this class implements.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import type { Finding } from '../../findings';
import { utf16ToByteColumn } from '../../positions';
import { typeParamNames } from '../../treesitter/declarations';
import type { FileModel } from '../declarations/fileModel';
import { INLINABLE_SUBJECT, type AllocFact, type FunctionFacts, type MovedFact, type ParamFacts } from '../facts/knowledge';
import type { GoType } from '../declarations/types';
import type { AllocationSite, MethodCall, PredictRule, RecvMode, RuleContext } from '../rules/rule';
import { Assignments } from './assignments';
import { Builtins } from './builtins';
import { Calls } from './calls';
import { Closures } from './closures';
import { Constants } from './constants';
import { Expressions } from './expressions';
import type { FlowOptions, FlowParts } from './flowParts';
import { FlowState } from './flowState';
import { FnScope, Hole, Loc, solve } from './graph';
import { PackageInit } from './packageInit';
import { Scopes } from './scopes';
import { Statements } from './statements';
import { Typer } from './typing';

export class FunctionFlow implements FlowParts {
  readonly model: FileModel;
  readonly rules: readonly PredictRule[];
  readonly state = new FlowState();
  readonly scopes: Scopes;
  readonly types: Typer;
  readonly consts: Constants;
  readonly exprs: Expressions;
  readonly stmts: Statements;
  readonly assigns: Assignments;
  readonly calls: Calls;
  readonly builtins: Builtins;
  readonly closures: Closures;
  /** What rules see of this analysis. */
  readonly ruleContext: RuleContext;

  constructor(readonly opts: FlowOptions) {
    this.model = opts.model;
    this.rules = opts.rules;
    this.scopes = new Scopes(this.state, this.model);
    this.types = new Typer(this);
    this.consts = new Constants(this);
    this.exprs = new Expressions(this);
    this.stmts = new Statements(this);
    this.assigns = new Assignments(this);
    this.calls = new Calls(this);
    this.builtins = new Builtins(this);
    this.closures = new Closures(this);
    this.ruleContext = new RuleView(this);
  }

  /** Analyses a function or method declaration; returns its findings and parameter summary. */
  analyze(decl: Node): { findings: Finding[]; summary: FunctionFacts } {
    const state = this.state;
    if (decl.type === 'var_declaration') {
      state.fn = { node: decl, calledDirectly: false };
      new PackageInit(this).declaration(decl);
      return this.solved();
    }
    this.types.typeParams = typeParamNames(decl);
    state.fn = { node: decl, calledDirectly: false };
    const recv = decl.type === 'method_declaration' ? decl.childForFieldName('receiver') : null;
    if (recv) this.declareParams(recv, -1);
    const params = decl.childForFieldName('parameters');
    if (params) this.declareParams(params, 0);
    state.results.set(state.fn, this.declareResults(decl));
    const body = decl.childForFieldName('body');
    if (body) this.stmts.block(body);
    else return { findings: [], summary: this.bodylessSummary(decl) };
    return this.solved();
  }

  private solved(): { findings: Finding[]; summary: FunctionFacts } {
    const state = this.state;
    this.closures.finish();
    for (const site of state.allocs) for (const r of this.rules) if (r.hooks.forceAllocation?.(this.ruleContext, site)) break;
    solve(state.locs, state.heap);
    return { findings: this.findings(), summary: this.summary() };
  }

  declareParams(list: Node, firstIndex: number): void {
    let index = firstIndex;
    for (const p of list.namedChildren) {
      if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
      const typeNode = p.childForFieldName('type');
      const names = p.childrenForFieldName('name');
      const variadic = p.type === 'variadic_parameter_declaration';
      if (names.length === 0) {
        this.state.countDeclarations();
        index++;
        continue;
      }
      for (const n of names) {
        if (!n) continue;
        this.state.countDeclarations();
        const v = this.scopes.declare(n, 'param', typeNode, undefined);
        if (variadic) v.cachedType = { k: 'slice', elem: this.types.parse(typeNode) };
        v.loc.paramIndex = index < 0 ? -1 : index;
        this.state.params.push(v.loc);
        if (index >= 0) index++;
      }
      if (index < 0) index = 0;
    }
  }

  declareResults(fnNode: Node): Loc[] {
    const res = fnNode.childForFieldName('result');
    const out: Loc[] = [];
    if (!res) return out;
    const list = res.type === 'parameter_list' ? res.namedChildren.filter((c): c is Node => !!c && c.type === 'parameter_declaration') : null;
    if (!list) {
      this.state.countDeclarations();
      const l = this.state.newLoc('result', '~r0');
      l.resultIndex = 0;
      l.reason = RuleId.ReturnedAddress;
      return [l];
    }
    for (const p of list) {
      const names = p.childrenForFieldName('name');
      if (names.length === 0) {
        this.state.countDeclarations();
        const l = this.state.newLoc('result', `~r${out.length}`);
        l.resultIndex = out.length;
        l.reason = RuleId.ReturnedAddress;
        out.push(l);
        continue;
      }
      for (const n of names) {
        if (!n) continue;
        this.state.countDeclarations();
        const v = this.scopes.declare(n, 'result', p.childForFieldName('type'), undefined);
        v.loc.resultIndex = out.length;
        v.loc.reason = RuleId.ReturnedAddress;
        out.push(v.loc);
      }
    }
    return out;
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
    for (const p of this.state.params) {
      if (p.paramIndex === undefined) continue;
      params.set(p.paramIndex, { heap: 0, results: [] });
    }
    // Unnamed parameters have no location: cover them by index from the signature.
    const count = this.types.signature(decl).kinds.length;
    for (let i = 0; i < count; i++) if (!params.has(i)) params.set(i, { heap: 0, results: [] });
    return { params };
  }

  private summary(): FunctionFacts {
    const state = this.state;
    const root = state.rootFn();
    const params = new Map<number, ParamFacts>();
    for (const p of state.params) {
      if (p.paramIndex === undefined || p.fn !== root) continue;
      if (p.leakHeap >= 0 || p.leakResults.some((x) => x >= 0)) params.set(p.paramIndex, { heap: p.leakHeap, results: p.leakResults.map((x) => x ?? -1) });
    }
    const moved: MovedFact[] = [];
    for (const l of state.locs) {
      if (!l.escapes || l.fn !== root || (l.kind !== 'var' && l.kind !== 'param' && l.kind !== 'result') || !l.pos || l.name === '_' || l.name.startsWith('~')) continue;
      moved.push({ name: l.name, always: l.escapeResult === undefined, results: l.escapeResult === undefined ? [] : [l.escapeResult], rule: l.reason, ...(l.inlined ? { viaInlining: true } : {}) });
    }
    const allocs: AllocFact[] = [];
    for (const l of state.locs) {
      if (!l.escapes || l.fn !== root || l.kind !== 'alloc' || !l.subject || !INLINABLE_SUBJECT.test(l.subject)) continue;
      // Inlined into a caller, a type parameter prints as the shape it is instantiated with.
      if (mentionsAny(l.subject, this.types.typeParams)) continue;
      allocs.push({ subject: l.subject, always: l.escapeResult === undefined, results: l.escapeResult === undefined ? [] : [l.escapeResult], rule: l.reason, ...(l.inlined ? { viaInlining: true } : {}) });
    }
    const out: FunctionFacts = { params };
    if (moved.length) out.moved = moved;
    if (allocs.length) out.allocs = allocs;
    return out;
  }

  private findings(): Finding[] {
    const out: Finding[] = [];
    const file = this.opts.file;
    for (const l of this.state.locs) {
      if (!l.escapes || !l.pos) continue;
      const p = this.compilerPosition(l.pos);
      if (l.kind === 'alloc') {
        if (!l.subject) continue;
        out.push({ file, line: p.line, column: p.column, message: `${l.subject} escapes to heap`, category: 'escapes', rule: l.reason ?? RuleId.Unexplained, origin: 'prediction' });
      } else if (l.kind === 'var' || l.kind === 'param' || l.kind === 'result') {
        if (l.name === '_' || l.name.startsWith('~')) continue;
        out.push({ file, line: p.line, column: p.column, message: `moved to heap: ${l.name}`, category: 'moved', rule: l.reason ?? RuleId.Unexplained, origin: 'prediction' });
        if (l.path) process.stderr.write(`${file}:${p.line}: moved to heap: ${l.name} via ${l.path.join(' <- ')}\n`);
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
}

/**
 * The narrow view of an analysis that rules get. A class, not an object of closures: per-analysis
 * closures would be remembered by the callers' inline caches, which an old-generation feedback
 * vector then keeps alive (with the analysis, its tree and its text) through young collections.
 */
class RuleView implements RuleContext {
  /** The file model's own function, which rules pass on to sizeOf. */
  readonly underlying: (t: GoType) => GoType;

  constructor(private readonly f: FunctionFlow) {
    this.underlying = f.model.underlying;
  }

  get fn(): FnScope {
    return this.f.state.fn;
  }
  get loopDepth(): number {
    return this.f.state.loopDepth;
  }
  get goMinor(): number | undefined {
    return this.f.opts.goMinor;
  }
  heapHole(tag: string): Hole {
    return this.f.state.heapHole(tag);
  }
  spill(k: Hole, subject: string | undefined, posNode: Node, kind: AllocationSite['kind']): Hole {
    return this.f.state.spill(k, subject, posNode, kind);
  }
  resultsOf(fn: FnScope): Loc[] {
    return this.f.state.resultsOf(fn);
  }
  expr(k: Hole, n: Node): void {
    this.f.exprs.expr(k, n);
  }
  exprTo(k: Hole, n: Node, dest: GoType | undefined): void {
    this.f.exprs.exprTo(k, n, dest);
  }
  call(ks: Hole[], n: Node): void {
    this.f.calls.call(ks, n);
  }
  funcLiteral(k: Hole, n: Node, calledDirectly: boolean): void {
    this.f.closures.funcLiteral(k, n, calledDirectly);
  }
  receiver(k: Hole, node: Node, mode: RecvMode): void {
    this.f.calls.receiver(k, node, mode);
  }
  typeOf(n: Node): GoType {
    return this.f.types.typeOf(n);
  }
  isInterface(t: GoType): boolean {
    return this.f.model.isInterface(t);
  }
  parseType(n: Node | null | undefined): GoType {
    return this.f.model.parseType(n);
  }
  isConstant(n: Node): boolean {
    return this.f.consts.isConstant(n);
  }
  constValue(n: Node): number | undefined {
    return this.f.consts.constValue(n);
  }
  subjectOf(n: Node): string | undefined {
    return this.f.consts.subjectOf(n);
  }
  isGlobal(name: string): boolean {
    return this.f.scopes.isGlobal(name);
  }
  isPackageName(name: string): boolean {
    return this.f.scopes.isPackageName(name);
  }
  isTopLevelFunc(name: string): boolean {
    return this.f.scopes.isTopLevelFunc(name);
  }
  methodCallOf(operand: Node, name: string): MethodCall {
    return this.f.calls.methodCallOf(operand, name);
  }
}

/** Whether a subject names one of the identifiers as a whole word. */
function mentionsAny(subject: string, names: ReadonlySet<string> | undefined): boolean {
  if (!names?.size) return false;
  for (const m of subject.matchAll(/[A-Za-z_]\w*/g)) if (names.has(m[0])) return true;
  return false;
}
