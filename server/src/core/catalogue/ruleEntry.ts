// The shape of a rule catalogue entry (catalogue.ts holds the entries, decisionRules.ts those
// for the compiler's other decisions and for assertions).
import type { FixKind } from '../fixes/plan';
import type { RuleIdValue } from './ids';

/**
 * `cause`: a reason the compiler moves something to the heap, chosen by the classifier.
 * `verdict`: a compiler verdict that is not a heap allocation (`leaking param`, `does not escape`)
 * or the absence of an explanation. `advice`: guidance from the article that no single compiler
 * message proves; hovers link it from the causes it relates to. `decision`: another optimization
 * decision of the compiler (inlining, bounds and nil checks). `assertion`: a failed directive.
 */
export type RuleKind = 'cause' | 'verdict' | 'advice' | 'decision' | 'assertion';

/** Names of the quick fixes the fixes module offers. */
export type QuickFixKind = FixKind;

export interface RuleLink {
  title: string;
  href: string;
}

export interface RuleEntry {
  id: RuleIdValue;
  kind: RuleKind;
  /** Short title, used as the hover heading and the RULES.md section title. */
  title: string;
  /** What happens, in plain words (Markdown, inline code only). */
  summary: string;
  /** Messages and explanation steps the compiler prints for this rule, verbatim. */
  compilerPrints: string[];
  /** How to avoid it, when avoiding it is worth it. */
  avoid: string;
  /** The fix in one sentence, for hovers (which link the rule's section for `avoid`); causes have one. */
  hoverFix?: string;
  /** When it is not worth the trouble. */
  notWorthIt: string;
  /** What changes between Go releases, with the versions named. */
  versionNote?: string;
  /** The section of the article (Memory Mechanics In Go) this rule relates to. */
  articleSection: string;
  /** Links outside this project; the rule's own RULES.md section comes from `ruleHref`. */
  links: RuleLink[];
  /** The quick fix the fixes module can offer for findings under this rule. */
  fix?: QuickFixKind;
  /** Related rules (usually advice) that a hover and RULES.md point to. */
  seeAlso?: RuleIdValue[];
}
