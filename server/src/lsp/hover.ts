// textDocument/hover. On a finding: the verdict, the compiler's exact message, why (the chain
// with links), the rule and the fix. On a local variable with no finding in a package that
// compiled: it stays on the stack, so users can check that a fix worked.
import { Connection, Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { stackHoverMarkdown } from '../core/explain/hoverText';
import { hoverGroupMarkdown } from '../core/explain/hoverGroup';
import { packageSyntax } from '../core/explain/packageSyntax';
import { messageCategory } from '../core/findings';
import { failureMarkdown } from '../core/assert';
import * as path from 'node:path';
import { declaredLocalAt } from '../core/treesitter/locals';
import type { Entry } from '../session/docEntries';
import type { Session } from '../session/session';
import type { DocumentView } from '../session/view';
import { URI } from '../session/uri';
import type { RuleLinks } from './ruleLinks';
import { weightNotes } from './hoverWeights';

function contains(e: Pick<Entry, 'range'>, pos: Position): boolean {
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
  if (v.pkg?.pgo) return [`_Analysed under profile-guided optimization with \`${v.pkg.pgo}\`, as \`go build\` of the main package that uses it compiles this package (\`goEscape.pgo\`)._`];
  return [];
}

export function hoverAt(session: Session, rules: RuleLinks, v: DocumentView, pos: Position): Hover | null {
  const failed = v.doc.entries.failedAssertions.filter((a) => contains(a, pos));
  if (failed.length > 0) {
    const r = failed[0].range;
    return { contents: { kind: MarkupKind.Markdown, value: failed.map((a) => failureMarkdown(a.failure, (f) => path.basename(f))).join('\n\n---\n\n') }, range: { start: { ...r.start }, end: { ...r.end } } };
  }
  const settings = v.settings;
  const all = v.entries();
  const hits = all.filter((e) => contains(e, pos) && settings.include.has(e.finding.category));
  if (hits.length > 0) {
    // A link that opens a file at a position; VS Code and most clients understand `#Lline,col`.
    const fileUri = (file: string, line: number, column: number) => {
      const p = session.positions.position(file, line, column);
      return `${URI.fromFile(file)}#L${p.line + 1},${p.character + 1}`;
    };
    // Several findings on one line make one short hover; temporaries read as the source they
    // hold, from the trees of the package's open files.
    const markdown = hoverGroupMarkdown(hits.map((e) => e.finding), {
      goVersion: v.goVersion,
      fileUri,
      rulesBase: rules.base,
      context: v.pkg?.reasons,
      pkg: openPackageSyntax(session, v),
      modulePath: v.modulePath,
    }, (f) => ({ quickFixTitle: v.fixTitle(f), refused: v.fixRefusals(f) }));
    // A copy: entries' ranges move in place with later edits, and the reply is written later.
    const r = hits[0].range;
    const weights = weightNotes(v, hits.map((e) => e.finding));
    const body = weights.length > 0 ? `${markdown}\n\n${weights.join('\n\n')}` : markdown;
    return { contents: { kind: MarkupKind.Markdown, value: [body, ...stateNotes(v)].join('\n\n---\n\n') }, range: { start: { ...r.start }, end: { ...r.end } } };
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
  if (all.some((e) => { const c = messageCategory(e.finding); return (c === 'moved' || c === 'escapes') && e.range.start.line === pos.line; })) return null;
  return { contents: { kind: MarkupKind.Markdown, value: stackHoverMarkdown(name, pkg.goVersion, { rulesBase: rules.base }) } };
}

/** The open documents of a document's package, with their current trees. */
function openPackageSyntax(session: Session, v: DocumentView) {
  const file = v.doc.file;
  if (!file) return undefined;
  const files = session.docs.inDirectory(path.dirname(file)).flatMap((d) => (d.file && d.tree?.tree ? [{ path: d.file, text: d.doc.getText(), root: d.tree.tree.rootNode }] : []));
  return files.length > 0 ? packageSyntax(files) : undefined;
}

/**
 * How long a hover waits for the quick fixes of its findings to be verified, so that it can
 * name the fix or say why none is offered. Editors ask for code actions where the cursor is, so
 * the verification has usually started before the hover; a slow one does not hold it up.
 */
const FIX_WAIT_MS = 250;

export function registerHover(connection: Connection, session: () => Session, rules: () => RuleLinks): void {
  connection.onHover(async (p): Promise<Hover | null> => {
    const s = session();
    const v = s.view(p.textDocument.uri);
    if (!v) return null;
    const hits = v.entries().filter((e) => contains(e, p.position) && v.settings.include.has(e.finding.category));
    const verifying = hits.map((e) => s.fixesFor(v.doc.uri, e).catch(() => undefined));
    // A finding whose fixes were verified for this text of the document is shown with that
    // answer at once. An edit of another file of the module starts the verification again (it
    // runs on for the code action, which offers only what it verifies), and waiting for it
    // after every such edit held every hover for as long.
    const unknown = verifying.filter((_, i) => v.fixRefusals(hits[i].finding) === undefined);
    if (unknown.length > 0) await Promise.race([Promise.all(unknown), new Promise((r) => setTimeout(r, FIX_WAIT_MS))]);
    const now = s.view(p.textDocument.uri);
    return now ? hoverAt(s, rules(), now, p.position) : null;
  });
}
