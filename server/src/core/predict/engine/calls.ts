// Calls: conversions, static calls with the callee's parameter facts, closures called in place,
// dynamic calls whose arguments escape, method calls with their receivers, and what an inlined
// callee brings along into the caller.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { packageName } from '../../treesitter/declarations';
import { unparen } from '../../treesitter/nodes';
import { kindType } from '../declarations/types';
import type { CalleeInfo, MethodCall, RecvMode } from '../rules/rule';
import { allocPos, inlinedSubject } from './compilerText';
import { devirtualized } from './devirtualize';
import type { CallsPart, FlowParts } from './flowParts';
import { DISCARD, Hole, Loc, deref, flow, shift } from './graph';
import type { ClosureInfo } from './variables';
import { BUILTINS } from './typing';

export function receiverMode(pointerReceiver: boolean, operandIsPointer: boolean): RecvMode {
  if (pointerReceiver) return operandIsPointer ? 'value' : 'address';
  return operandIsPointer ? 'deref' : 'value';
}

export class Calls implements CallsPart {
  constructor(private readonly f: FlowParts) {}

  /** Evaluates a call whose results flow into `ks` (one hole per result). */
  call(ks: Hole[], n: Node): void {
    const { scopes, model, exprs } = this.f;
    const summaryOf = this.f.opts.summaryOf;
    const fnNode = n.childForFieldName('function');
    const argList = n.childForFieldName('arguments');
    const args = argList?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (!fnNode) return;
    const f = unparen(fnNode);

    if (f.type === 'identifier' && BUILTINS.has(f.text) && !scopes.peek(f.text) && !model.hasFunc(f.text)) {
      this.f.builtins.call(ks, n, f.text, args);
      return;
    }
    // Conversions: T(x) where T is a type.
    const convType = this.f.types.conversionType(fnNode);
    if (convType && args.length === 1) {
      exprs.conversion(ks[0] ?? DISCARD, n, convType, args[0]);
      return;
    }
    if (f.type === 'func_literal') {
      const info = this.f.closures.funcLiteral(DISCARD, f, true);
      this.closureCall(ks, info, args);
      return;
    }
    if (f.type === 'identifier') {
      const v = scopes.lookup(f.text);
      if (v) {
        if (v.funcLit && !v.assigns.length) {
          this.closureCall(ks, v.funcLit, args);
          return;
        }
        this.dynamicCall(ks, n, args, v.loc);
        return;
      }
      const decl = model.funcDecl(f.text);
      const facts = summaryOf(f.text);
      this.staticCall(ks, n, { key: f.text, facts: facts ?? (decl ? { params: new Map() } : undefined), dynamic: false }, decl ?? undefined, undefined, args);
      return;
    }
    if (f.type === 'selector_expression') {
      const operand = f.childForFieldName('operand');
      const name = f.childForFieldName('field')?.text ?? '';
      if (!operand) return;
      if (operand.type === 'identifier' && scopes.isPackageName(operand.text)) {
        if (operand.text === 'unsafe') {
          this.f.builtins.unsafeCall(ks, name, args);
          return;
        }
        const path = model.imports.get(operand.text)!;
        const key = `${path}.${name}`;
        this.staticCall(ks, n, { key, facts: summaryOf(key), dynamic: false, pkgName: packageName(path) }, undefined, undefined, args);
        return;
      }
      let c = this.methodCallOf(operand, name);
      if (c.kind === 'iface') c = devirtualized(this.f, operand, name) ?? c;
      if (c.kind === 'iface') {
        // An interface method call: the callee is unknown, so arguments and receiver escape.
        this.staticCall(ks, n, { dynamic: true }, undefined, { node: operand, hole: 'value' }, args);
        return;
      }
      if (c.kind === 'method') {
        const { m, base } = c;
        const facts = m.key ? summaryOf(m.key) : undefined;
        const pkgName = base.k === 'named' && base.pkg ? packageName(base.pkg) : undefined;
        this.staticCall(ks, n, { key: m.key, facts: facts ?? (m.decl ? { params: new Map() } : undefined), dynamic: false, pkgName }, m.decl, { node: operand, hole: c.mode }, args);
        return;
      }
      if (c.kind === 'funcField') {
        exprs.expr(DISCARD, f);
        this.dynamicCall(ks, n, args, undefined);
        return;
      }
      // Unknown method: evaluate for nested flows only.
      exprs.expr(DISCARD, operand);
      for (const a of args) exprs.expr(DISCARD, a);
      return;
    }
    if (f.type === 'index_expression' || f.type === 'generic_type') {
      // A generic function instantiation `f[T](x)`.
      const operand = f.childForFieldName('operand') ?? f.childForFieldName('type');
      if (operand?.type === 'identifier' && model.hasFunc(operand.text) && !scopes.peek(operand.text)) {
        this.staticCall(ks, n, { key: operand.text, facts: summaryOf(operand.text) ?? { params: new Map() }, dynamic: false }, model.funcDecl(operand.text), undefined, args);
        return;
      }
    }
    exprs.expr(DISCARD, fnNode);
    this.dynamicCall(ks, n, args, undefined);
  }

