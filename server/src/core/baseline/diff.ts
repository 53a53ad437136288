// Which heap findings are new against a baseline, and which went away. Findings match by key
// (key.ts), never by line.
import type { Finding } from '../findings';
import type { BaselineEntry } from './baselineFile';
import { FindingKey, keyString } from './key';

export interface BaselineDiff {
  added: { finding: Finding; key: FindingKey }[];
  fixed: BaselineEntry[];
}

/**
 * `inScope` says which baseline entries this run could have found again (their file is in an
 * analysed package); entries outside it are neither matched nor fixed.
 */
export function diffAgainst(current: ReadonlyMap<Finding, FindingKey>, baseline: readonly BaselineEntry[], inScope: (e: BaselineEntry) => boolean): BaselineDiff {
  const known = new Set(baseline.map(keyString));
  const seen = new Set<string>();
  const added: BaselineDiff['added'] = [];
  for (const [finding, key] of current) {
    const k = keyString(key);
    seen.add(k);
    if (!known.has(k)) added.push({ finding, key });
  }
  const fixed = baseline.filter((e) => !seen.has(keyString(e)) && inScope(e));
  return { added, fixed };
}
