// Wires the thin LSP handlers to the core: documents, analysis runs, diagnostics, hovers and
// code actions. Nothing here knows how the compiler is run or how its output is read.
import {
  CodeActionKind, Connection, DidChangeConfigurationNotification, InitializeParams, InitializeResult, MessageType, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { killAllChildren } from '../core/compiler/goCommand';
import { clearGoVersionCache } from '../core/compiler/goVersion';
import { createGoParser } from '../core/treesitter/parser';
import type { Parser } from 'web-tree-sitter';
import { AnalyzeNowCommand, ShowWhyCommand } from '../protocol';
import { AnalysisController } from './analysis';
import { DiagnosticsPublisher } from './diagnostics';
import { DocumentStore } from './documents';
import { registerHover } from './hover';
import { documentChanged, knownFixTitle, registerCodeActions, showWhy } from './codeActions';
import { DEFAULT_SETTINGS, Settings, mergeSettings } from './settings';
import { StatusReporter } from './status';
import { TreeSitterPredictions } from './predictions';
import { warmUpTyping } from '../runtime/warmUp';
import { URI } from './uri';

export interface ServerState {
  connection: Connection;
  docs: DocumentStore;
  analysis: AnalysisController;
  diagnostics: DiagnosticsPublisher;
  status: StatusReporter;
  settings(): Settings;
  settingsFor(file: string): Promise<Settings>;
  trusted: boolean;
  log(msg: string): void;
  /** The title of a verified quick fix already known for a finding (for hovers). */
  fixTitles?: (uri: string, finding: import('../core/findings').Finding) => string | undefined;
}

export function startServer(connection: Connection): void {
  const log = (msg: string) => connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);
  let initSettings: Settings = DEFAULT_SETTINGS;
  let hasConfiguration = false;
  let trusted = true;
  const perFile = new Map<string, Promise<Settings>>();
  const docs = new DocumentStore(log);
  let state!: ServerState;
  // The grammar loads while the client is still initialising: it is the bulk of a cold start.
  const parserReady = createGoParser();
  /** Stops the warm-up of the typing path (see warmUp.ts) at the first real edit or at shutdown. */
  const warmUp = new AbortController();
  let warmUpStarted = false;
  /**
   * Starts the warm-up once a document has had its first predictions: they are not delayed, and
   * they have compiled the predictor, which would otherwise make the warm-up's first turn long.
   */
  const startWarmUp = (parser: Parser) => {
    if (warmUpStarted) return;
    warmUpStarted = true;
    setTimeout(() => {
      const t0 = performance.now();
      warmUpTyping(parser, warmUp.signal).then(
        (n) => log(`typing path warm-up: ${n} keystrokes in ${Math.round(performance.now() - t0)} ms${warmUp.signal.aborted ? ', stopped by an edit' : ''}`),
        (e) => log(`warm-up failed (harmless): ${(e as Error).message}`),
      );
    }, 50).unref();
  };
  parserReady.catch(() => {});
  let disposePredictor = () => {};
  let versionedEdits = false;
  let canRegisterConfiguration = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as { settings?: { goEscape?: unknown }; workspaceTrusted?: boolean; statusNotifications?: boolean };
    initSettings = mergeSettings(DEFAULT_SETTINGS, opts.settings?.goEscape);
    trusted = opts.workspaceTrusted !== false;
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    canRegisterConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    versionedEdits = !!params.capabilities.workspace?.workspaceEdit?.documentChanges;
    const status = new StatusReporter(connection, opts.statusNotifications === true, !!params.capabilities.window?.workDoneProgress);
    const settingsFor = (file: string): Promise<Settings> => {
      if (!hasConfiguration) return Promise.resolve(initSettings);
      let p = perFile.get(file);
      if (!p) {
        p = connection.workspace
          .getConfiguration({ scopeUri: URI.fromFile(file), section: 'goEscape' })
          .then((raw) => mergeSettings(initSettings, raw), () => initSettings);
        perFile.set(file, p);
      }
      return p;
    };
    const analysis = new AnalysisController(docs, {
      settingsFor,
      trusted: () => trusted,
      onStart: (key) => state.diagnostics.onRunStart(key),
      onOutcome: (o) => state.diagnostics.onOutcome(o),
      log,
    }, initSettings.debounceMs);
    const pd = params.capabilities.textDocument?.publishDiagnostics;
    const diagnostics = new DiagnosticsPublisher(connection, docs, analysis, status, () => initSettings, settingsFor, () => trusted, log, {
      relatedInformation: !!pd?.relatedInformation,
      codeDescription: !!pd?.codeDescriptionSupport,
    });
    state = { connection, docs, analysis, diagnostics, status, settings: () => initSettings, settingsFor, trusted, log, fixTitles: (uri, f) => knownFixTitle(state, uri, f) };
    if (!trusted) status.status({ state: 'untrusted', message: 'Untrusted workspace: the Go compiler is not run; showing predictions only.' });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Empty] },
        executeCommandProvider: { commands: [AnalyzeNowCommand, ShowWhyCommand] },
      },
      serverInfo: { name: 'go-escape', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration && canRegisterConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'goEscape' }).catch(() => {});
    }
    // The parser loads in the background; predictions start as soon as it is there.
    parserReady.then(
      (parser) => {
        docs.useParser(parser);
        const predictor = new TreeSitterPredictions({
          parser,
          openText: (file) => docs.all().find((d) => d.file === file)?.doc.getText(),
          mayRunGo: () => trusted && !state.analysis.anyBusy(),
          settings: () => initSettings,
          refreshed: () => {
            for (const d of docs.all()) state.diagnostics.predictAndPublish(d.uri);
          },
          log,
        });
        state.diagnostics.usePredictor(predictor);
        disposePredictor = () => predictor.dispose();
        for (const d of docs.all()) state.diagnostics.predictAndPublish(d.uri);
        if (docs.all().length > 0) startWarmUp(parser);
      },
      (e) => log(`tree-sitter failed to load, predictions are off: ${(e as Error).message}`),
    );
  });

  connection.onDidChangeConfiguration(async (change) => {
    perFile.clear();
    clearGoVersionCache();
    const raw = (change.settings as { goEscape?: unknown } | undefined)?.goEscape;
    if (hasConfiguration) {
      // Clients that answer workspace/configuration are asked for the new values.
      const pulled = await connection.workspace.getConfiguration({ section: 'goEscape' }).catch(() => undefined);
      if (pulled) initSettings = mergeSettings(DEFAULT_SETTINGS, pulled);
    } else if (raw) {
      initSettings = mergeSettings(DEFAULT_SETTINGS, raw);
    }
    state.analysis.setDebounce(initSettings.debounceMs);
    state.analysis.clearCache();
    fixes.clear();
    state.status.resolved('go-missing');
    for (const d of docs.all()) {
      state.diagnostics.publish(d.uri);
      state.analysis.schedule(d, 0);
    }
  });

  connection.onDidOpenTextDocument((p) => {
    const d = docs.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    state.analysis.forgetLocations();
    state.diagnostics.onOpen(d);
    // The first compiler run waits for the grammar, so that predictions, which need only
    // milliseconds, are not starved of CPU by the go command on a cold start.
    const run = () => {
      if (docs.get(d.uri)) state.analysis.schedule(d, 0);
    };
    parserReady.then(run, run);
    parserReady.then((parser) => startWarmUp(parser), () => {});
  });

  connection.onDidChangeTextDocument((p) => {
    warmUp.abort();
    const d = docs.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    if (!d) return;
    documentChanged(d.uri);
    state.diagnostics.onChange(d, p.contentChanges);
    state.analysis.schedule(d);
  });

  connection.onDidSaveTextDocument((p) => {
    state.analysis.forgetLocations();
    const d = docs.get(p.textDocument.uri);
    if (d) state.analysis.schedule(d);
  });

  connection.onDidCloseTextDocument((p) => {
    docs.close(p.textDocument.uri);
    documentChanged(p.textDocument.uri);
    state.diagnostics.onClose(p.textDocument.uri);
  });

  connection.onExecuteCommand(async (p) => {
    if (p.command === AnalyzeNowCommand) {
      for (const d of docs.all()) state.analysis.schedule(d, 0);
      return null;
    }
    if (p.command === ShowWhyCommand && typeof p.arguments?.[0] === 'string') {
      await showWhy(state, p.arguments[0]);
      return null;
    }
    return null;
  });

  registerHover(connection, () => state);
  const fixes = registerCodeActions(connection, () => state, () => versionedEdits);

  connection.onShutdown(async () => {
    warmUp.abort();
    disposePredictor();
    state?.analysis.dispose();
    killAllChildren();
  });
  connection.onExit(() => {
    killAllChildren();
    docs.dispose();
  });
  // A client that dies without saying goodbye closes our stdin: take the children with us.
  process.stdin.on('close', () => {
    killAllChildren();
    process.exit(0);
  });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAllChildren();
      process.exit(0);
    });
  }
  process.on('uncaughtException', (e) => log(`internal error (kept running): ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => log(`internal error (kept running): ${(e as Error)?.stack ?? e}`));
  void MessageType;
}
