// Expressions: every expression is evaluated into a hole (a destination plus a dereference
// count), the way the compiler's escape analysis walks its IR. Values without pointers carry no
// flows; unknown constructs evaluate into nothing, so a guess is never made from code the
// analyzer does not understand.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import { GoType, UNKNOWN, isPointerShaped } from '../declarations/types';
import type { ExpressionsPart, FlowParts } from './flowParts';
import { DISCARD, Hole, addr, deref, flow } from './graph';

export class Expressions implements ExpressionsPart {
  constructor(private readonly f: FlowParts) {}

  /** Evaluates `n` into `k`, converting to `dest` first when it is an interface type. */
  exprTo(k: Hole, n: Node, dest: GoType | undefined): void {
    if (dest) for (const r of this.f.rules) if (r.hooks.convert?.(this.f.ruleContext, k, n, dest)) return;
    this.expr(k, n);
  }

  expr(k: Hole, n: Node): void {
    const { types, model } = this.f;
    // Values without pointers carry no addresses: the compiler discards their flows.
    if (k.loc && k.derefs >= 0 && (n.type === 'selector_expression' || n.type === 'index_expression' || n.type === 'identifier')) {
      const t = types.typeOf(n);
      if (t.k !== 'unknown' && t.k !== 'typeparam' && !types.hasPointers(t)) {
        // Still evaluated: a use inside a closure is a capture even when nothing flows.
        this.expr(DISCARD, n);
        return;
      }
    }
    switch (n.type) {
      case 'identifier': {
        const v = this.f.scopes.lookup(n.text);
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
        if (op === '+' && k.loc && types.isString(n) && !this.f.consts.isConstant(n)) this.f.state.spill(k, this.f.consts.subjectOf(n), n, 'other');
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
        const t = model.underlying(types.typeOf(operand));
        if (t.k === 'array') this.expr(k, operand);
        else if (t.k === 'map' || (t.k === 'basic' && t.name === 'string')) this.expr(DISCARD, operand);
        else this.expr(deref(k), operand);
        return;
      }
      case 'slice_expression': {
        const operand = n.childForFieldName('operand');
        for (const field of ['start', 'end', 'capacity']) {
          const c = n.childForFieldName(field);
          if (c) this.expr(DISCARD, c);
        }
        if (!operand) return;
        const t = model.underlying(types.typeOf(operand));
        if (t.k === 'array') this.addressOf(k, operand);
        else this.expr(k, operand);
        return;
      }
      case 'call_expression':
        this.f.calls.call([k], n);
        return;
      case 'composite_literal':
        this.composite(k, n, undefined);
        return;
      case 'func_literal':
        this.f.closures.funcLiteral(k, n, false);
        return;
      case 'type_assertion_expression': {
        const operand = n.childForFieldName('operand');
        if (!operand) return;
        const t = model.underlying(types.parse(n.childForFieldName('type')));
        const direct = t.k === 'iface' || isPointerShaped(t) || t.k === 'unknown' || t.k === 'typeparam';
        this.expr(direct ? k : deref(k), operand);
        return;
      }
      case 'type_conversion_expression': {
        const operand = n.childForFieldName('operand');
        if (operand) this.conversion(k, n, types.parse(n.childForFieldName('type')), operand);
        return;
      }
      default:
        // Literals and anything unrecognised carry no addresses.
        return;
    }
  }

