// Values too large for a stack frame go to the heap even when nothing else would move them:
// declared variables over 128 KiB (ir.MaxStackVarSize) and implicit allocations (new, &T{},
// make with a constant size) over 64 KiB (ir.MaxImplicitStackVarSize).
import { RuleId } from '../../catalogue/ids';
import type { Loc } from '../engine/graph';
import type { AllocationSite, PredictRule, RuleContext } from './rule';
import { GoType, sizeOf } from '../declarations/types';

const MAX_STACK_VAR_SIZE = 128 * 1024;
const MAX_IMPLICIT_STACK_VAR_SIZE = 64 * 1024;

export const tooLarge: PredictRule = {
  id: RuleId.TooLarge,
  summary: 'A variable over 128 KiB, or an implicit allocation over 64 KiB, is too large for the stack.',
  hooks: {
    forceVariable(c: RuleContext, loc: Loc, type: GoType): boolean {
      const size = sizeOf(type, c.underlying);
      if (size === undefined || size <= MAX_STACK_VAR_SIZE) return false;
      loc.forced = RuleId.TooLarge;
      return true;
    },
    forceAllocation(c: RuleContext, site: AllocationSite): boolean {
      if (!site.type) return false;
      let size: number | undefined;
      if (site.kind === 'make') {
        const u = c.underlying(site.type);
        if (u.k !== 'slice' || !site.sizeArgs?.length) return false;
        const n = c.constValue(site.sizeArgs[site.sizeArgs.length - 1]);
        const elem = sizeOf(u.elem, c.underlying);
        if (n === undefined || elem === undefined) return false;
        size = n * elem;
      } else if (site.kind === 'new' || site.kind === 'composite') {
        size = sizeOf(site.type, c.underlying);
      }
      if (size === undefined || size <= MAX_IMPLICIT_STACK_VAR_SIZE) return false;
      site.loc.forced = RuleId.TooLarge;
      return true;
    },
  },
};
