// A baseline from an analysis: every heap finding by key, with the conditions it was computed in.
import type { Parser } from 'web-tree-sitter';
import type { CheckInput } from '../gate/checker';
import { Baseline, BASELINE_FORMAT, BASELINE_VERSION, BaselineConditions } from './baselineFile';
import { keyedFindings } from './newFindings';

export function makeBaseline(input: CheckInput, parser: Parser, conditions: BaselineConditions, patterns: string[]): Baseline {
  const findings = [...keyedFindings(input, parser)].map(([f, k]) => ({ ...k, line: f.line, column: f.column }));
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, ...conditions, patterns, findings };
}
