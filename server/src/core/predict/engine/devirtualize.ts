// Devirtualization: an interface method called through a local variable that is initialised with
// a concrete value and never assigned again calls that value's method (cmd/compile's
// devirtualize.StaticCall via ir.StaticValue), so its receiver goes where the method's goes
// instead of to the heap.
import type { Node } from 'web-tree-sitter';
import { unparen } from '../../treesitter/nodes';
import { GoType, isPointerShaped } from '../declarations/types';
import type { MethodCall } from '../rules/rule';
import type { FlowParts } from './flowParts';
import type { VarInfo } from './variables';

/** The concrete method an interface call through `operand` is devirtualized to, if any. */
export function devirtualized(f: FlowParts, operand: Node, name: string): MethodCall | undefined {
  const o = unparen(operand);
  if (o.type !== 'identifier') return undefined;
  const v = f.scopes.lookup(o.text);
  if (!v?.initValue || v.addrTaken || v.assigns.length > 0 || v.loc.kind !== 'var' || assignedLater(f, v)) return undefined;
  const t = concreteType(f, v.initValue);
  if (!t) return undefined;
  const u = f.model.underlying(t);
  const base = u.k === 'ptr' ? u.elem : t;
  const m = f.model.method(base, name);
  if (!m || (m.pointerReceiver && u.k !== 'ptr')) return undefined;
  // The interface holds a pointer-shaped value itself, any other in a box the receiver is copied from.
  return { kind: 'method', m, base, mode: isPointerShaped(u) ? 'value' : 'deref' };
}

/** The type of the concrete value an initialiser converts to an interface, when it is known. */
function concreteType(f: FlowParts, value: Node): GoType | undefined {
  let x = unparen(value);
  if (x.type === 'call_expression') {
    const fn = x.childForFieldName('function');
    const args = x.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    const to = fn ? f.types.conversionType(fn) : undefined;
    if (to && args.length === 1 && f.model.isInterface(to)) x = unparen(args[0]);
  }
  const t = f.types.typeOf(x);
  const u = f.model.underlying(t);
  const named = u.k === 'ptr' ? u.elem : t;
  if (named.k !== 'named' || f.model.isInterface(t) || u.k === 'iface') return undefined;
  return t;
}

/** Whether the function assigns the variable anywhere after its declaration (by name, so shadowing makes it false-positive, never false-negative). */
function assignedLater(f: FlowParts, v: VarInfo): boolean {
  const known = reassigned.get(v);
  if (known !== undefined) return known;
  const root = f.state.rootFn().node;
  const name = v.name;
  let found = false;
  const visit = (n: Node): void => {
    if (found) return;
    if ((n.type === 'assignment_statement' || n.type === 'short_var_declaration') && n.startIndex > v.ident.startIndex) {
      for (const l of n.childForFieldName('left')?.namedChildren ?? []) if (l && unparen(l).type === 'identifier' && unparen(l).text === name) found = true;
    } else if ((n.type === 'inc_statement' || n.type === 'dec_statement') && n.namedChildren[0]?.text === name) found = true;
    else if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&' && n.childForFieldName('operand')?.text === name) found = true;
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  reassigned.set(v, found);
  return found;
}

const reassigned = new WeakMap<VarInfo, boolean>();
