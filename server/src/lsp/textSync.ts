// Text synchronisation: open, incremental change, save and close, handed to the session.
import type { Connection } from 'vscode-languageserver/node';
import type { Session } from '../session/session';

export interface TextSyncHooks {
  /** A document opened (the warm-up may start once the grammar is there). */
  opened(): void;
  /** A real edit arrived (the warm-up stops). */
  edited(): void;
}

export function registerTextSync(connection: Connection, session: () => Session, hooks: TextSyncHooks): void {
  connection.onDidOpenTextDocument((p) => {
    session().open(p.textDocument.uri, p.textDocument.version, p.textDocument.text);
    hooks.opened();
  });
  connection.onDidChangeTextDocument((p) => {
    hooks.edited();
    session().change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
  });
  connection.onDidSaveTextDocument((p) => session().save(p.textDocument.uri));
  connection.onDidCloseTextDocument((p) => session().close(p.textDocument.uri));
}
