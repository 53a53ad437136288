// Refines each finding's rule from the compiler's explanation. Until the explain module lands
// this keeps the parser's first classification.
import { Finding } from '../core/findings';

export function explainFindings(findings: Finding[], _goVersion?: string): Finding[] {
  return findings;
}
