// The one place findings become LSP diagnostics: severity, code, links, related information.
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { Finding } from '../core/findings';
import { Utf16Range } from '../core/ranges';
import { Settings, SeverityName } from './settings';
import { URI } from './uri';
import { ruleHref } from './ruleLinks';
import { relatedSteps } from './explainBridge';

export const SOURCE = 'go-escape';

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  origin: Finding['origin'];
  category: Finding['category'];
  rule: string;
  /** The compiler's 1-based line and byte column, for code actions and hovers. */
  line: number;
  column: number;
  message: string;
}

export function toDiagnostic(f: Finding, range: Utf16Range, settings: Settings, uriOf: (file: string) => string): Diagnostic {
  const predicted = f.origin === 'prediction';
  const d: Diagnostic = {
    range,
    severity: SEVERITY[settings.severity[f.category]],
    message: predicted ? `${f.message} (predicted)` : f.message,
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: ruleHref(f.rule) },
    data: { origin: f.origin, category: f.category, rule: f.rule, line: f.line, column: f.column, message: f.message } satisfies DiagnosticData,
  };
  const related: DiagnosticRelatedInformation[] = [];
  for (const step of relatedSteps(f)) {
    related.push({
      location: { uri: uriOf(step.file), range: { start: step.position, end: step.position } },
      message: step.message,
    });
  }
  if (related.length > 0) d.relatedInformation = related;
  return d;
}

export function defaultUriOf(file: string): string {
  return URI.fromFile(file);
}
