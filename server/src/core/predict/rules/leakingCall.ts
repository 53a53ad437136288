// Arguments go where the callee's parameters go: to the heap for a parameter that leaks
// (`leaking param: p`), into the call's results for one that leaks to a result, nowhere for
// one that does not escape. Facts come from this file's own analysis of the callee or from
// what the compiler said about it. A callee that cannot be known (a function value, an
// interface method) keeps its arguments, as the compiler assumes.
import { RuleId } from '../../catalogue/ids';
import { Hole, shift } from '../engine/graph';
import type { CalleeInfo, PredictRule, RuleContext } from './rule';

export const leakingCall: PredictRule = {
  id: RuleId.LeakingCall,
  summary: 'A pointer is passed to a parameter that leaks, or to a function value or interface method the compiler cannot see.',
  hooks: {
    argumentHoles(c: RuleContext, callee: CalleeInfo, index: number, results: Hole[]): Hole[] | undefined {
      if (callee.dynamic) return [c.heapHole(RuleId.LeakingCall)];
      const p = callee.facts?.params.get(index);
      if (!p) return [];
      const holes: Hole[] = [];
      if (p.heap >= 0) holes.push(shift(c.heapHole(RuleId.LeakingCall), p.heap));
      p.results.forEach((level, r) => {
        const k = results[r];
        if (level >= 0 && k?.loc) holes.push(shift(k, level));
      });
      return holes;
    },
  },
};
