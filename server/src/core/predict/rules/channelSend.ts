// A value sent on a channel can be received by any goroutine: it flows to the heap.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { DISCARD } from '../engine/graph';
import type { PredictRule, RuleContext } from './rule';

export const channelSend: PredictRule = {
  id: RuleId.ChannelSend,
  summary: 'A pointer (or a value holding one) is sent on a channel.',
  hooks: {
    statement(c: RuleContext, node: Node): boolean {
      if (node.type !== 'send_statement') return false;
      const ch = node.childForFieldName('channel');
      const value = node.childForFieldName('value');
      if (ch) c.expr(DISCARD, ch);
      if (!value) return true;
      const ct = ch ? c.underlying(c.typeOf(ch)) : undefined;
      c.exprTo(c.heapHole(RuleId.ChannelSend), value, ct?.k === 'chan' ? ct.elem : undefined);
      return true;
    },
  },
};
