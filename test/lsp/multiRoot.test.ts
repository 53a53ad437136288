// A multi-root workspace: three folders, each its own module with its own settings, answered by
// the client per scopeUri through workspace/configuration. Each folder's settings reach every
// feature of its files: what is published and at what severity, hovers, predictions and the
// build-constraint check; none of them falls back to another folder's or the base settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationItem, Diagnostic, LspClient, Notification } from '../helpers/lspClient';
import { useModuleSession } from '../helpers/moduleSession';
import { makeModule } from '../helpers/tempModule';

/** A moved variable, an escaping make and a leaking parameter, in that order. */
const SOURCE = (pkg: string) => `package ${pkg}

var sink []byte

func Moved() *int {
\tmv := 1
\treturn &mv
}

func Esc(n int) {
\tsink = make([]byte, n)
}

var g *int

func Keep(p *int) { g = p }
`;
const TAGGED = (pkg: string) => `//go:build x\n\npackage ${pkg}\n\nfunc Tagged() *int {\n\ttv := 1\n\treturn &tv\n}\n`;
const EDIT = '\nfunc Two() *int {\n\tq := 2\n\treturn &q\n}\n';

const MOVED = 'moved to heap: mv';
const ESCAPES = 'make([]byte, n) escapes to heap';
const LEAK = 'leaking param: p';

/** Each folder's `goEscape` settings. No folder compiles again after an edit within the test. */
const FOLDER_SETTINGS: Record<string, Record<string, unknown>> = {
  a: { include: ['moved'], severity: { moved: 'error' }, debounceMs: 600000 },
  b: { include: ['moved', 'escapes', 'leak'], predictions: false, debounceMs: 600000 },
  c: { buildFlags: ['-tags=x'], debounceMs: 600000 },
};

const compiler = (ds: Diagnostic[], msg: string) => ds.find((d) => d.message === msg && d.data?.origin === 'compiler');
const messages = (ds: Diagnostic[]) => ds.map((d) => d.message).sort();