  private unary(k: Hole, n: Node): void {
    const op = n.childForFieldName('operator')?.text;
    const operand = n.childForFieldName('operand');
    if (!operand) return;
    switch (op) {
      case '&': {
        const o = unparen(operand);
        if (o.type === 'composite_literal') {
          const text = this.f.consts.compositeSubjectOf(o);
          const inner = this.f.state.spill(k, text && `&${text}`, n, 'composite', { type: this.f.types.parse(o.childForFieldName('type')) });
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
      const v = this.f.scopes.lookup(o.text);
      if (v) {
        v.addrTaken = true;
        flow(addr(k), v.loc);
      }
      return;
    }
    this.expr(addr(k), o);
  }

  private selector(k: Hole, n: Node): void {
    const { model, types } = this.f;
    const operand = n.childForFieldName('operand');
    const field = n.childForFieldName('field')?.text;
    if (!operand || !field) return;
    if (operand.type === 'identifier' && this.f.scopes.isPackageName(operand.text)) return;
    const t = types.typeOf(operand);
    const u = model.underlying(t);
    if (u.k === 'ptr') {
      const ft = model.field(u.elem, field);
      if (!ft) {
        const m = model.method(u.elem, field);
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
        const h = this.f.state.spill(k, this.f.consts.subjectOf(n), n, 'other');
        this.expr(h, operand);
      } else this.expr(DISCARD, operand);
      return;
    }
    const ft = model.field(t, field);
    if (!ft) {
      const m = model.method(t, field);
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
    const h = this.f.state.spill(k, this.f.consts.subjectOf(n), n, 'closure');
    if (ptrRecv && !operandIsPtr) this.addressOf(h, operand);
    else if (!ptrRecv && operandIsPtr) this.expr(deref(h), operand);
    else this.expr(h, operand);
  }

  /** A composite literal's elements flow into `k` (a struct or array value) or a new allocation. */
  composite(k: Hole, n: Node, typeHint: GoType | undefined, isAddressed = false): void {
    const { model, state } = this.f;
    const typeNode = n.childForFieldName('type');
    const t = typeNode ? this.f.types.parse(typeNode) : (typeHint ?? UNKNOWN);
    const u = model.underlying(t);
    const body = n.type === 'literal_value' ? n : n.childForFieldName('body');
    if (!body) return;
    let elemHole = k;
    let keyHole: Hole = DISCARD;
    let elemType: GoType | undefined;
    if (!isAddressed && (u.k === 'slice' || u.k === 'map')) {
      const contents = state.spill(k, this.literalSubject(n, t), n, 'composite', { type: t });
      elemHole = u.k === 'map' ? state.heapHole(RuleId.HeapStore) : contents;
      keyHole = u.k === 'map' ? state.heapHole(RuleId.HeapStore) : DISCARD;
    } else if (isAddressed && u.k === 'map') {
      elemHole = state.heapHole(RuleId.HeapStore);
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

  /** The compiler names a literal whose type is elided (`{...}` in a map of maps) by that type. */
  private literalSubject(n: Node, t: GoType): string | undefined {
    if (n.type !== 'literal_value') return this.f.consts.compositeSubjectOf(n);
    const text = this.f.consts.typeTextOf(t);
    return text && `${text}${n.namedChildren.some((c) => c && c.type !== 'comment') ? '{...}' : '{}'}`;
  }

  private element(k: Hole, el: Node, type: GoType | undefined): void {
    const model = this.f.model;
    const inner = el.type === 'literal_element' ? el.namedChildren[0] : el;
    if (!inner) return;
    if (inner.type === 'literal_value') {
      // An elided type: `{...}` inside a slice of structs, or `&T` elided as `{...}` for pointer elements.
      if (type && model.underlying(type).k === 'ptr') {
        const pt = (model.underlying(type) as { elem: GoType }).elem;
        const text = this.f.consts.typeTextOf(pt);
        const h = this.f.state.spill(k, text && `&${text}{...}`, inner, 'composite', { type: pt });
        this.composite(h, inner, pt, true);
      } else this.composite(k, inner, type);
      return;
    }
    this.exprTo(k, inner, type);
  }

  conversion(k: Hole, n: Node, to: GoType, operand: Node): void {
    for (const r of this.f.rules) if (r.hooks.convert?.(this.f.ruleContext, k, operand, to)) return;
    const { model, state, consts } = this.f;
    const u = model.underlying(to);
    const from = model.underlying(this.f.types.typeOf(operand));
    if (u.k === 'basic' && u.name === 'string' && from.k === 'slice') {
      state.spill(k, consts.subjectOf(n), n, 'convert');
      this.expr(DISCARD, operand);
      return;
    }
    if (u.k === 'slice' && from.k === 'basic' && from.name === 'string') {
      state.spill(k, consts.subjectOf(n), n, 'convert', { type: u });
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
      const fn = x.childForFieldName('function');
      const args = x.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn && unparen(fn).text === 'uintptr' && args.length === 1 && args[0]) {
        this.expr(k, args[0]);
        return;
      }
    }
    this.expr(k, x);
  }
}
