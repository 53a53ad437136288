// Package-level `var` initialisers. The compiler lays out in static data whatever it can of them
// (cmd/compile/internal/staticinit): constants, names, addresses of composite literals, arrays,
// slices and structs of such values, closures (nothing to capture at package level) and
// conversions to interfaces. What is left (map literals, make, new, calls) runs in the package's
// `init`, assigned to the variable: only those parts are walked here, into the heap, so that a
// literal laid out statically is never reported.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import type { GoType } from '../declarations/types';
import type { FlowParts } from './flowParts';
import { DISCARD, type Hole } from './graph';
import { BUILTINS } from './typing';

const LEAVES = new Set([
  'identifier', 'int_literal', 'float_literal', 'imaginary_literal', 'rune_literal', 'raw_string_literal',
  'interpreted_string_literal', 'nil', 'true', 'false', 'iota',
]);

/** Builtins whose calls the compiler counts free of side effects (staticinit.isSideEffect). */
const PURE_BUILTINS = new Set(['len', 'cap', 'new', 'complex', 'real', 'imag']);

export class PackageInit {
  constructor(private readonly f: FlowParts) {}

  /** Walks the specs of a top-level `var` declaration as the package's `init` does. */
  declaration(decl: Node): void {
    for (const spec of varSpecs(decl)) {
      const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
      const values = spec.childForFieldName('value')?.namedChildren.filter((n): n is Node => !!n) ?? [];
      if (values.length === 0) continue;
      const holes = names.map((n) => (n.text === '_' ? DISCARD : this.f.state.heapHole(RuleId.HeapStore)));
      if (values.length === 1 && names.length > 1) {
        // `var a, b = f()` is never laid out statically.
        const v = unparen(values[0]);
        if (v.type === 'call_expression') this.f.calls.call(holes, v);
        else this.f.exprs.expr(DISCARD, v);
        continue;
      }
      const type = spec.childForFieldName('type');
      const dest = type ? this.f.types.parse(type) : undefined;
      values.forEach((v, i) => {
        // A function literal assigned directly is a declaration of its own (`glob..func1`).
        if (unparen(v).type === 'func_literal') return;
        // A blank variable's initialiser runs only for its side effects.
        if (names[i]?.text === '_' && this.pure(v)) return;
        this.assign(holes[i] ?? DISCARD, v, dest);
      });
    }
  }

