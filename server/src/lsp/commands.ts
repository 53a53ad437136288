// workspace/executeCommand: "analyse now" and "Show why", which opens a rule's section.
import type { Connection } from 'vscode-languageserver/node';
import { AnalyzeNowCommand, ShowAllocationsCommand, ShowWhyCommand, StatsRequest } from '../protocol';
import type { Session } from '../session/session';

export const COMMANDS = [AnalyzeNowCommand, ShowWhyCommand, ShowAllocationsCommand];

export function registerCommands(connection: Connection, session: () => Session, log: (m: string) => void): void {
  connection.onExecuteCommand(async (p) => {
    if (p.command === AnalyzeNowCommand) session().analyzeNow();
    // A client without a peek view of its own gets the locations back.
    else if (p.command === ShowAllocationsCommand) return p.arguments?.[2] ?? null;
    else if (p.command === ShowWhyCommand && typeof p.arguments?.[0] === 'string') await showWhy(connection, p.arguments[0], log);
    return null;
  });
  connection.onRequest(StatsRequest, () => session().stats());
}

/** Opens a rule's section through the client (`window/showDocument`), or logs where it is. */
async function showWhy(connection: Connection, href: string, log: (m: string) => void): Promise<void> {
  try {
    const r = await connection.window.showDocument({ uri: href, external: /^https?:/.test(href), takeFocus: true });
    if (!r.success) log(`client did not open ${href}`);
  } catch {
    log(`rule documentation: ${href}`);
  }
}
