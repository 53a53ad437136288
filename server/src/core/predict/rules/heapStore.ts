// Stores into package-level variables, through pointers, into slice elements and into maps put
// the stored value where the frame cannot reclaim it: the compiler treats all of them as the heap.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import { DISCARD, Hole } from '../engine/graph';
import type { PredictRule, RuleContext } from './rule';

export const heapStore: PredictRule = {
  id: RuleId.HeapStore,
  summary: 'A pointer is stored in a global, through a pointer, or into a slice element or map.',
  hooks: {
    assignTarget(c: RuleContext, lhs: Node): Hole | undefined {
      const heap = c.heapHole(RuleId.HeapStore);
      switch (lhs.type) {
        case 'identifier':
          return c.isGlobal(lhs.text) ? heap : undefined;
        case 'unary_expression': {
          if (lhs.childForFieldName('operator')?.text !== '*') return undefined;
          const o = lhs.childForFieldName('operand');
          if (o) c.expr(DISCARD, o);
          return heap;
        }
        case 'selector_expression': {
          const operand = lhs.childForFieldName('operand');
          if (!operand) return undefined;
          const o = unparen(operand);
          if (o.type === 'identifier' && (c.isPackageName(o.text) || c.isGlobal(o.text))) return heap;
          const u = c.underlying(c.typeOf(operand));
          if (u.k === 'struct' || u.k === 'named' || u.k === 'array') return undefined;
          c.expr(DISCARD, operand);
          return heap;
        }
        case 'index_expression': {
          const operand = lhs.childForFieldName('operand');
          const index = lhs.childForFieldName('index');
          if (!operand) return undefined;
          const u = c.underlying(c.typeOf(operand));
          const o = unparen(operand);
          if (u.k === 'array' && !(o.type === 'identifier' && c.isGlobal(o.text))) return undefined;
          if (index) c.expr(u.k === 'map' ? heap : DISCARD, index);
          c.expr(DISCARD, operand);
          return heap;
        }
        default:
          return undefined;
      }
    },
  },
};
