// The VS Code side: starts the go-escape language server lazily on the first Go file, passes
// settings and workspace trust, and shows the server's status in the status bar.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { HottestAllocationsCommand, ShowAllocationsCommand, StatusNotification, StatusParams } from '../../server/src/protocol';
import { serverEnv } from './serverEnv';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;

const ICONS: Record<StatusParams['state'], string> = {
  starting: '$(loading~spin)',
  pending: '$(circle-outline)',
  analysing: '$(sync~spin)',
  ok: '$(check)',
  paused: '$(debug-pause)',
  'go-missing': '$(warning)',
  error: '$(error)',
  untrusted: '$(shield)',
};

/** The scheme of the read-only documents that hold one rule each, shown rendered. */
const RULE_SCHEME = 'go-escape-rule';
/** The command that hover links call: VS Code's hovers keep only links of a few schemes and trusted commands. */
const OPEN_RULE_COMMAND = 'goEscape.openRule';

/**
 * Rule links point here (`<scheme>://go-escape.go-escape/rules#<rule>`) so that VS Code hands them
 * to this extension, which opens the rule rendered; a file link would open the markdown source at
 * line 1.
 */
function rulesBase(context: vscode.ExtensionContext): string {
  return `${vscode.env.uriScheme}://${context.extension.id}/rules`;
}

/**
 * One rule's section of RULES.md, from its anchor to the next one. The preview of the whole file
 * does not scroll to a fragment, so each rule is shown as a document of its own.
 */
function ruleSection(context: vscode.ExtensionContext, anchor: string): string | undefined {
  const text = readFileSync(context.asAbsolutePath('RULES.md'), 'utf8');
  const start = text.indexOf(`<a id="${anchor}"></a>`);
  if (!/^[a-z0-9-]+$/.test(anchor) || start < 0) return undefined;
  const next = text.indexOf('<a id="', start + 1);
  return text.slice(start, next < 0 ? undefined : next).trim() + '\n';
}

async function openRule(context: vscode.ExtensionContext, anchor: string): Promise<void> {
  if (ruleSection(context, anchor) === undefined) {
    // An unknown anchor still shows the rules, from the top.
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(context.asAbsolutePath('RULES.md')));
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${anchor}.md` }));
}

/** Hover links to rules become trusted command links, the only kind VS Code's hovers keep. */
function withRuleCommands(hover: vscode.Hover, base: string): vscode.Hover {
  const contents = hover.contents.map((c) => {
    if (!(c instanceof vscode.MarkdownString) || !c.value.includes(`${base}#`)) return c;
    const value = c.value.split(`(${base}#`).map((part, i) => {
      if (i === 0) return part;
      const end = part.indexOf(')');
      const anchor = part.slice(0, end);
      return `(command:${OPEN_RULE_COMMAND}?${encodeURIComponent(JSON.stringify([anchor]))}${part.slice(end)}`;
    }).join('');
    const out = new vscode.MarkdownString(value, c.supportThemeIcons);
    out.supportHtml = c.supportHtml;
    out.isTrusted = { enabledCommands: [OPEN_RULE_COMMAND] };
    return out;
  });
  return new vscode.Hover(contents, hover.range);
}

function settingsObject(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('goEscape')));
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { env: serverEnv(process.env) } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { env: serverEnv(process.env), execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }, { scheme: 'untitled', language: 'go' }],
    initializationOptions: {
      settings: { goEscape: settingsObject() },
      workspaceTrusted: vscode.workspace.isTrusted,
      statusNotifications: true,
      rulesBase: rulesBase(context),
      clientCommands: [ShowAllocationsCommand],
    },
    middleware: {
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        return hover ? withRuleCommands(hover, rulesBase(context)) : hover;
      },
      window: {
        // "Show why" asks the client to show a rule: open it rendered, at its heading.
        showDocument: async (params, token, next) => {
          const base = rulesBase(context);
          if (!params.uri.startsWith(`${base}#`)) return next(params, token);
          await openRule(context, params.uri.slice(base.length + 1));
          return { success: true };
        },
      },
    },
    synchronize: { configurationSection: 'goEscape' },
    outputChannelName: 'Go Escape',
  };
  client = new LanguageClient('goEscape', 'Go Escape', serverOptions, clientOptions);
  statusItem!.text = `${ICONS.starting} escape`;
  statusItem!.show();
  client.onNotification(StatusNotification, (p: StatusParams) => {
    if (!statusItem) return;
    statusItem.text = `${ICONS[p.state] ?? ''} escape`;
    statusItem.tooltip = p.goVersion ? `${p.message}\n${p.goVersion}` : p.message;
    statusItem.backgroundColor = p.state === 'paused' || p.state === 'go-missing'
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : p.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  });
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'Go Escape';
  statusItem.command = 'goEscape.showLog';
  context.subscriptions.push(statusItem);
  context.subscriptions.push(
    vscode.commands.registerCommand('goEscape.restartServer', async () => {
      if (client) await client.stop().catch(() => {});
      client = undefined;
      await startClient(context);
    }),
    vscode.commands.registerCommand('goEscape.showLog', () => client?.outputChannel.show(true)),
    // A function's lens: its heap findings in a peek view.
    vscode.commands.registerCommand(ShowAllocationsCommand, async (uri: string, at: { line: number; character: number }, locations: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]) => {
      const c = client;
      if (!c) return;
      const locs = locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), c.protocol2CodeConverter.asRange(l.range)));
      await vscode.commands.executeCommand('editor.action.peekLocations', vscode.Uri.parse(uri), new vscode.Position(at.line, at.character), locs, 'peek');
    }),
    vscode.commands.registerCommand('goEscape.showHottestAllocations', async () => {
      const c = client;
      if (!c) return;
      const found = (await c.sendRequest('workspace/executeCommand', { command: HottestAllocationsCommand, arguments: [] })) as { uri: string; range: { start: { line: number; character: number } }; message: string; label?: string }[];
      const picked = await vscode.window.showQuickPick(found.map((f) => ({
        label: f.message,
        description: f.label ? `${f.label} of the profile` : undefined,
        detail: `${vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))}:${f.range.start.line + 1}`,
        f,
      })), { placeHolder: found.length > 0 ? 'Heap allocations of the open files, hottest first' : 'No heap allocations in the open files' });
      if (!picked) return;
      const at = new vscode.Position(picked.f.range.start.line, picked.f.range.start.character);
      await vscode.window.showTextDocument(vscode.Uri.parse(picked.f.uri), { selection: new vscode.Range(at, at) });
    }),
    vscode.commands.registerCommand(OPEN_RULE_COMMAND, (anchor: string) => openRule(context, anchor)),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      provideTextDocumentContent: (uri) => ruleSection(context, uri.path.replace(/^\/|\.md$/g, '')) ?? '',
    }),
    vscode.window.registerUriHandler({
      handleUri: (uri) => (uri.path === '/rules' ? openRule(context, uri.fragment) : undefined),
    }),
    // Trust granted later: restart so the server may run the compiler.
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand('goEscape.restartServer')),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop().catch(() => {});
  client = undefined;
}
