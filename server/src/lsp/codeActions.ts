// textDocument/codeAction: quick fixes that the compiler verified before they are offered (their
// titles say how many heap findings they remove), and "Show why" on every finding.
import { CodeAction, CodeActionKind, Connection, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { RangedFixAction } from '../core/fixes/service';
import { ruleEntry } from '../core/catalogue/catalogue';
import { ShowWhyCommand } from '../protocol';
import type { Entry } from '../session/docEntries';
import type { Session } from '../session/session';
import type { RuleLinks } from './ruleLinks';
import { SOURCE, compilerMessage, type DiagnosticData } from './toProto';

/** `versions`: the versions of the open documents the fix was computed from. */
function toWorkspaceEdit(session: Session, fix: RangedFixAction, versioned: boolean, versions: ReadonlyMap<string, number>): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const uri = session.docs.uriOfFile(e.file);
    const list = byUri.get(uri) ?? [];
    list.push(TextEdit.replace(e.range, e.newText));
    byUri.set(uri, list);
  }
  if (!versioned) return { changes: Object.fromEntries(byUri) };
  const documentChanges: TextDocumentEdit[] = [];
  for (const [uri, edits] of byUri) documentChanges.push(TextDocumentEdit.create({ uri, version: versions.get(uri) ?? null }, edits));
  return { documentChanges };
}

export function registerCodeActions(connection: Connection, session: () => Session, rules: () => RuleLinks, versionedEdits: () => boolean, log: (m: string) => void): void {
  connection.onCodeAction(async (p, token): Promise<CodeAction[]> => {
    const s = session();
    const v = s.view(p.textDocument.uri);
    if (!v) return [];
    const d = v.doc;
    const version = d.doc.version;
    const entries = v.entries();
    const actions: CodeAction[] = [];
    for (const diag of p.context.diagnostics) {
      const data = diag.data as DiagnosticData | undefined;
      if (!data || diag.source !== SOURCE) continue;
      const message = compilerMessage(typeof diag.message === 'string' ? diag.message : diag.message.value);
      const code = typeof diag.code === 'string' ? diag.code : 'unexplained';
      const at = diag.range.start;
      // Diagnostics carry no finding; the entry is found again by position and message.
      const entry: Entry | undefined = entries.find((e) => e.range.start.line === at.line && e.range.start.character === at.character && e.finding.message === message);
      const rule = ruleEntry(entry?.finding.rule ?? code);
      if (entry) {
        try {
          const result = await s.fixesFor(d.uri, entry);
          // Edits computed from an older text must not be offered for the new one.
          if (token.isCancellationRequested || d.doc.version !== version) return [];
          for (const fix of result?.fixes ?? []) {
            actions.push({
              title: fix.title,
              kind: fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
              diagnostics: [diag],
              isPreferred: fix.kind === 'quickfix',
              edit: toWorkspaceEdit(s, fix, versionedEdits(), result!.versions),
            });
          }
        } catch (e) {
          if (s.docs.get(d.uri) === d && d.doc.version === version) log(`fix verification failed: ${(e as Error).stack ?? e}`);
        }
      }
      actions.push({
        title: `Show why: ${rule?.title ?? code}`,
        kind: CodeActionKind.Empty,
        diagnostics: [diag],
        command: { title: 'Show why', command: ShowWhyCommand, arguments: [rules().href(code)] },
      });
    }
    return actions;
  });
}
