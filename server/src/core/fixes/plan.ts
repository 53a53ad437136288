// What a fix computes before verification: the edits and what they mean for the user.
import type { Finding } from '../findings';
import type { FileEdit } from './edits';

export type FixKind = 'return-by-value' | 'preallocate' | 'closure-capture';

export interface FixPlan {
  kind: FixKind;
  /** The finding the fix is for. */
  finding: Finding;
  /** The title before verification adds what the fix buys, e.g. `Return User by value`. */
  title: string;
  edits: FileEdit[];
  /** True when an exported function or method changes its signature. */
  changesExportedApi: boolean;
  /**
   * True when the fix is only worth offering if the compiler then reports fewer heap findings.
   * Advice (pre-allocation) changes run-time growth that `-m` does not count, so it only has to build.
   */
  mustRemoveFindings: boolean;
  /** A behaviour change the user should know about, shown in the title. */
  note?: string;
}

/**
 * Either a plan, or the reason no fix is offered (for the log, hovers and refusal tests).
 * `inapplicable` marks a finding the fix is not meant for at all, which hovers leave unsaid.
 */
export type PlanResult = { ok: true; plan: FixPlan } | { ok: false; reason: string; inapplicable?: boolean };

export function refuse(reason: string): PlanResult {
  return { ok: false, reason };
}

/** The finding is not one this fix is for (another kind of verdict or expression). */
export function notApplicable(reason: string): PlanResult {
  return { ok: false, reason, inapplicable: true };
}
