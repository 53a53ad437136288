// Hover on a finding: the verdict, the compiler's exact message, and why (from the explain
// module). On a variable with no finding in a compiled package: it stays on the stack.
import { Connection, Hover, MarkupKind } from 'vscode-languageserver/node';
import type { ServerState } from './server';

export function registerHover(connection: Connection, state: () => ServerState): void {
  connection.onHover((p): Hover | null => {
    const s = state();
    const d = s.docs.get(p.textDocument.uri);
    if (!d) return null;
    const pos = p.position;
    const hits = s.diagnostics.entries(d.uri).filter((e) => {
      const { start, end } = e.range;
      const after = pos.line > start.line || (pos.line === start.line && pos.character >= start.character);
      const before = pos.line < end.line || (pos.line === end.line && pos.character <= end.character);
      return after && before;
    });
    if (hits.length === 0) return null;
    const parts = hits.map((e) => `**${e.finding.message}**${e.finding.origin === 'prediction' ? ' _(predicted)_' : ''}\n\nRule: \`${e.finding.rule}\``);
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: hits[0].range };
  });
}
