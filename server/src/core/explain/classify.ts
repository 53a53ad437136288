// Gives each finding its rule id from the compiler's explanation (see reason.ts). The CLI and
// the language server call `explainFindings` on every compiler result.
import type { Finding } from '../findings';
import { RuleId } from '../catalogue/ids';
import { ReasonContext, buildReasonContext, readReason } from './reason';

/**
 * The rule id for one finding, read from the compiler's flow steps. A finding without an
 * explanation (no `-m=2`, or a verdict the compiler prints without one) is `unexplained`;
 * `goVersion` is accepted so that version-specific readings have one place to go.
 */
export function classify(finding: Finding, _goVersion?: string, context?: ReasonContext): string {
  // A verdict that allocates nothing keeps that rule; its reading (the cause) is `causeOf`.
  if (finding.noAlloc) return RuleId.NoAllocation;
  return readReason(finding, context).rule;
}

/**
 * Sets `rule` on every compiler finding of one build (predictions keep the rule their predictor
 * chose). Pass all findings of the package together: some readings depend on the others.
 */
export function explainFindings(findings: Finding[], goVersion?: string, context: ReasonContext = buildReasonContext(findings)): Finding[] {
  for (const f of findings) {
    // Inlining, bounds and nil findings get their rule from the parser; they have no explanation.
    if (f.origin === 'compiler' && !f.decision) f.rule = classify(f, goVersion, context);
  }
  return findings;
}
