// Goroutines and deferred calls in loops outlive the statement that starts them: the function
// value (a closure with its captured variables) and the arguments go to the heap. A top-level
// defer runs before the frame dies, so it is analysed as an ordinary call. Capture edges
// themselves (by value or by reference) are added by the analyzer once all assignments are known.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import type { PredictRule, RuleContext } from './rule';

export const closureCapture: PredictRule = {
  id: RuleId.ClosureCapture,
  summary: 'A closure (or goroutine) that outlives the frame captures a variable or receives its address.',
  hooks: {
    statement(c: RuleContext, node: Node): boolean {
      if (node.type !== 'go_statement' && node.type !== 'defer_statement') return false;
      const call = node.namedChildren.find((c) => c?.type === 'call_expression');
      if (!call) return true;
      const escapes = node.type === 'go_statement' || c.loopDepth > 1;
      if (!escapes) {
        c.call([], call);
        return true;
      }
      const heap = c.heapHole(RuleId.ClosureCapture);
      const fn = call.childForFieldName('function');
      const args = call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
      if (fn) {
        const f = unparen(fn);
        if (f.type === 'func_literal') c.funcLiteral(heap, f, false);
        else if (f.type === 'identifier' && c.isTopLevelFunc(f.text)) {
          // A top-level function is not a closure: only its arguments are kept.
        } else if (f.type === 'selector_expression') {
          // `go x.m(args)` keeps the receiver, not a method value.
          const operand = f.childForFieldName('operand');
          const name = f.childForFieldName('field')?.text ?? '';
          if (operand && !(operand.type === 'identifier' && c.isPackageName(operand.text))) {
            // The receiver is kept as a call passes it; when the method is unknown here, as is.
            const m = c.methodCallOf(operand, name);
            c.receiver(heap, operand, m.kind === 'method' ? m.mode : 'value');
          }
        } else c.expr(heap, f);
      }
      for (const arg of args) c.expr(heap, arg.type === 'variadic_argument' ? (arg.namedChildren[0] ?? arg) : arg);
      return true;
    },
  },
};
