// The entry point the LSP layer calls: for one finding, which verified fixes to offer, plus
// the "Show why" action every finding gets. Planning is cheap and synchronous; verification
// runs the compiler, so it takes an AbortSignal and is meant for codeAction/resolve or a
// background pass, not for every keystroke.
import * as path from 'node:path';
import type { Finding } from '../findings';
import type { FileEdit } from './edits';
import type { GoWorkspace } from './goWorkspace';
import type { FixKind, FixPlan, PlanResult } from './plan';
import { planReturnByValue } from './returnByValue';
import { planPreallocate } from './preallocate';
import { planClosureCapture } from './passCaptured';
import { formatEdits } from './format';
import { verifyFix, type VerifyResult, type VerifySettings } from './verify';

export const FIX_PLANNERS: Record<FixKind, (ws: GoWorkspace, finding: Finding) => PlanResult> = {
  'return-by-value': planReturnByValue,
  preallocate: planPreallocate,
  'closure-capture': planClosureCapture,
};

/** A fix the user can apply; `kind` maps to LSP `quickfix` or, for advice, `refactor.rewrite`. */
export interface FixAction {
  kind: 'quickfix' | 'advice';
  fix: FixKind;
  title: string;
  edits: FileEdit[];
  /** Heap findings the compiler no longer reports with the fix applied (negative when it adds some). */
  removedCount: number;
  changesExportedApi: boolean;
}

/**
 * A fix that was considered and not offered, with the reason, for the log and for the hover
 * (`explain/fixAdvice.ts` shows the one the finding's rule suggests). `inapplicable`: the
 * finding is not one the fix is meant for, so there is nothing to tell the user.
 */
export interface RefusedFix {
  fix: FixKind;
  reason: string;
  inapplicable?: boolean;
}

/** The non-fix action that opens the rule page explaining a finding. */
export interface ShowWhyAction {
  title: string;
  ruleId: string;
  /** Page and anchor in the rule catalogue, `RULES.md#<rule-id>`. */
  target: string;
}

export interface FindingActions {
  fixes: FixAction[];
  refused: RefusedFix[];
  showWhy: ShowWhyAction;
}

export function showWhyAction(finding: Finding): ShowWhyAction {
  return { title: `Show why: ${finding.message}`, ruleId: finding.rule, target: `RULES.md#${finding.rule}` };
}

/** Plans of every fix that applies to the finding syntactically, and why the others do not. */
export function planFixes(ws: GoWorkspace, finding: Finding): { plans: FixPlan[]; refused: RefusedFix[] } {
  const plans: FixPlan[] = [];
  const refused: RefusedFix[] = [];
  for (const [fix, plan] of Object.entries(FIX_PLANNERS) as [FixKind, (ws: GoWorkspace, f: Finding) => PlanResult][]) {
    const r = plan(ws, finding);
    const generated = r.ok ? r.plan.edits.map((e) => e.file).find((f) => isGenerated(ws.text(f) ?? '')) : undefined;
    if (generated) refused.push({ fix, reason: `the fix would edit the generated file ${path.basename(generated)}` });
    else if (r.ok) plans.push(r.plan);
    else refused.push({ fix, reason: r.reason, ...(r.inapplicable ? { inapplicable: true } : {}) });
  }
  return { plans, refused };
}

/** Go's marker for generated files (https://go.dev/s/generatedcode), which fixes must not edit. */
export function isGenerated(text: string): boolean {
  return /^\/\/ Code generated .* DO NOT EDIT\.$/m.test(text);
}

/** The title a verified plan is offered under. */
export function fixTitle(plan: FixPlan, verified: VerifyResult): string {
  let title = plan.title;
  const n = verified.removedCount;
  const note = plan.note ? `; ${plan.note}` : '';
  if (n >= 1) title += ` (removes ${n} heap allocation${n === 1 ? '' : 's'}${note})`;
  else if (!plan.mustRemoveFindings) title += ` (advice: fewer allocations while the slice grows${note})`;
  else if (note) title += ` (${plan.note})`;
  if (plan.changesExportedApi) title += ' — changes exported API';
  return title;
}

/** Plans and verifies every fix for a finding, sequentially (one go build at a time). */
export async function fixActionsForFinding(ws: GoWorkspace, finding: Finding, settings: VerifySettings, signal?: AbortSignal): Promise<FindingActions> {
  const { plans, refused } = planFixes(ws, finding);
  const fixes: FixAction[] = [];
  for (const planned of plans) {
    if (signal?.aborted) break;
    // The edits the user gets are the gofmt-formatted ones, so those are what gets verified.
    const plan = { ...planned, edits: await formatEdits(ws.sources, planned.edits, settings, signal) };
    const v = await verifyFix(ws, plan, settings, signal);
    if (!v.ok) {
      refused.push({ fix: plan.kind, reason: `verification: ${v.reason ?? 'failed'}` });
      continue;
    }
    fixes.push({
      kind: v.removedCount >= 1 ? 'quickfix' : 'advice',
      fix: plan.kind,
      title: fixTitle(plan, v),
      edits: plan.edits,
      removedCount: v.removedCount,
      changesExportedApi: plan.changesExportedApi,
    });
  }
  return { fixes, refused, showWhy: showWhyAction(finding) };
}