  /** A call through a function value the analyzer cannot resolve: arguments reach the heap. */
  private dynamicCall(_ks: Hole[], n: Node, args: Node[], _fnLoc: Loc | undefined): void {
    this.staticCall([], n, { dynamic: true }, undefined, undefined, args);
  }

  private closureCall(ks: Hole[], info: ClosureInfo, args: Node[]): void {
    args.forEach((a, i) => {
      const p = info.params[i];
      const arg = a.type === 'variadic_argument' ? a.namedChildren[0] : a;
      if (arg) this.f.exprs.expr(p ? { loc: p, derefs: 0 } : DISCARD, arg);
    });
    info.results.forEach((r, i) => {
      const k = ks[i];
      if (k?.loc) flow(k, r);
    });
  }

  /**
   * What `operand.name(...)` calls: an interface's method; a method known here (declared in this
   * file or known from imported packages' facts), with how the receiver is passed; a field that
   * holds a function; or nothing known.
   */
  methodCallOf(operand: Node, name: string): MethodCall {
    const model = this.f.model;
    const t = this.f.types.typeOf(operand);
    const u = model.underlying(t);
    if (u.k === 'iface') return { kind: 'iface' };
    const base = u.k === 'ptr' ? u.elem : t;
    const field = model.field(base, name);
    if (field) return model.underlying(field).k === 'func' ? { kind: 'funcField' } : { kind: 'unknown' };
    const m = model.method(base, name);
    return m ? { kind: 'method', m, base, mode: receiverMode(m.pointerReceiver, u.k === 'ptr') } : { kind: 'unknown' };
  }

  /** Sends a call's receiver expression into `k` as the call passes it. */
  receiver(k: Hole, node: Node, mode: RecvMode): void {
    const exprs = this.f.exprs;
    if (mode === 'address') exprs.addressOf(k, node);
    else if (mode === 'deref') exprs.expr(deref(k), node);
    else exprs.expr(k, node);
  }

  /**
   * A call to a known (or unknown but static) callee. `recv` is the receiver expression and how
   * it is passed: as is, by address (pointer method on a value), or dereferenced.
   */
  private staticCall(ks: Hole[], n: Node, callee: CalleeInfo, decl: Node | undefined, recv: { node: Node; hole: RecvMode } | undefined, args: Node[]): void {
    const { state, exprs } = this.f;
    const holesFor = (index: number): Hole => {
      const hs: Hole[] = [];
      for (const r of this.f.rules) {
        const h = r.hooks.argumentHoles?.(this.f.ruleContext, callee, index, ks);
        if (h) {
          hs.push(...h);
          break;
        }
      }
      return state.tee(hs);
    };
    if (recv) this.receiver(holesFor(-1), recv.node, recv.hole);
    this.inlinedMoves(ks, n, callee, decl, args);
    const sig = decl ? this.f.types.signature(decl) : callee.facts?.paramKinds ? { kinds: callee.facts.paramKinds.map(kindType), variadic: !!callee.facts.variadic } : undefined;
    const spread = args.length > 0 && args[args.length - 1].type === 'variadic_argument';
    const nFixed = sig ? (sig.variadic ? sig.kinds.length - 1 : sig.kinds.length) : args.length;
    for (let i = 0; i < args.length; i++) {
      let a = args[i];
      if (a.type === 'variadic_argument') a = a.namedChildren[0] ?? a;
      if (sig?.variadic && i >= nFixed && !spread) {
        // Extra arguments are packed into an implicit slice: the `... argument`.
        const k = holesFor(nFixed);
        const argListNode = n.childForFieldName('arguments') ?? n;
        const contents = state.spill(k, '... argument', argListNode, 'other');
        for (let j = i; j < args.length; j++) exprs.exprTo(contents, args[j], sig.kinds[nFixed]);
        return;
      }
      const k = holesFor(i);
      const dest = sig ? (sig.variadic && i >= nFixed ? { k: 'slice' as const, elem: sig.kinds[nFixed] } : sig.kinds[i]) : undefined;
      exprs.exprTo(k, a, dest);
    }
  }

