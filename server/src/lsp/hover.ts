// Hover on a finding: the verdict, the compiler's exact message, why (the chain with links),
// the rule and the fix. On a local variable with no finding in a package that compiled: it
// stays on the stack, so users can check that a fix worked.
import { FUNCTION_TYPES } from '../core/treesitter/nodes';
import { Connection, Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import type { Node } from 'web-tree-sitter';
import { hoverMarkdown, stackHoverMarkdown } from '../core/explain/hoverText';
import type { Entry } from './docDiagnostics';
import type { OpenDocument } from './documents';
import { rulesBase } from './ruleLinks';
import type { ServerState } from './server';
import { URI } from './uri';
import { compilerPosition } from './fileText';

function contains(e: Entry, pos: Position): boolean {
  const { start, end } = e.range;
  const after = pos.line > start.line || (pos.line === start.line && pos.character >= start.character);
  const before = pos.line < end.line || (pos.line === end.line && pos.character <= end.character);
  return after && before;
}

/** A link that opens a file at a position; VS Code and most clients understand `#Lline,col`. */
function fileLink(s: ServerState, file: string, line: number, column: number): string {
  const p = compilerPosition(s.docs, file, line, column);
  return `${URI.fromFile(file)}#L${p.line + 1},${p.character + 1}`;
}

/** Node types that declare a local variable name. */
const DECLARING = new Set(['short_var_declaration', 'var_spec', 'parameter_declaration', 'range_clause', 'const_spec']);

/** The declared local variable under the cursor, if the cursor is on one inside a function. */
function declaredLocal(d: OpenDocument, pos: Position): string | undefined {
  const tree = d.tree?.tree;
  if (!tree) return undefined;
  const off = d.tree!.lineIndex.offsetAt(pos);
  const leaf: Node | null = tree.rootNode.descendantForIndex(off, off);
  if (!leaf || leaf.type !== 'identifier') return undefined;
  let inFunc = false;
  let declares = false;
  for (let n = leaf.parent; n; n = n.parent) {
    if (DECLARING.has(n.type) && !declares) {
      // Only the names on the left of a declaration, not identifiers used in its value.
      const value = n.childForFieldName('value') ?? n.childForFieldName('right');
      declares = !value || leaf.startIndex < value.startIndex;
    }
    if (FUNCTION_TYPES.has(n.type)) {
      inFunc = true;
      break;
    }
  }
  return inFunc && declares && leaf.text !== '_' ? leaf.text : undefined;
}

export function registerHover(connection: Connection, state: () => ServerState): void {
  connection.onHover((p): Hover | null => {
    const s = state();
    const d = s.docs.get(p.textDocument.uri);
    if (!d) return null;
    const pkg = s.diagnostics.packageStatusOf(d);
    const settings = s.settings();
    const hits = s.diagnostics.entries(d.uri).filter((e) => contains(e, p.position) && settings.include.has(e.finding.category));
    const notes: string[] = [];
    const excluded = s.diagnostics.excludedReason(d.uri);
    if (excluded) notes.push(`_This file is not part of the build because ${excluded}, so the compiler says nothing about it; these are predictions. Add the tags or GOOS/GOARCH you build with to \`goEscape.buildFlags\` or \`goEscape.env\`._`);
    else if (pkg && pkg.state !== 'ok') notes.push(`_Analysis paused: ${pkg.summary}_`);
    else if (!s.trusted) notes.push('_Untrusted workspace: the compiler is not run; these are predictions._');
    if (hits.length > 0) {
      const parts = hits.map((e) => hoverMarkdown(e.finding, {
        goVersion: pkg?.goVersion ?? s.diagnostics.lastGoVersion,
        fileUri: (file, line, column) => fileLink(s, file, line, column),
        rulesBase: rulesBase(),
        context: pkg?.reasons,
        quickFixTitle: s.fixTitles?.(d.uri, e.finding),
      }));
      // A copy: entries' ranges move in place with later edits, and the reply is written later.
      const r = hits[0].range;
      return { contents: { kind: MarkupKind.Markdown, value: [...parts, ...notes].join('\n\n---\n\n') }, range: { start: { ...r.start }, end: { ...r.end } } };
    }
    // No finding here: on a local variable of a package that compiled, say it stays on the stack.
    const name = declaredLocal(d, p.position);
    if (!name || excluded || !pkg || pkg.state !== 'ok' || !pkg.versions || pkg.versions.get(d.uri) === undefined) return null;
    if (pkg.versions.get(d.uri) !== d.doc.version && s.diagnostics.isEditedAt(d.uri, p.position)) return null;
    // A heap verdict on the same line (the variable itself, or the value it is given, such as
    // `make([]byte, n)`) would make "stays on the stack" misleading, so say nothing then.
    // The document's entries are where the findings are now (they move with edits), and
    // comparing lines costs nothing per finding.
    const sameLine = s.diagnostics.entries(d.uri).some((e) => (e.finding.category === 'moved' || e.finding.category === 'escapes') && e.range.start.line === p.position.line);
    if (sameLine) return null;
    return { contents: { kind: MarkupKind.Markdown, value: stackHoverMarkdown(name, pkg.goVersion, { rulesBase: rulesBase() }) } };
  });
}