describe('LSP: a multi-root workspace with settings per folder', function () {
  const s = useModuleSession();
  let folderOf: (scopeUri?: string) => string | undefined;

  async function start(): Promise<LspClient> {
    const files: Record<string, string> = {};
    for (const f of Object.keys(FOLDER_SETTINGS)) {
      files[`${f}/go.mod`] = `module example.com/${f}\n\ngo 1.21\n`;
      files[`${f}/${f}.go`] = SOURCE(f);
      files[`${f}/tagged.go`] = TAGGED(f);
    }
    s.dir = makeModule(files);
    fs.rmSync(path.join(s.dir, 'go.mod'));
    const root = s.dir;
    folderOf = (scopeUri) => {
      if (!scopeUri) return undefined;
      const rel = path.relative(root, fileURLToPath(scopeUri));
      return rel.startsWith('..') ? undefined : rel.split(path.sep)[0];
    };
    s.client = await LspClient.start({
      rootDir: root,
      folders: Object.keys(FOLDER_SETTINGS).map((f) => path.join(root, f)),
      // The base settings would show every category at the defaults' severities, with predictions.
      settings: { include: ['moved', 'escapes', 'leak'], debounceMs: 20 },
      configuration: (item: ConfigurationItem) => (item.section === 'goEscape' ? FOLDER_SETTINGS[folderOf(item.scopeUri) ?? ''] : undefined),
    });
    return s.client;
  }

  function open(c: LspClient, folder: string, name: string): string {
    const file = path.join(s.dir!, folder, name);
    c.open(file, fs.readFileSync(file, 'utf8'));
    return file;
  }

  const publishedOf = (c: LspClient, file: string) => c.publishes(file).map((n: Notification) => (n.params as { diagnostics: Diagnostic[] }).diagnostics);

  async function hoverText(c: LspClient, file: string, line: number, character: number): Promise<string | undefined> {
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: c.uri(file) }, position: { line, character } });
    return h?.contents.value;
  }

  it('publishes, hovers and predicts with each folder\'s include, severity and predictions', async () => {
    const c = await start();
    const a = open(c, 'a', 'a.go');
    const da = await c.waitForDiagnostics(a, (ds) => !!compiler(ds, MOVED));
    // Opened once the grammar is loaded, b's file can be predicted before its folder's settings arrive.
    const b = open(c, 'b', 'b.go');
    const db = await c.waitForDiagnostics(b, (ds) => !!compiler(ds, MOVED) && !!compiler(ds, ESCAPES) && !!compiler(ds, LEAK));
    // The server asked for each folder's settings with a resource in that folder.
    for (const f of ['a', 'b']) assert.ok(c.configurationItems.some((i) => i.section === 'goEscape' && folderOf(i.scopeUri) === f), `settings asked for folder ${f}`);

    // Folder a shows only moved, as errors; folder b all three, moved at the default warning.
    assert.deepEqual(messages(da), [MOVED]);
    assert.equal(compiler(da, MOVED)!.severity, 1);
    assert.deepEqual(messages(db), [LEAK, ESCAPES, MOVED]);
    assert.equal(compiler(db, MOVED)!.severity, 2);

    // Hovers follow the same include: b explains the make and the parameter, a says nothing of them.
    // The files are the same text, so b's finding ranges are places in a too.
    const at = (msg: string) => compiler(db, msg)!.range.start;
    const hover = (file: string, msg: string) => hoverText(c, file, at(msg).line, at(msg).character);
    assert.match((await hover(b, ESCAPES)) ?? '', /escapes to heap/);
    assert.match((await hover(b, LEAK)) ?? '', /leaking param: p/);
    assert.doesNotMatch((await hover(a, ESCAPES)) ?? '', /escapes to heap/);
    assert.doesNotMatch((await hover(a, LEAK)) ?? '', /leaking param/);
    assert.match((await hover(a, MOVED)) ?? '', /moved to heap: mv/);

    // An edit adds an allocation no compiler run has seen (both folders debounce for minutes):
    // folder a predicts it, folder b, with predictions off, shows nothing for it.
    const end = SOURCE('a').split('\n').length - 1;
    c.change(a, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, EDIT);
    const vb = c.change(b, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, EDIT);
    await c.waitForDiagnostics(a, (ds) => ds.some((d) => d.message === 'moved to heap: q (predicted)' && d.severity === 1));
    await c.waitForNotification((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string; version?: number }).uri === c.uri(b) && (n.params as { version?: number }).version === vb);
    // No publish of either file, from the open on, showed what its folder's settings leave out.
    const everA = publishedOf(c, a).flat();
    assert.deepEqual(everA.filter((d) => !/^moved to heap: \w+( \(predicted\))?$/.test(d.message) || d.severity !== 1), [], 'folder a only ever shows moved, as errors');
    const predictedInB = publishedOf(c, b).flat().filter((d) => d.data?.origin !== 'compiler');
    assert.deepEqual(predictedInB, [], 'folder b never shows a prediction');
    assert.deepEqual(messages(c.diagnostics.get(c.uri(b))!.diagnostics), [LEAK, ESCAPES, MOVED]);
  });

  it('compiles a file under its folder\'s build tags, and explains the exclusion elsewhere', async () => {
    const c = await start();
    const tc = open(c, 'c', 'tagged.go');
    const ta = open(c, 'a', 'tagged.go');
    // Folder c builds with -tags=x, so the compiler judges its tagged file.
    await c.waitForDiagnostics(tc, (ds) => !!compiler(ds, 'moved to heap: tv'));
    // Folder a does not: its tagged file is left out of the build, predicted, and the hover says why.
    await c.waitForNotification((n) => n.method === 'window/logMessage' && (n.params as { message: string }).message.includes(`${ta} is not compiled`));
    const da = await c.waitForDiagnostics(ta, (ds) => ds.some((d) => d.message === 'moved to heap: tv (predicted)'));
    assert.ok(!da.some((d) => d.data?.origin === 'compiler'));
    assert.match((await hoverText(c, ta, 5, 1)) ?? '', /not part of the build because of its build constraint \/\/go:build x/);
    assert.doesNotMatch((await hoverText(c, tc, 5, 1)) ?? '', /not part of the build/);
  });
});
