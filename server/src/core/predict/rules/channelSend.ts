// A value sent on a channel can be received by any goroutine: it flows to the heap.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import type { Analyzer } from '../analyzer';
import { DISCARD } from '../graph';
import type { PredictRule } from '../rule';

export const channelSend: PredictRule = {
  id: RuleId.ChannelSend,
  summary: 'A pointer (or a value holding one) is sent on a channel.',
  hooks: {
    statement(a: Analyzer, node: Node): boolean {
      if (node.type !== 'send_statement') return false;
      const ch = node.childForFieldName('channel');
      const value = node.childForFieldName('value');
      if (ch) a.expr(DISCARD, ch);
      if (!value) return true;
      const ct = ch ? a.model.underlying(a.typeOf(ch)) : undefined;
      a.exprTo(a.heapHole(RuleId.ChannelSend), value, ct?.k === 'chan' ? ct.elem : undefined);
      return true;
    },
  },
};
