// Returning a value hands it to the caller, who may keep it: the address of a local that
// reaches a result outlives the frame (`return &u` moves u to the heap).
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import type { Hole } from '../engine/graph';
import type { PredictRule, RuleContext } from './rule';
import type { GoType } from '../declarations/types';

export const returnedAddress: PredictRule = {
  id: RuleId.ReturnedAddress,
  summary: 'The address of a local (or memory it points to) is returned to the caller.',
  hooks: {
    statement(c: RuleContext, node: Node): boolean {
      if (node.type !== 'return_statement') return false;
      const results = c.resultsOf(c.fn);
      const holes: Hole[] = results.map((loc) => ({ loc, derefs: 0, tag: RuleId.ReturnedAddress }));
      const exprs = node.namedChildren[0]?.type === 'expression_list' ? node.namedChildren[0].namedChildren.filter((n): n is Node => !!n) : node.namedChildren.filter((n): n is Node => !!n);
      if (exprs.length === 1 && holes.length > 1 && unparen(exprs[0]).type === 'call_expression') {
        c.call(holes, unparen(exprs[0]));
        return true;
      }
      const types = declaredResultTypes(c, c.fn.node);
      exprs.forEach((e, i) => c.exprTo(holes[i] ?? { loc: null, derefs: 0 }, e, types[i]));
      return true;
    },
  },
};

/** Declared result types of a function or closure. */
function declaredResultTypes(c: RuleContext, fn: Node): GoType[] {
  const res = fn.childForFieldName('result');
  if (!res) return [];
  if (res.type !== 'parameter_list') return [c.parseType(res)];
  const out: GoType[] = [];
  for (const p of res.namedChildren) {
    if (!p) continue;
    const t = c.parseType(p.childForFieldName('type'));
    const count = Math.max(1, p.childrenForFieldName('name').length);
    for (let i = 0; i < count; i++) out.push(t);
  }
  return out;
}
