// `make` with a size the compiler cannot know at compile time. Before Go 1.25 such a slice was
// always heap-allocated; since Go 1.25 (golang/go#73253) the compiler keeps small ones on the
// stack when they do not otherwise escape, so the rule only fires for older toolchains.
import { RuleId } from '../../catalogue/ids';
import type { AllocationSite, PredictRule, RuleContext } from './rule';

export const nonConstantSize: PredictRule = {
  id: RuleId.NonConstantSize,
  summary: '`make` of a slice with a non-constant size (heap-allocated before Go 1.25).',
  hooks: {
    forceAllocation(c: RuleContext, site: AllocationSite): boolean {
      if (site.kind !== 'make' || !site.type || !site.sizeArgs?.length) return false;
      if (c.underlying(site.type).k !== 'slice') return false;
      if (c.goMinor === undefined || c.goMinor >= 25) return false;
      // With a constant capacity the length does not matter: make([]T, n, 64) has a known size.
      const sizeArg = site.sizeArgs[site.sizeArgs.length - 1];
      if (c.isConstant(sizeArg)) return false;
      site.loc.forced = RuleId.NonConstantSize;
      return true;
    },
  },
};
