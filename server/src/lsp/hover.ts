// textDocument/hover. On a finding: the verdict, the compiler's exact message, why (the chain
// with links), the rule and the fix. On a local variable with no finding in a package that
// compiled: it stays on the stack, so users can check that a fix worked.
import { Connection, Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { hoverMarkdown, stackHoverMarkdown } from '../core/explain/hoverText';
import { declaredLocalAt } from '../core/treesitter/locals';
import type { Entry } from '../session/docEntries';
import type { Session } from '../session/session';
import type { DocumentView } from '../session/view';
import { URI } from '../session/uri';
import type { RuleLinks } from './ruleLinks';

function contains(e: Entry, pos: Position): boolean {
  const { start, end } = e.range;
  const after = pos.line > start.line || (pos.line === start.line && pos.character >= start.character);
  const before = pos.line < end.line || (pos.line === end.line && pos.character <= end.character);
  return after && before;
}

/** Notes on where the hover's verdicts come from, when they are not the compiler's latest. */
function stateNotes(v: DocumentView): string[] {
  if (v.doc.skipReason) return [`_No predictions in this file because ${v.doc.skipReason}: what is underlined is the compiler's verdict as of its last run._`];
  if (v.excluded) return [`_This file is not part of the build because ${v.excluded}, so the compiler says nothing about it; these are predictions. Add the tags or GOOS/GOARCH you build with to \`goEscape.buildFlags\` or \`goEscape.env\`._`];
  if (v.pkg && v.pkg.state !== 'ok') return [`_Analysis paused: ${v.pkg.summary}_`];
  if (!v.trusted) return ['_Untrusted workspace: the compiler is not run; these are predictions._'];
  return [];
}

export function hoverAt(session: Session, rules: RuleLinks, v: DocumentView, pos: Position): Hover | null {
  const settings = v.settings;
  const all = v.entries();
  const hits = all.filter((e) => contains(e, pos) && settings.include.has(e.finding.category));
  if (hits.length > 0) {
    // A link that opens a file at a position; VS Code and most clients understand `#Lline,col`.
    const fileUri = (file: string, line: number, column: number) => {
      const p = session.positions.position(file, line, column);
      return `${URI.fromFile(file)}#L${p.line + 1},${p.character + 1}`;
    };
    const parts = hits.map((e) => hoverMarkdown(e.finding, {
      goVersion: v.goVersion,
      fileUri,
      rulesBase: rules.base,
      context: v.pkg?.reasons,
      quickFixTitle: v.fixTitle(e.finding),
    }));
    // A copy: entries' ranges move in place with later edits, and the reply is written later.
    const r = hits[0].range;
    return { contents: { kind: MarkupKind.Markdown, value: [...parts, ...stateNotes(v)].join('\n\n---\n\n') }, range: { start: { ...r.start }, end: { ...r.end } } };
  }
  // No finding here: on a local variable of a package that compiled, say it stays on the stack.
  const d = v.doc;
  const tree = d.tree?.tree;
  const name = tree ? declaredLocalAt(tree, d.tree!.lineIndex.offsetAt(pos)) : undefined;
  const pkg = v.pkg;
  if (!name || v.excluded || !pkg || pkg.state !== 'ok' || !pkg.versions || pkg.versions.get(d.uri) === undefined) return null;
  if (pkg.versions.get(d.uri) !== d.doc.version && v.isEditedAt(pos)) return null;
  // A heap verdict on the same line (the variable itself, or the value it is given, such as
  // `make([]byte, n)`) would make "stays on the stack" misleading, so say nothing then.
  // The document's entries are where the findings are now (they move with edits), and
  // comparing lines costs nothing per finding.
  if (all.some((e) => (e.finding.category === 'moved' || e.finding.category === 'escapes') && e.range.start.line === pos.line)) return null;
  return { contents: { kind: MarkupKind.Markdown, value: stackHoverMarkdown(name, pkg.goVersion, { rulesBase: rules.base }) } };
}

export function registerHover(connection: Connection, session: () => Session, rules: () => RuleLinks): void {
  connection.onHover((p): Hover | null => {
    const s = session();
    const v = s.view(p.textDocument.uri);
    return v ? hoverAt(s, rules(), v, p.position) : null;
  });
}
