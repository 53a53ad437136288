// Builds the flow graph of one function declaration (and the closures inside it) from its
// syntax, the way the compiler's escape analysis walks its IR: every expression is evaluated
// into a "hole" (a destination plus a dereference count). Rules supply the sinks; the solver
// in graph.ts decides what escapes. Unknown constructs evaluate into nothing, so a guess is
// never made from code the analyzer does not understand.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { utf16ToByteColumn } from '../positions';
import { RuleId } from '../catalogue/ids';
import { CallAnalyzer } from './calls';
import { typeParamNames } from './fileModel';
import { DISCARD, FnScope, Hole, addr, deref, flow, solve } from './graph';
import { INLINABLE_SUBJECT, type AllocFact, type FunctionFacts, type MovedFact, type ParamFacts } from './knowledge';
import { AnalyzerOptions, ClosureInfo, VarInfo, compositeSubject, hasPointers, isSelfAssign, multiResultType, typeText, unparen } from './resolver';
import { BOOL, GoType, INT, UNKNOWN, isPointerShaped, sizeOf } from './types';

export { hasPointers, unparen } from './resolver';
export type { AnalyzerOptions, VarInfo } from './resolver';

/** Closure variables larger than this are captured by reference (cmd/compile: 128 bytes). */
const MAX_BYVAL_CAPTURE = 128;

export class Analyzer extends CallAnalyzer {
  constructor(opts: AnalyzerOptions) {
    super(opts);
  }

  protected asAnalyzer(): Analyzer {
    return this;
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
        // `x++` reads x too: `p.n++` in a closure captures p.
        const x = node.namedChildren[0];
        if (x) {
          this.expr(DISCARD, x);
          this.noteAssign(x, node);
        }
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

  /**
   * Records a reassignment of a local variable (for closure capture by reference). Like the
   * compiler, `u.ID++` or `a[i] += 1` reassigns `u` or `a` when they hold the struct or array
   * itself; through a pointer, slice or map nothing local is reassigned.
   */
  noteAssign(lhs: Node, at: Node): void {
    const l = unparen(lhs);
    if (l.type === 'identifier') {
      const v = this.lookup(l.text);
      if (v) v.assigns.push(at.startIndex);
      return;
    }
    if (l.type === 'selector_expression' || l.type === 'index_expression') {
      const base = l.childForFieldName('operand');
      if (!base) return;
      const k = this.model.underlying(this.typeOf(base)).k;
      if (l.type === 'selector_expression' ? k === 'struct' : k === 'array') this.noteAssign(base, at);
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

  protected conversion(k: Hole, n: Node, to: GoType, operand: Node): void {
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
}
