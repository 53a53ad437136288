// workspace/executeCommand: "analyse now" and "Show why", which opens a rule's section.
import type { Connection } from 'vscode-languageserver/node';
import { MessageType } from 'vscode-languageserver/node';
import { AnalyzeNowCommand, HottestAllocationsCommand, MeasureAllocationsCommand, ShowAllocationsCommand, ShowWhyCommand, StatsRequest } from '../protocol';
import { percent } from '../core/profile/describe';
import type { StatusReporter } from './status';
import type { Session } from '../session/session';
import { abortOnce } from '../core/util/abort';

export const COMMANDS = [AnalyzeNowCommand, ShowWhyCommand, ShowAllocationsCommand, MeasureAllocationsCommand, HottestAllocationsCommand];

export function registerCommands(connection: Connection, session: () => Session, log: (m: string) => void, status: () => StatusReporter): void {
  connection.onExecuteCommand(async (p, token) => {
    if (p.command === MeasureAllocationsCommand && typeof p.arguments?.[0] === 'string' && typeof p.arguments?.[1] === 'string') {
      // Cancelling the command (or the client going away) stops the benchmark and its processes.
      const controller = new AbortController();
      token.onCancellationRequested(() => abortOnce(controller));
      const name = p.arguments[1];
      const said = await status().withProgress(`Measuring allocations of ${name}`, session().measureBenchmark(p.arguments[0], name, controller.signal));
      void connection.sendNotification('window/showMessage', { type: said.includes(' measured') ? MessageType.Info : MessageType.Warning, message: said });
      return null;
    }
    if (p.command === HottestAllocationsCommand) {
      return session().hottest().map((h) => ({ uri: h.uri, range: h.range, message: h.finding.message, ...(h.share !== undefined ? { share: h.share, label: percent(h.share) } : {}) }));
    }
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