  /** Lays out `v` statically where the compiler can; the parts it cannot run into `k`. */
  private assign(k: Hole, value: Node, dest: GoType | undefined): void {
    const { exprs, consts, types } = this.f;
    const v = unparen(value);
    if (LEAVES.has(v.type) || consts.isConstant(v)) return;
    switch (v.type) {
      case 'selector_expression': {
        const operand = v.childForFieldName('operand');
        if (operand?.type === 'identifier' && this.f.scopes.isPackageName(operand.text)) return;
        // A field is copied; a method value is made in init.
        exprs.expr(k, v);
        return;
      }
      case 'func_literal':
        // Static: only its body is analysed, as a function of its own.
        this.f.closures.funcLiteral(DISCARD, v, false);
        return;
      case 'unary_expression': {
        const operand = v.childForFieldName('operand');
        if (v.childForFieldName('operator')?.text !== '&' || !operand) break;
        const o = unparen(operand);
        // The address of a composite literal is a static object; of a global, a static address.
        if (o.type === 'composite_literal') this.composite(k, o, undefined);
        return;
      }
      case 'composite_literal':
        this.composite(k, v, dest);
        return;
      case 'type_conversion_expression': {
        const operand = v.childForFieldName('operand');
        if (operand) this.conversion(k, v, types.parse(v.childForFieldName('type')), operand);
        return;
      }
      case 'call_expression': {
        const fnNode = v.childForFieldName('function');
        const args = v.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n) ?? [];
        if (!fnNode) return;
        const to = types.conversionType(fnNode);
        if (to && args.length === 1) {
          this.conversion(k, v, to, args[0]);
          return;
        }
        if (this.maybeStaticCall(fnNode, args)) return;
        // The result is stored as it is: a conversion to an interface is laid out statically.
        exprs.exprTo(k, v, undefined);
        return;
      }
    }
    exprs.expr(k, v);
  }

  /** `T(x)`: an interface holds a concrete value in a static temporary; `[]byte` of a constant is static data. */
  private conversion(k: Hole, n: Node, to: GoType, operand: Node): void {
    const { exprs, consts, types, model } = this.f;
    const u = model.underlying(to);
    const from = model.underlying(types.typeOf(operand));
    if (u.k === 'iface') {
      if (from.k === 'iface') exprs.expr(k, operand);
      else this.assign(k, operand, undefined);
      return;
    }
    if (u.k === 'slice' && from.k === 'basic' && consts.isConstant(operand)) return;
    if (u.k !== 'slice' && u.k !== 'basic') this.assign(k, operand, to);
    else exprs.exprTo(k, n, undefined);
  }

  /** A composite literal laid out statically: maps are made in init, other elements recurse. */
  private composite(k: Hole, n: Node, hint: GoType | undefined): void {
    const { model, types } = this.f;
    const typeNode = n.childForFieldName('type');
    const t = typeNode ? types.parse(typeNode) : hint;
    const u = t ? model.underlying(t) : undefined;
    if (u?.k === 'map') {
      this.f.exprs.exprTo(k, n, undefined);
      return;
    }
    const body = n.type === 'literal_value' ? n : n.childForFieldName('body');
    if (!body) return;
    const elemType = u?.k === 'slice' || u?.k === 'array' ? u.elem : undefined;
    const fields = u?.k === 'struct' ? [...u.fields.values()] : undefined;
    body.namedChildren.forEach((el, i) => {
      if (!el) return;
      let value: Node | null = null;
      let ft = elemType;
      if (el.type === 'keyed_element') {
        value = el.childForFieldName('value');
        const key = el.childForFieldName('key');
        const fieldName = key?.namedChildren[0]?.type === 'identifier' ? key.namedChildren[0].text : undefined;
        if (u?.k === 'struct') ft = fieldName ? u.fields.get(fieldName) : undefined;
      } else if (el.type === 'literal_element') {
        value = el;
        if (fields) ft = fields[i];
      }
      const inner = value?.type === 'literal_element' ? value.namedChildren[0] : value;
      if (!inner) return;
      if (inner.type === 'literal_value') {
        // An elided type, `&T` elided for pointer elements: both are static objects.
        const fu = ft ? model.underlying(ft) : undefined;
        this.composite(k, inner, fu?.k === 'ptr' ? fu.elem : ft);
        return;
      }
      this.assign(k, inner, ft);
    });
  }

  /**
   * Whether the compiler may lay out an inlined call statically: it substitutes the arguments
   * into a callee whose body is one return statement, when they have no side effects. Such
   * calls are left out, since what stays dynamic then depends on the callee's body.
   */
  private maybeStaticCall(fnNode: Node, args: Node[]): boolean {
    if (this.f.opts.inlining === false) return false;
    const f = unparen(fnNode);
    let key: string | undefined;
    let decl: Node | undefined;
    let receiver: Node | undefined;
    if (f.type === 'identifier') {
      if (BUILTINS.has(f.text) && !this.f.model.hasFunc(f.text)) return false;
      key = f.text;
      decl = this.f.model.funcDecl(f.text) ?? undefined;
    } else if (f.type === 'selector_expression') {
      const operand = f.childForFieldName('operand');
      const name = f.childForFieldName('field')?.text ?? '';
      if (!operand) return false;
      if (operand.type === 'identifier' && this.f.scopes.isPackageName(operand.text)) key = `${this.f.model.imports.get(operand.text)}.${name}`;
      else {
        const m = this.f.ruleContext.methodCallOf(operand, name);
        if (m.kind === 'iface' || m.kind === 'funcField') return false;
        if (m.kind === 'method') {
          key = m.m.key;
          decl = m.m.decl;
        }
        receiver = operand;
      }
    } else if (f.type === 'func_literal') return false;
    const facts = key ? this.f.opts.summaryOf(key) : undefined;
    if (facts && !facts.inlinable) return false;
    if (decl && !singleReturn(decl)) return false;
    if (receiver && !this.pure(receiver)) return false;
    return args.every((a) => this.pure(a.type === 'variadic_argument' ? (a.namedChildren[0] ?? a) : a));
  }

  /** Free of side effects as the compiler counts them; true when the syntax cannot tell. */
  private pure(n: Node, depth = 0): boolean {
    if (depth > 20) return true;
    switch (n.type) {
      case 'func_literal':
      case 'index_expression':
      case 'slice_expression':
      case 'type_assertion_expression':
        return false;
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text;
        if (op === '<-' || op === '*') return false;
        break;
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        if ((op === '/' || op === '%') && !this.f.consts.isConstant(n)) return false;
        break;
      }
      case 'call_expression': {
        const fnNode = n.childForFieldName('function');
        if (!fnNode) return true;
        const fn = unparen(fnNode);
        const conversion = this.f.types.conversionType(fnNode) !== undefined;
        const builtin = fn.type === 'identifier' && PURE_BUILTINS.has(fn.text) && !this.f.scopes.peek(fn.text) && !this.f.model.hasFunc(fn.text);
        if (!conversion && !builtin) return false;
        const args = n.childForFieldName('arguments');
        return !args || args.namedChildren.every((a) => !a || this.pure(a, depth + 1));
      }
    }
    return n.namedChildren.every((c) => !c || this.pure(c, depth + 1));
  }
}

/** A body of exactly one return statement with one result, which the compiler may substitute into. */
function singleReturn(decl: Node): boolean {
  const statements = (n: Node | null | undefined) => n?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  let stmts = statements(decl.childForFieldName('body'));
  if (stmts.length === 1 && stmts[0].type === 'statement_list') stmts = statements(stmts[0]);
  if (stmts.length !== 1 || stmts[0].type !== 'return_statement') return false;
  const list = stmts[0].namedChildren[0];
  return !!list && (list.type !== 'expression_list' || list.namedChildren.length === 1);
}

function varSpecs(decl: Node): Node[] {
  const out: Node[] = [];
  for (const c of decl.namedChildren) {
    if (c?.type === 'var_spec') out.push(c);
    else if (c?.type === 'var_spec_list') for (const s of c.namedChildren) if (s?.type === 'var_spec') out.push(s);
  }
  return out;
}
