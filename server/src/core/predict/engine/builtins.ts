// Builtin functions and package unsafe: `append` grows into a new backing array, `make` and
// `new` allocate, `copy` and `panic` store into the heap, `unsafe.Slice` and friends keep
// pointing into their argument.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { UNKNOWN } from '../declarations/types';
import { allocPos } from './compilerText';
import type { BuiltinsPart, FlowParts } from './flowParts';
import { DISCARD, Hole, addr, flow, shift } from './graph';

export class Builtins implements BuiltinsPart {
  constructor(private readonly f: FlowParts) {}

  unsafeCall(ks: Hole[], name: string, args: Node[]): void {
    const exprs = this.f.exprs;
    const k = ks[0] ?? DISCARD;
    switch (name) {
      case 'Slice':
      case 'String':
      case 'StringData':
      case 'SliceData':
      case 'Add':
        if (args[0]) exprs.expr(k, args[0]);
        for (const a of args.slice(1)) exprs.expr(DISCARD, a);
        return;
      default:
        for (const a of args) exprs.expr(DISCARD, a);
    }
  }

  call(ks: Hole[], n: Node, name: string, args: Node[]): void {
    const { state, exprs, types, model } = this.f;
    const k = ks[0] ?? DISCARD;
    const spread = args.length > 0 && args[args.length - 1].type === 'variadic_argument';
    const arg = (a: Node): Node => (a.type === 'variadic_argument' ? (a.namedChildren[0] ?? a) : a);
    switch (name) {
      case 'append': {
        if (args.length === 0) return;
        const st = model.underlying(types.typeOf(args[0]));
        const elem = st.k === 'slice' ? st.elem : UNKNOWN;
        const elemHasPointers = types.hasPointers(elem);
        // A grown backing array is a new allocation that flows to the result: `append escapes to heap`.
        // The compiler does not hold a loop's appends to an outer slice against the loop.
        state.spill(k, 'append', n, 'other', { loopDepth: 0 });
        const appendee = elemHasPointers ? state.tee([k, shift(state.heapHole(RuleId.HeapStore), 1)]) : k;
        exprs.expr(appendee, args[0]);
        if (spread) {
          const a = arg(args[args.length - 1]);
          const at = model.underlying(types.typeOf(a));
          exprs.expr(at.k === 'basic' || !elemHasPointers ? DISCARD : shift(state.heapHole(RuleId.HeapStore), 1), a);
        } else {
          for (const a of args.slice(1)) exprs.exprTo(state.heapHole(RuleId.HeapStore), a, elem);
        }
        return;
      }
      case 'copy': {
        if (args[1]) exprs.expr(shift(state.heapHole(RuleId.HeapStore), 1), args[1]);
        if (args[0]) exprs.expr(DISCARD, args[0]);
        return;
      }
      case 'make': {
        const t = types.parse(args[0]);
        const sizes = args.slice(1);
        for (const s of sizes) exprs.expr(DISCARD, s);
        // Channels are always made by the runtime on the heap; the compiler reports nothing for them.
        const isChan = model.underlying(t).k === 'chan';
        state.spill(k, isChan ? undefined : this.f.consts.subjectOf(n), n, 'make', { type: t, sizeArgs: sizes });
        return;
      }
      case 'new': {
        if (args[0] && this.newOfValue(k, n, args[0])) return;
        const t = types.parse(args[0]);
        state.spill(k, this.f.consts.subjectOf(n), n, 'new', { type: t });
        return;
      }
      case 'panic':
        if (args[0]) exprs.exprTo(state.heapHole(RuleId.HeapStore), args[0], { k: 'iface' });
        return;
      case 'min':
      case 'max':
        for (const a of args) exprs.expr(k, a);
        return;
      default:
        for (const a of args) exprs.expr(DISCARD, arg(a));
    }
  }

  /**
   * Go 1.26's `new(expr)`: the value goes into a compiler temporary whose address is the result,
   * so the compiler says `moved to heap: .autotmp_N` at the call's `(`. The grammar reads the argument
   * as a type; a name (or `x.f`) that denotes a value rather than a type is the expression form.
   * Other expressions do not parse, and are left alone.
   */
  private newOfValue(k: Hole, n: Node, arg: Node): boolean {
    const { scopes, model, state } = this.f;
    let root: string | undefined;
    if (arg.type === 'type_identifier') root = arg.text;
    else if (arg.type === 'qualified_type') root = arg.childForFieldName('package')?.text;
    if (!root) return false;
    const local = scopes.peek(root);
    const isValue = local ? !local.isConst || arg.type === 'type_identifier' : arg.type === 'type_identifier' && (model.hasGlobal(root) || model.hasConst(root)) && !model.hasType(root);
    if (!isValue) return false;
    const tmp = state.newTemporary(allocPos(n).node);
    if (k.loc) flow(addr(k), tmp);
    // The value is copied into the temporary: a variable's pointers flow on with it.
    const v = scopes.lookup(root);
    if (v && !v.isConst) flow(arg.type === 'type_identifier' ? { loc: tmp, derefs: 0 } : { loc: tmp, derefs: 1 }, v.loc);
    return true;
  }
}
