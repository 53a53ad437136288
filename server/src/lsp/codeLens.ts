// textDocument/codeLens: over each function with heap findings, how many there are ("3 heap
// allocations"). Lenses are made without their titles and resolved when the client shows them;
// after each compiler result the client is asked to refresh them.
import type { CodeLens, Connection } from 'vscode-languageserver/node';
import { ShowAllocationsCommand } from '../protocol';
import { functionSummaries } from '../session/functionSummaries';
import type { Session } from '../session/session';

interface LensData {
  uri: string;
  /** The line of the function's declaration when the lens was made. */
  line: number;
}

export function registerCodeLens(connection: Connection, session: () => Session): void {
  connection.onCodeLens((p): CodeLens[] => {
    const v = session().view(p.textDocument.uri);
    if (!v) return [];
    return functionSummaries(v).map((s) => ({
      range: { start: { line: s.range.start.line, character: 0 }, end: { line: s.range.start.line, character: 0 } },
      data: { uri: v.doc.uri, line: s.range.start.line } satisfies LensData,
    }));
  });
  connection.onCodeLensResolve((lens): CodeLens => {
    const data = lens.data as LensData | undefined;
    const v = data && session().view(data.uri);
    const s = v && functionSummaries(v).find((x) => x.range.start.line === data!.line);
    if (!v || !s) return { ...lens, command: { title: 'no heap allocations', command: '' } };
    const n = s.heap.length;
    const title = `${n} heap allocation${n === 1 ? '' : 's'}${s.predicted ? ' (predicted)' : ''}`;
    const locations = s.heap.map((e) => ({ uri: v.doc.uri, range: e.range }));
    return { ...lens, command: { title, command: ShowAllocationsCommand, arguments: [v.doc.uri, lens.range.start, locations] } };
  });
}

/** Asks the client to ask for lenses again (after a compiler result), when it can. */
export function refreshCodeLenses(connection: Connection, supported: boolean): void {
  if (supported) void connection.sendRequest('workspace/codeLens/refresh').catch(() => {});
}
