// The language server: declares its capabilities, makes the session, and registers one thin
// handler per protocol feature. Nothing here knows how the compiler is run or its output read.
import {
  CodeActionKind, Connection, InitializeParams, InitializeResult, MessageType, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { killAllChildren } from '../core/compiler/goCommand';
import { createGoParser } from '../core/treesitter/parser';
import { Session } from '../session/session';
import { SettingsStore } from '../session/settingsStore';
import { guardProcess } from '../runtime/processGuards';
import { WarmUp } from '../runtime/warmUp';
import { registerCodeActions } from './codeActions';
import { COMMANDS, registerCommands } from './commands';
import { ConfigurationCapabilities, initialSettings, registerConfiguration, registerForChanges, settingsFetcher } from './configuration';
import { registerHover } from './hover';
import { refreshCodeLenses, registerCodeLens } from './codeLens';
import { Publisher } from './publisher';
import { RuleLinks } from './ruleLinks';
import { StatusReporter } from './status';
import { registerTextSync } from './textSync';
import { URI } from '../session/uri';

/** The workspace folders of a client, as absolute paths. */
function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map((u) => URI.toFile(u)).filter((f): f is string => !!f);
}

export function startServer(connection: Connection): void {
  const log = (msg: string) => connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);
  // The grammar loads while the client is still initialising: it is the bulk of a cold start.
  const parser = createGoParser();
  parser.catch(() => {});
  const warmUp = new WarmUp(log);
  let session!: Session;
  let publisher!: Publisher;
  let status!: StatusReporter;
  let rules = new RuleLinks();
  let versionedEdits = false;
  let lensRefresh = false;
  let roots: string[] = [];
  const config: ConfigurationCapabilities = { pull: false, register: false };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as { workspaceTrusted?: boolean; statusNotifications?: boolean; rulesBase?: unknown; clientCommands?: unknown };
    // Commands the client runs itself (the VS Code client's peek view of a lens's locations):
    // declared, the client library would register them a second time.
    const clientCommands = new Set(Array.isArray(opts.clientCommands) ? opts.clientCommands : []);
    rules = new RuleLinks(opts.rulesBase);
    const caps = params.capabilities;
    config.pull = !!caps.workspace?.configuration;
    config.register = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    versionedEdits = !!caps.workspace?.workspaceEdit?.documentChanges;
    lensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
    status = new StatusReporter(connection, opts.statusNotifications === true, !!caps.window?.workDoneProgress);
    const pd = caps.textDocument?.publishDiagnostics;
    roots = workspaceRoots(params);
    session = new Session({
      trusted: opts.workspaceTrusted !== false,
      settings: new SettingsStore(initialSettings(params.initializationOptions), settingsFetcher(connection, config)),
      parser,
      roots: () => roots,
      events: {
        changed: (uri) => publisher.publish(uri),
        closed: (uri) => publisher.clear(uri),
        status: (p) => status.status(p),
        problem: (kind, level, message) => status.showOnce(kind, level === 'error' ? MessageType.Error : MessageType.Warning, message),
        resolved: (kind) => status.resolved(kind),
        resultTaken: () => refreshCodeLenses(connection, lensRefresh),
        log,
      },
    });
    publisher = new Publisher(connection, session, { relatedInformation: !!pd?.relatedInformation, codeDescription: !!pd?.codeDescriptionSupport }, rules);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Empty] },
        executeCommandProvider: { commands: COMMANDS.filter((c) => !clientCommands.has(c)) },
        codeLensProvider: { resolveProvider: true },
      },
      serverInfo: { name: 'go-escape', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    registerForChanges(connection, config);
    parser.then((p) => {
      if (session.docs.all().length > 0) warmUp.start(p);
    }, () => {});
  });

  const current = () => session;
  registerTextSync(connection, current, {
    opened: () => parser.then((p) => warmUp.start(p), () => {}),
    edited: () => warmUp.stop(),
  });
  registerConfiguration(connection, current, config);
  registerHover(connection, current, () => rules);
  registerCodeActions(connection, current, () => rules, () => versionedEdits, log);
  registerCommands(connection, current, log, () => status);
  registerCodeLens(connection, current);

  connection.onNotification('workspace/didChangeWorkspaceFolders', (p: { event?: { added?: { uri: string }[]; removed?: { uri: string }[] } }) => {
    const removed = new Set((p.event?.removed ?? []).map((f) => URI.toFile(f.uri)));
    roots = [...roots.filter((r) => !removed.has(r)), ...(p.event?.added ?? []).map((f) => URI.toFile(f.uri)).filter((f): f is string => !!f)];
  });

  connection.onShutdown(async () => {
    warmUp.stop();
    session?.dispose();
    killAllChildren();
  });
  connection.onExit(() => killAllChildren());
  guardProcess(log);
}
