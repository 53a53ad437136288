// Declarations and assignments: where each assigned value flows (a local, or a destination a rule
// owns such as a global or memory behind a pointer), and which locals are reassigned, which
// decides whether closures capture them by reference.
import type { Node } from 'web-tree-sitter';
import { unparen } from '../../treesitter/nodes';
import type { GoType } from '../declarations/types';
import type { AssignmentsPart, FlowParts } from './flowParts';
import { DISCARD, Hole } from './graph';
import type { VarInfo } from './variables';

export class Assignments implements AssignmentsPart {
  constructor(private readonly f: FlowParts) {}

  varSpec(spec: Node): void {
    const { scopes, types } = this.f;
    const typeNode = spec.childForFieldName('type');
    const values = spec.childForFieldName('value')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
    const vars = names.map((n, i) => scopes.declare(n, 'var', typeNode, values[i] ? () => types.typeOf(values[i]) : types.multiResultType(values[0], i), false));
    this.countDeclarations(names, values);
    this.assignValues(
      vars.map((v) => ({ loc: v.loc, derefs: 0 })),
      values,
      vars.map((v) => (typeNode ? types.typeOfVar(v) : undefined)),
    );
    for (const v of vars) {
      scopes.insert(v);
      if (values.length === vars.length) {
        v.initValue = values[vars.indexOf(v)];
        this.noteFuncLit(v, v.initValue);
      }
      for (const r of this.f.rules) if (r.hooks.forceVariable?.(this.f.ruleContext, v.loc, types.typeOfVar(v))) break;
    }
  }

  shortVarDecl(node: Node): void {
    const { scopes, types } = this.f;
    const left = node.childForFieldName('left')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const right = node.childForFieldName('right')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const holes: Hole[] = [];
    const fresh: VarInfo[] = [];
    for (let i = 0; i < left.length; i++) {
      const l = left[i];
      const existing = scopes.innermost(l.text);
      if (existing && l.text !== '_') {
        existing.assigns.push(node.startIndex);
        holes.push({ loc: existing.loc, derefs: 0 });
        continue;
      }
      const v = scopes.declare(l, 'var', undefined, right.length === left.length ? () => types.typeOf(right[i]) : types.multiResultType(right[0], i), false);
      fresh.push(v);
      holes.push(l.text === '_' ? DISCARD : { loc: v.loc, derefs: 0 });
    }
    this.countDeclarations(fresh.map((v) => v.ident), right);
    this.assignValues(holes, right, []);
    for (const v of fresh) {
      scopes.insert(v);
      if (right.length === left.length) {
        v.initValue = right[left.indexOf(v.ident)];
        this.noteFuncLit(v, v.initValue);
      }
      for (const r of this.f.rules) if (r.hooks.forceVariable?.(this.f.ruleContext, v.loc, types.typeOfVar(v))) break;
    }
  }

  /**
   * Counts what a declaration adds to the compiler's declarations: each named variable, then one
   * temporary per variable when several take the values of one multi-valued expression.
   */
  private countDeclarations(names: Node[], right: Node[]): void {
    const state = this.f.state;
    state.countDeclarations(names.filter((n) => n.text !== '_').length);
    if (names.length < 2 || right.length !== 1) return;
    const r = unparen(right[0]);
    const multi = r.type === 'call_expression' || r.type === 'index_expression' || r.type === 'type_assertion_expression' || (r.type === 'unary_expression' && r.childForFieldName('operator')?.text === '<-');
    if (multi) state.countDeclarations(names.length);
  }

  private noteFuncLit(v: VarInfo, value: Node | undefined): void {
    if (value?.type === 'func_literal') v.funcLit = this.f.state.closures.find((c) => c.node.id === value.id);
  }

  assignment(node: Node): void {
    const op = node.childForFieldName('operator')?.text ?? '=';
    const left = node.childForFieldName('left')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const right = node.childForFieldName('right')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    if (op !== '=') {
      for (const l of left) this.noteAssign(l, node);
      for (const r of right) this.f.exprs.expr(DISCARD, r);
      return;
    }
    if (left.length === 1 && right.length === 1 && isSelfAssign(left[0], right[0])) {
      // The compiler ignores `b.buf = b.buf[n:]` and `v.x = v.y`: they store nothing new.
      this.noteAssign(left[0], node);
      return;
    }
    const holes = left.map((l) => this.assignHole(l, node));
    const types = left.map((l) => (l.type === 'identifier' && l.text === '_' ? undefined : this.f.types.typeOf(l)));
    this.assignValues(holes, right, types);
  }

  /** Evaluates right-hand sides into holes, pairwise or from one multi-value expression. */
  assignValues(holes: Hole[], right: Node[], destTypes: (GoType | undefined)[]): void {
    const exprs = this.f.exprs;
    if (right.length === holes.length) {
      right.forEach((r, i) => exprs.exprTo(holes[i], r, destTypes[i]));
      return;
    }
    if (right.length === 1) {
      const r = unparen(right[0]);
      if (r.type === 'call_expression') {
        this.f.calls.call(holes, r);
        return;
      }
      if (r.type === 'index_expression') {
        // v, ok := m[k]: map values live on the heap already.
        exprs.expr(DISCARD, r);
        return;
      }
      if (r.type === 'type_assertion_expression') {
        exprs.expr(holes[0] ?? DISCARD, r);
        return;
      }
      exprs.expr(holes[0] ?? DISCARD, r);
      return;
    }
    for (const r of right) exprs.expr(DISCARD, r);
  }

  /**
   * Records a reassignment of a local variable (for closure capture by reference). Like the
   * compiler, `u.ID++` or `a[i] += 1` reassigns `u` or `a` when they hold the struct or array
   * itself; through a pointer, slice or map nothing local is reassigned.
   */
  noteAssign(lhs: Node, at: Node): void {
    const l = unparen(lhs);
    if (l.type === 'identifier') {
      const v = this.f.scopes.lookup(l.text);
      if (v) v.assigns.push(at.startIndex);
      return;
    }
    if (l.type === 'selector_expression' || l.type === 'index_expression') {
      const base = l.childForFieldName('operand');
      if (!base) return;
      const k = this.f.model.underlying(this.f.types.typeOf(base)).k;
      if (l.type === 'selector_expression' ? k === 'struct' : k === 'array') this.noteAssign(base, at);
    }
  }

  /** The destination of an assignment to `lhs`. */
  assignHole(lhs: Node, at: Node): Hole {
    const l = unparen(lhs);
    if (l.type === 'identifier') {
      if (l.text === '_') return DISCARD;
      const v = this.f.scopes.lookup(l.text);
      if (v) {
        v.assigns.push(at.startIndex);
        return { loc: v.loc, derefs: 0 };
      }
    }
    for (const r of this.f.rules) {
      const h = r.hooks.assignTarget?.(this.f.ruleContext, l);
      if (h) return h;
    }
    // Stores into a local's field or array element go into that local.
    if (l.type === 'selector_expression' || l.type === 'index_expression') {
      const base = l.childForFieldName('operand');
      if (l.type === 'index_expression') {
        const idx = l.childForFieldName('index');
        if (idx) this.f.exprs.expr(DISCARD, idx);
      }
      if (base) return this.assignHole(base, at);
    }
    return DISCARD;
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
  const safe = (n: Node | null): boolean => !!n && (n.type === 'identifier' || (n.type === 'selector_expression' && safe(n.childForFieldName('operand'))));
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
