// Code actions on findings: quick fixes that the compiler verified before they are offered
// (their titles say how many heap findings they remove), and "Show why" on every finding.
import {
  CodeAction, CodeActionKind, Connection, TextDocumentEdit, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver/node';
import { Finding } from '../core/findings';
import { FixService, RangedFixAction } from '../core/fixes/service';
import { ruleEntry } from '../core/catalogue/catalogue';
import { ShowWhyCommand } from '../protocol';
import type { Entry } from './docDiagnostics';
import type { OpenDocument } from './documents';
import { ruleHref } from './ruleLinks';
import type { ServerState } from './server';
import { compilerMessage, type DiagnosticData } from './toProto';
import { URI } from './uri';

/** Verified fixes by document version and finding, for hovers that mention them. */
const titles = new Map<string, string>();

function titleKey(uri: string, version: number, f: Finding): string {
  return `${uri}@${version}:${f.line}:${f.column}:${f.message}`;
}

/** The title of a verified fix for a finding at the document's current version, if one is known. */
export function knownFixTitle(s: ServerState, uri: string, f: Finding): string | undefined {
  const d = s.docs.get(uri);
  return d ? titles.get(titleKey(uri, d.doc.version, f)) : undefined;
}

/** Verifications under way, by document version and finding, shared by concurrent requests. */
const inFlight = new Map<string, Promise<import('../core/fixes/service').RangedFindingActions>>();
/** One controller per document version; a new version aborts the verifications of the old one. */
const versionControllers = new Map<string, { version: number; controller: AbortController }>();

function documentSignal(d: OpenDocument): AbortSignal {
  const cur = versionControllers.get(d.uri);
  if (cur && cur.version === d.doc.version) return cur.controller.signal;
  cur?.controller.abort();
  const next = { version: d.doc.version, controller: new AbortController() };
  versionControllers.set(d.uri, next);
  return next.controller.signal;
}

/** Stops verifications whose document changed or closed. */
export function documentChanged(uri: string): void {
  versionControllers.get(uri)?.controller.abort();
  versionControllers.delete(uri);
  // Titles name a version of the text; none of them applies any more.
  for (const key of titles.keys()) if (key.startsWith(`${uri}@`)) titles.delete(key);
}

/** True when the document's current text is the text the compiler analysed. */
function analysedNow(s: ServerState, d: OpenDocument): boolean {
  const pkg = s.diagnostics.packageStatusOf(d);
  return !!pkg && pkg.state === 'ok' && pkg.versions?.get(d.uri) === d.doc.version;
}

/** `versions`: the versions of the open documents the fix was computed from. */
function toWorkspaceEdit(s: ServerState, fix: RangedFixAction, versioned: boolean, versions: ReadonlyMap<string, number>): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const list = byFile.get(e.file) ?? [];
    list.push(TextEdit.replace(e.range, e.newText));
    byFile.set(e.file, list);
  }
  const uriOf = (file: string) => s.docs.all().find((d) => d.file === file)?.uri ?? URI.fromFile(file);
  if (!versioned) {
    const changes: Record<string, TextEdit[]> = {};
    for (const [file, edits] of byFile) changes[uriOf(file)] = edits;
    return { changes };
  }
  const documentChanges: TextDocumentEdit[] = [];
  for (const [file, edits] of byFile) {
    const uri = uriOf(file);
    documentChanges.push(TextDocumentEdit.create({ uri, version: versions.get(uri) ?? null }, edits));
  }
  return { documentChanges };
}

export function registerCodeActions(connection: Connection, state: () => ServerState, versionedEdits: () => boolean): FixService {
  const service = new FixService();

  connection.onCodeAction(async (p, token): Promise<CodeAction[]> => {
    const s = state();
    const d = s.docs.get(p.textDocument.uri);
    if (!d) return [];
    const entries = s.diagnostics.entries(d.uri);
    const actions: CodeAction[] = [];
    // VS Code cancels code-action requests all the time (each cursor move asks again), so a
    // verification is not tied to the request: it runs to the end into the fix cache and stops
    // only when the document changes, which makes its input stale.
    const signal = documentSignal(d);
    const version = d.doc.version;
    // What a verification reads: the open buffers and the settings, taken once per request.
    let inputs: { buffers: Map<string, string>; versions: Map<string, number>; settings: Awaited<ReturnType<ServerState['settingsFor']>> } | undefined;
    for (const diag of p.context.diagnostics) {
      const data = diag.data as DiagnosticData | undefined;
      if (!data || diag.source !== 'go-escape') continue;
      const message = compilerMessage(typeof diag.message === 'string' ? diag.message : diag.message.value);
      const code = typeof diag.code === 'string' ? diag.code : 'unexplained';
      const href = ruleHref(code);
      const at = diag.range.start;
      const entry: Entry | undefined = entries.find((e) => e.range.start.line === at.line && e.range.start.character === at.character && e.finding.message === message);
      const rule = ruleEntry(entry?.finding.rule ?? code);
      // Fixes are verified against the exact text the compiler analysed; while the document
      // differs from it, offer only the explanation. Planning is cheap and refuses quickly, so
      // every heap finding is tried; only planned fixes cost a compiler run.
      if (entry && entry.finding.origin === 'compiler' && (entry.finding.category === 'moved' || entry.finding.category === 'escapes') && s.trusted && analysedNow(s, d)) {
        if (!inputs) {
          const open = s.docs.all();
          inputs = {
            buffers: new Map(open.filter((x) => x.file).map((x) => [x.file!, x.doc.getText()])),
            versions: new Map(open.map((x) => [x.uri, x.doc.version])),
            settings: await s.settingsFor(d.file!),
          };
        }
        const { buffers, versions, settings } = inputs;
        try {
          const key = titleKey(d.uri, version, entry.finding);
          let pending = inFlight.get(key);
          if (!pending) {
            const verifySettings = { goBinary: settings.goBinary, buildFlags: settings.buildFlags, compilerFlags: settings.compilerFlags, env: settings.env, timeoutMs: settings.timeoutMs };
            pending = service.actionsFor(entry.finding, buffers, verifySettings, signal).finally(() => inFlight.delete(key));
            inFlight.set(key, pending);
          }
          const result = await pending;
          // Edits computed from an older text must not be offered for the new one.
          if (token.isCancellationRequested || d.doc.version !== version) return [];
          for (const r of result.refused) s.log(`fix ${r.fix} not offered for ${message} at ${d.file}:${entry.finding.line}: ${r.reason}`);
          for (const fix of result.fixes) {
            titles.set(key, fix.title);
            actions.push({
              title: fix.title,
              kind: fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
              diagnostics: [diag],
              isPreferred: fix.kind === 'quickfix',
              edit: toWorkspaceEdit(s, fix, versionedEdits(), versions),
            });
          }
        } catch (e) {
          if (!signal.aborted) s.log(`fix verification failed: ${(e as Error).stack ?? e}`);
        }
      }
      actions.push({
        title: `Show why: ${rule?.title ?? code}`,
        kind: CodeActionKind.Empty,
        diagnostics: [diag],
        command: { title: 'Show why', command: ShowWhyCommand, arguments: [href] },
      });
    }
    return actions;
  });

  return service;
}

/** Opens a rule's section through the client (`window/showDocument`), or logs where it is. */
export async function showWhy(s: ServerState, href: string): Promise<void> {
  try {
    const r = await s.connection.window.showDocument({ uri: href, external: /^https?:/.test(href), takeFocus: true });
    if (!r.success) s.log(`client did not open ${href}`);
  } catch {
    s.log(`rule documentation: ${href}`);
  }
}
