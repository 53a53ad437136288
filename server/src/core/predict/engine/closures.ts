// Function literals: a closure is walked where it is defined, as its own function scope inside
// the enclosing one, and is an allocation (`func literal escapes to heap`) once it captures
// variables. Captures become edges once every assignment of the function is known.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { sizeOf } from '../declarations/types';
import type { ClosuresPart, FlowParts } from './flowParts';
import { FnScope, Hole, addr, flow } from './graph';
import type { ClosureInfo } from './variables';

/** Closure variables larger than this are captured by reference (cmd/compile: 128 bytes). */
const MAX_BYVAL_CAPTURE = 128;

export class Closures implements ClosuresPart {
  constructor(private readonly f: FlowParts) {}

  funcLiteral(k: Hole, n: Node, calledDirectly: boolean): ClosureInfo {
    const { state, scopes } = this.f;
    const loc = state.newLoc('alloc', 'func literal', n);
    loc.subject = 'func literal';
    const fn: FnScope = { node: n, parent: state.fn, calledDirectly };
    const info: ClosureInfo = { node: n, loc, fn, params: [], results: [], captures: new Set() };
    state.closures.push(info);
    state.closureOf.set(fn, info);
    state.allocs.push({ loc, node: n, kind: 'closure' });
    if (k.loc) flow(addr(k), loc);
    const savedFn = state.fn;
    const savedDepth = state.loopDepth;
    state.fn = fn;
    state.loopDepth = 1;
    scopes.push();
    const before = state.params.length;
    const params = n.childForFieldName('parameters');
    if (params) this.f.declareParams(params, 0);
    info.params = state.params.slice(before);
    info.results = this.f.declareResults(n);
    state.results.set(fn, info.results);
    const body = n.childForFieldName('body');
    if (body) this.f.stmts.block(body);
    scopes.pop();
    state.fn = savedFn;
    state.loopDepth = savedDepth;
    return info;
  }

  /** Adds capture edges once all assignments are known: by reference when reassigned later, address-taken or large. */
  finish(): void {
    for (const c of this.f.state.closures) {
      // A closure that captures nothing is a static func value, yet the compiler reports it like
      // any other func literal that escapes; it has no capture edges.
      if (c.captures.size === 0) continue;
      for (const v of c.captures) {
        const size = sizeOf(this.f.types.typeOfVar(v), this.f.model.underlying);
        const byRef = v.addrTaken || v.assigns.some((at) => at > c.node.startIndex) || (size !== undefined && size > MAX_BYVAL_CAPTURE);
        flow({ loc: c.loc, derefs: byRef ? -1 : 0, tag: RuleId.ClosureCapture }, v.loc);
      }
    }
  }
}
