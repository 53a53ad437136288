// Statements: scopes, loops (which deepen the loop depth that outlives checks compare), switches
// and selects, and range-over-func loops whose bodies the compiler turns into closures. Rules own
// the statements that are a reason to escape (return, send, go, defer) and see them first.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import { BOOL, GoType, UNKNOWN, isPointerShaped } from '../declarations/types';
import type { FunctionFacts } from '../facts/knowledge';
import type { FlowParts, StatementsPart } from './flowParts';
import { DISCARD, Hole, deref, flow } from './graph';

export class Statements implements StatementsPart {
  constructor(private readonly f: FlowParts) {}

  block(node: Node): void {
    this.f.scopes.push();
    for (const c of node.namedChildren) if (c) this.stmt(c);
    this.f.scopes.pop();
  }

  stmt(node: Node): void {
    const f = this.f;
    if (node.type === 'go_statement' || node.type === 'defer_statement') this.countDeferredCall(node);
    for (const r of f.rules) if (r.hooks.statement?.(f.ruleContext, node)) return;
    switch (node.type) {
      case 'statement_list':
        for (const c of node.namedChildren) if (c) this.stmt(c);
        return;
      case 'block':
        this.block(node);
        return;
      case 'expression_statement':
        for (const c of node.namedChildren) if (c) f.exprs.expr(DISCARD, c);
        return;
      case 'short_var_declaration':
        f.assigns.shortVarDecl(node);
        return;
      case 'var_declaration':
        for (const spec of node.namedChildren) {
          if (spec?.type === 'var_spec') f.assigns.varSpec(spec);
          else if (spec?.type === 'var_spec_list') for (const s of spec.namedChildren) if (s?.type === 'var_spec') f.assigns.varSpec(s);
        }
        return;
      case 'const_declaration':
        this.constDecl(node);
        return;
      case 'assignment_statement':
        f.assigns.assignment(node);
        return;
      case 'inc_statement':
      case 'dec_statement': {
        // `x++` reads x too: `p.n++` in a closure captures p.
        const x = node.namedChildren[0];
        if (x) {
          f.exprs.expr(DISCARD, x);
          f.assigns.noteAssign(x, node);
        }
        return;
      }
      case 'if_statement': {
        f.scopes.push();
        this.optStmt(node.childForFieldName('initializer'));
        const cond = node.childForFieldName('condition');
        this.optExpr(cond);
        // The compiler drops branches that a constant condition makes dead before escape analysis.
        const constant = cond ? f.consts.constantBool(unparen(cond)) : '';
        if (constant !== 'false') this.optBlock(node.childForFieldName('consequence'));
        const alt = node.childForFieldName('alternative');
        if (alt && constant !== 'true') this.stmt(alt);
        f.scopes.pop();
        return;
      }
      case 'for_statement':
        this.forStmt(node);
        return;
      case 'expression_switch_statement':
        f.scopes.push();
        this.optStmt(node.childForFieldName('initializer'));
        this.optExpr(node.childForFieldName('value'));
        for (const c of node.namedChildren) {
          if (c?.type !== 'expression_case' && c?.type !== 'default_case') continue;
          f.scopes.push();
          for (const v of c.childForFieldName('value')?.namedChildren ?? []) if (v) f.exprs.expr(DISCARD, v);
          for (const s of c.namedChildren) if (s?.type === 'statement_list') this.stmt(s);
          f.scopes.pop();
        }
        f.scopes.pop();
        return;
      case 'type_switch_statement':
        this.typeSwitch(node);
        return;
      case 'select_statement':
        for (const c of node.namedChildren) {
          if (!c) continue;
          f.scopes.push();
          const comm = c.childForFieldName('communication');
          if (comm) this.stmt(comm);
          for (const s of c.namedChildren) if (s?.type === 'statement_list') this.stmt(s);
          f.scopes.pop();
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
        for (const c of node.namedChildren) if (c) f.exprs.expr(DISCARD, c);
        return;
      default:
        return;
    }
  }

  /** The compiler's reader wraps a go or defer call in a temporary, except a closure called without arguments. */
  private countDeferredCall(node: Node): void {
    const call = node.namedChildren.find((c) => c?.type === 'call_expression');
    const fn = call?.childForFieldName('function');
    const args = call?.childForFieldName('arguments')?.namedChildCount ?? 0;
    if (call && !(fn && unparen(fn).type === 'func_literal' && args === 0)) this.f.state.countDeclarations();
  }

  private optStmt(n: Node | null): void {
    if (n) this.stmt(n);
  }

  private optExpr(n: Node | null): void {
    if (n) this.f.exprs.expr(DISCARD, n);
  }

  private optBlock(n: Node | null): void {
    if (n) this.block(n);
  }

  private forStmt(node: Node): void {
    const { state, scopes, types, exprs, model } = this.f;
    scopes.push();
    const range = node.namedChildren.find((c) => c?.type === 'range_clause');
    const clause = node.namedChildren.find((c) => c?.type === 'for_clause');
    if (range) {
      const right = range.childForFieldName('right');
      const left = range.childForFieldName('left');
      const isDecl = range.children.some((c) => c?.type === ':=');
      const rt = right ? types.typeOf(right) : UNKNOWN;
      state.loopDepth++;
      const elemHole = (i: number): Hole => {
        const l = left?.namedChildren[i];
        if (!l) return DISCARD;
        if (isDecl) {
          if (l.text !== '_') state.countDeclarations();
          const v = scopes.declare(l, 'var', undefined, () => types.rangeType(rt, i));
          return { loc: v.loc, derefs: 0 };
        }
        return this.f.assigns.assignHole(l, node);
      };
      elemHole(0);
      const vHole = elemHole(1);
      if (right) {
        const u = model.underlying(rt);
        // Ranging copies elements out of the collection: slices and pointers to arrays dereference it.
        if (u.k === 'array') state.withDepth(state.loopDepth - 1, () => exprs.expr(vHole, right));
        else if (u.k === 'slice' || (u.k === 'ptr' && model.underlying(u.elem).k === 'array')) state.withDepth(state.loopDepth - 1, () => exprs.expr(deref(vHole), right));
        else state.withDepth(state.loopDepth - 1, () => exprs.expr(DISCARD, right));
      }
    } else if (clause) {
      state.loopDepth++;
      this.optStmt(clause.childForFieldName('initializer'));
      this.optExpr(clause.childForFieldName('condition'));
      this.optStmt(clause.childForFieldName('update'));
    } else {
      state.loopDepth++;
      for (const c of node.namedChildren) if (c && c.type !== 'block') exprs.expr(DISCARD, c);
    }
    const body = node.childForFieldName('body');
    this.optBlock(body);
    state.loopDepth--;
    scopes.pop();
    if (range && body && this.isRangeOverFunc(range)) this.rangeFuncCaptures(node, body);
  }

  /** `for x := range f` over an iterator function: the compiler turns the body into a closure. */
  private isRangeOverFunc(range: Node): boolean {
    const { model, scopes } = this.f;
    const right = range.childForFieldName('right');
    if (!right) return false;
    const t = this.f.types.typeOf(right);
    const u = model.underlying(t);
    if (!(u.k === 'func' || (t.k === 'named' && t.pkg === 'iter' && (t.name === 'Seq' || t.name === 'Seq2')))) return false;
    // An iterator returned by an inlinable function is inlined with the loop body: nothing escapes.
    const r = unparen(right);
    if (r.type === 'call_expression') {
      const fn = r.childForFieldName('function');
      let facts: FunctionFacts | undefined;
      if (fn?.type === 'identifier' && !scopes.peek(fn.text)) facts = this.f.opts.summaryOf(fn.text);
      else if (fn?.type === 'selector_expression') {
        const o = fn.childForFieldName('operand');
        if (o?.type === 'identifier' && scopes.isPackageName(o.text)) facts = this.f.opts.summaryOf(`${model.imports.get(o.text)}.${fn.childForFieldName('field')?.text}`);
      }
      if (!facts || facts.inlinable !== false) return false;
    }
    return true;
  }

  /**
   * The body closure of a range-over-func loop is passed to the iterator, which keeps it: variables
   * of the function that the body assigns are captured by reference and move to the heap.
   */
  private rangeFuncCaptures(loop: Node, body: Node): void {
    const state = this.f.state;
    // The body closure and the loop's state variable (`#state1`, numbered per function) escape.
    const st = state.newLoc('var', `#state${++state.rangeFuncLoops}`, loop);
    flow({ loc: state.heap, derefs: -1, tag: RuleId.ClosureCapture }, st);
    const closure = state.newLoc('alloc', 'func literal', loop);
    closure.subject = 'func literal';
    flow({ loc: state.heap, derefs: -1, tag: RuleId.ClosureCapture }, closure);
    for (const v of this.f.scopes.allVars) {
      if (v.fn !== state.fn || v.isConst || v.ident.startIndex >= body.startIndex) continue;
      if (v.assigns.some((at) => at >= body.startIndex && at < body.endIndex)) flow({ loc: state.heap, derefs: -1, tag: RuleId.ClosureCapture }, v.loc);
    }
  }

  private typeSwitch(node: Node): void {
    const { state, scopes, types, model } = this.f;
    scopes.push();
    this.optStmt(node.childForFieldName('initializer'));
    const value = node.childForFieldName('value');
    const alias = node.childForFieldName('alias')?.namedChildren[0];
    // The switched value is evaluated into a temporary that each clause's variable copies.
    const tmp = state.newLoc('temp', 'typeswitch');
    if (value) this.f.exprs.expr({ loc: tmp, derefs: 0 }, value);
    for (const c of node.namedChildren) {
      if (c?.type !== 'type_case' && c?.type !== 'default_case') continue;
      scopes.push();
      if (alias) {
        const caseTypes = c.childrenForFieldName('type').filter((t): t is Node => !!t && t.type !== ',');
        const single = caseTypes.length === 1 && caseTypes[0].text !== 'nil' ? types.parse(caseTypes[0]) : undefined;
        state.countDeclarations();
        const v = scopes.declare(alias, 'var', undefined, () => single ?? (value ? types.typeOf(value) : UNKNOWN));
        // The compiler reports a clause's variable at the clause.
        v.loc.pos = c;
        v.ident = c;
        const t = single && model.underlying(single);
        const direct = !t || t.k === 'iface' || isPointerShaped(t) || t.k === 'typeparam' || t.k === 'unknown';
        flow(direct ? { loc: v.loc, derefs: 0 } : { loc: v.loc, derefs: 1 }, tmp);
      }
      for (const s of c.namedChildren) if (s?.type === 'statement_list') this.stmt(s);
      scopes.pop();
    }
    scopes.pop();
  }

  private receiveStmt(node: Node): void {
    const right = node.childForFieldName('right');
    if (right) this.f.exprs.expr(DISCARD, right);
    const left = node.childForFieldName('left');
    if (!left) return;
    const isDecl = node.children.some((c) => c?.type === ':=');
    const chanType: GoType = right?.type === 'unary_expression' ? this.f.types.typeOf(right) : UNKNOWN;
    left.namedChildren.forEach((l, i) => {
      if (!l) return;
      if (isDecl) {
        if (l.text !== '_') this.f.state.countDeclarations();
        this.f.scopes.declare(l, 'var', undefined, () => (i === 0 ? chanType : BOOL));
      }
      else this.f.assigns.assignHole(l, node);
    });
  }

  private constDecl(node: Node): void {
    for (const spec of node.namedChildren) {
      if (spec?.type !== 'const_spec') continue;
      const values = spec.childForFieldName('value')?.namedChildren ?? [];
      spec.childrenForFieldName('name').forEach((n, i) => {
        if (!n) return;
        const valueNode = values[i];
        const v = this.f.scopes.declare(n, 'var', spec.childForFieldName('type'), valueNode ? () => this.f.types.typeOf(valueNode) : undefined);
        v.isConst = true;
        v.constValue = valueNode ? this.f.consts.constValue(valueNode) : undefined;
        // Constants are never allocated: keep them out of the graph's reports.
        v.loc.pos = undefined;
      });
    }
  }
}
