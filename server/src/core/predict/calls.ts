// Calls: builtins, conversions, static calls with the callee's parameter facts, closures called
// in place, dynamic calls whose arguments escape, and what an inlined callee brings along.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../catalogue/ids';
import type { Analyzer } from './analyzer';
import { DISCARD, Hole, Loc, deref, flow, shift } from './graph';
import type { CalleeInfo } from './rule';
import { BUILTINS, ClosureInfo, PREDECLARED_TYPE, Resolver, hasPointers, kindType, packageName, unparen } from './resolver';
import { allocPos } from './syntax';
import { GoType, UNKNOWN } from './types';

export abstract class CallAnalyzer extends Resolver {
  abstract expr(k: Hole, n: Node): void;
  abstract exprTo(k: Hole, n: Node, dest: GoType | undefined): void;
  abstract addressOf(k: Hole, operand: Node): void;
  abstract funcLiteral(k: Hole, n: Node, calledDirectly: boolean): ClosureInfo;
  protected abstract conversion(k: Hole, n: Node, to: GoType, operand: Node): void;
  /** Rules see the whole analyzer; only the concrete subclass can be passed to them. */
  protected abstract asAnalyzer(): Analyzer;


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
      const c = this.methodCallOf(operand, name);
      if (c.kind === 'iface') {
        // An interface method call: the callee is unknown, so arguments and receiver escape.
        this.staticCall(ks, n, { dynamic: true }, undefined, { node: operand, hole: 'value' }, args);
        return;
      }
      if (c.kind === 'method') {
        const { m, base } = c;
        const facts = m.key ? this.opts.summaryOf(m.key) : undefined;
        const pkgName = base.k === 'named' && base.pkg ? packageName(base.pkg) : undefined;
        this.staticCall(ks, n, { key: m.key, facts: facts ?? (m.decl ? { params: new Map() } : undefined), dynamic: false, pkgName }, m.decl, { node: operand, hole: c.mode }, args);
        return;
      }
      if (c.kind === 'funcField') {
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
  protected dynamicCall(ks: Hole[], n: Node, args: Node[], _fnLoc: Loc | undefined): void {
    void ks;
    this.staticCall([], n, { dynamic: true }, undefined, undefined, args);
  }

  protected closureCall(ks: Hole[], info: ClosureInfo, args: Node[]): void {
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

  /**
   * What `operand.name(...)` calls: an interface's method; a method known here (declared in this
   * file or known from imported packages' facts), with how the receiver is passed; a field that
   * holds a function; or nothing known.
   */
  methodCallOf(operand: Node, name: string): MethodCall {
    const t = this.typeOf(operand);
    const u = this.model.underlying(t);
    if (u.k === 'iface') return { kind: 'iface' };
    const base = u.k === 'ptr' ? u.elem : t;
    const field = this.model.field(base, name);
    if (field) return this.model.underlying(field).k === 'func' ? { kind: 'funcField' } : { kind: 'unknown' };
    const m = this.model.method(base, name);
    return m ? { kind: 'method', m, base, mode: receiverMode(m.pointerReceiver, u.k === 'ptr') } : { kind: 'unknown' };
  }

  /** Sends a call's receiver expression into `k` as the call passes it. */
  receiver(k: Hole, node: Node, mode: RecvMode): void {
    if (mode === 'address') this.addressOf(k, node);
    else if (mode === 'deref') this.expr(deref(k), node);
    else this.expr(k, node);
  }

  /**
   * A call to a known (or unknown but static) callee. `recv` is the receiver expression and how
   * it is passed: as is, by address (pointer method on a value), or dereferenced.
   */
  protected staticCall(ks: Hole[], n: Node, callee: CalleeInfo, decl: Node | undefined, recv: { node: Node; hole: RecvMode } | undefined, args: Node[]): void {
    const holesFor = (index: number): Hole => {
      const hs: Hole[] = [];
      for (const r of this.opts.rules) {
        const h = r.hooks.argumentHoles?.(this.asAnalyzer(), callee, index, ks);
        if (h) {
          hs.push(...h);
          break;
        }
      }
      return this.tee(hs);
    };
    if (recv) this.receiver(holesFor(-1), recv.node, recv.hole);
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
  protected inlinedMoves(ks: Hole[], n: Node, callee: CalleeInfo): void {
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

  protected unsafeCall(ks: Hole[], name: string, args: Node[]): void {
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

  protected builtin(ks: Hole[], n: Node, name: string, args: Node[]): void {
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
}

/** How a receiver is passed: as is, by address (a pointer method on a value), or dereferenced (a value method through a pointer). */
export type RecvMode = 'value' | 'address' | 'deref';

export type MethodCall =
  | { kind: 'iface' | 'funcField' | 'unknown' }
  | { kind: 'method'; m: { pointerReceiver: boolean; decl?: Node; key?: string }; base: GoType; mode: RecvMode };

export function receiverMode(pointerReceiver: boolean, operandIsPointer: boolean): RecvMode {
  if (pointerReceiver) return operandIsPointer ? 'value' : 'address';
  return operandIsPointer ? 'deref' : 'value';
}