  /**
   * An inlined call copies the callee's variables into this function: those the callee moves to
   * the heap are moved here too, at the call, when the reason survives inlining (the heap, or a
   * result that escapes here as well).
   */
  private inlinedMoves(ks: Hole[], n: Node, callee: CalleeInfo, decl: Node | undefined, args: Node[]): void {
    const state = this.f.state;
    const facts = callee.facts;
    if (this.f.opts.inlining === false || !facts?.inlinable) return;
    const prefix = callee.pkgName ? `${callee.pkgName}.` : '';
    const params = decl ? paramsOf(decl) : facts.paramNames?.map((name, i, all) => ({ name, type: undefined, variadic: !!facts.variadic && i === all.length - 1 }));
    // The compiler prints a parameter the call passes a constant as that constant (`make([]float64, 5)`).
    const operand = (name: string): string | null | undefined => {
      // Without the callee's parameters a name could be any of them.
      if (!params) return undefined;
      const i = params.findIndex((p) => p.name === name);
      // The compiler may fold what a variadic parameter is given (`len(rules)`).
      if (i >= 0 && params[i].variadic) return undefined;
      const a = i >= 0 ? args[i] : undefined;
      if (!a || a.type === 'variadic_argument' || !this.f.consts.isConstant(a)) return null;
      return a.type === 'int_literal' && params[i].type === 'int' ? a.text : undefined;
    };
    for (const al of facts.allocs ?? []) {
      const subject = inlinedSubject(al.subject, prefix, operand);
      if (subject === undefined) continue;
      const loc = state.newLoc('alloc', subject, allocPos(n).node);
      loc.subject = subject;
      loc.inlined = true;
      if (al.always) flow({ loc: state.heap, derefs: -1, tag: al.rule ?? RuleId.LeakingCall }, loc);
      for (const r of al.results) {
        const k = ks[r];
        if (k?.loc) flow({ ...shift(k, -1), tag: al.rule ?? RuleId.ReturnedAddress }, loc);
      }
    }
    for (const m of facts.moved ?? []) {
      const loc = state.newLoc('var', prefix + m.name, allocPos(n).node);
      loc.inlined = true;
      if (m.always) flow({ loc: state.heap, derefs: -1, tag: m.rule ?? RuleId.LeakingCall }, loc);
      for (const r of m.results) {
        const k = ks[r];
        if (k?.loc) flow({ ...shift(k, -1), tag: m.rule ?? RuleId.ReturnedAddress }, loc);
      }
    }
  }
}

/** The names and written types of a declaration's parameters, receiver excluded. */
function paramsOf(decl: Node): { name: string; type: string | undefined; variadic: boolean }[] {
  const out: { name: string; type: string | undefined; variadic: boolean }[] = [];
  for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const type = p.childForFieldName('type')?.text;
    const names = p.childrenForFieldName('name');
    const variadic = p.type === 'variadic_parameter_declaration';
    for (let i = 0; i < Math.max(1, names.length); i++) out.push({ name: names[i]?.text ?? '_', type, variadic });
  }
  return out;
}
