// textDocument/codeLens: over each function with heap findings, how many there are ("3 heap
// allocations"). Lenses are made without their titles and resolved when the client shows them;
// after each compiler result the client is asked to refresh them.
import type { CodeLens, Connection } from 'vscode-languageserver/node';
import { benchmarkLenses } from '../core/profile/lenses';
import { functionWeight } from '../core/profile/weights';
import { percent, sampleTypeWords } from '../core/profile/describe';
import { MeasureAllocationsCommand, ShowAllocationsCommand } from '../protocol';
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
    const lenses: CodeLens[] = functionSummaries(v).map((s) => ({
      range: { start: { line: s.range.start.line, character: 0 }, end: { line: s.range.start.line, character: 0 } },
      data: { uri: v.doc.uri, line: s.range.start.line } satisfies LensData,
    }));
    // Benchmarks measure where they allocate; that runs go test, so only where processes may run.
    const tree = v.doc.tree?.tree;
    if (tree && v.trusted && v.doc.file?.endsWith('_test.go')) {
      for (const b of benchmarkLenses(tree)) {
        const at = { line: b.line - 1, character: 0 };
        lenses.push({ range: { start: at, end: at }, command: { title: b.title, command: MeasureAllocationsCommand, arguments: [v.doc.uri, b.name] } });
      }
    }
    return lenses;
  });
  connection.onCodeLensResolve((lens): CodeLens => {
    const data = lens.data as LensData | undefined;
    const v = data && session().view(data.uri);
    const s = v && functionSummaries(v).find((x) => x.range.start.line === data!.line);
    if (!v || !s) return { ...lens, command: { title: 'no heap allocations', command: '' } };
    const n = s.heap.length;
    const w = v.profile && v.doc.file ? functionWeight(v.profile, v.doc.file, s.range.start.line + 1, s.range.end.line + 1) : undefined;
    const weight = w ? ` · ${percent(w.share)} of ${sampleTypeWords(w.sampleType)}` : '';
    const title = `${n} heap allocation${n === 1 ? '' : 's'}${s.predicted ? ' (predicted)' : ''}${weight}`;
    const locations = s.heap.map((e) => ({ uri: v.doc.uri, range: e.range }));
    return { ...lens, command: { title, command: ShowAllocationsCommand, arguments: [v.doc.uri, lens.range.start, locations] } };
  });
}

/** Asks the client to ask for lenses again (after a compiler result), when it can. */
export function refreshCodeLenses(connection: Connection, supported: boolean): void {
  if (supported) void connection.sendRequest('workspace/codeLens/refresh').catch(() => {});
}
