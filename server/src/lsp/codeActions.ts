// Code actions on findings: verified quick fixes and "Show why". Filled in by the fixes module.
import { CodeAction, CodeActionKind, Connection } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { ruleHref } from './ruleLinks';
import type { DiagnosticData } from './toProto';

export function registerCodeActions(connection: Connection, state: () => ServerState): void {
  connection.onCodeAction((p): CodeAction[] => {
    const s = state();
    if (!s.docs.get(p.textDocument.uri)) return [];
    const actions: CodeAction[] = [];
    for (const diag of p.context.diagnostics) {
      const data = diag.data as DiagnosticData | undefined;
      if (!data || diag.source !== 'go-escape') continue;
      actions.push({
        title: `Show why: ${data.message}`,
        kind: CodeActionKind.Empty,
        diagnostics: [diag],
        command: { title: 'Show why', command: 'vscode.open', arguments: [ruleHref(data.rule)] },
      });
    }
    return actions;
  });
  connection.onCodeActionResolve((a) => a);
}
