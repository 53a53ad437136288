// Quick fixes over LSP on the seed example: the light bulb offers a compiler-verified
// "Return User by value", applying its edit removes the finding at the next analysis, and every
// finding gets "Show why".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, TestClient } from '../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../helpers/tempModule';

interface TextEdit { range: Diagnostic['range']; newText: string }
interface CodeAction {
  title: string;
  kind?: string;
  edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: { textDocument: { uri: string }; edits: TextEdit[] }[] };
  command?: { command: string; arguments?: unknown[] };
}

/** Applies LSP text edits to a text (edits must not overlap). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

describe('LSP: code actions', function () {
  let dir: string;
  let client: TestClient;
  let main: string;

  before(function () {
    if (!hasGo()) this.skip();
  });

  beforeEach(async () => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    main = path.join(dir, 'main.go');
    client = await TestClient.start({ rootDir: dir, settings: { debounceMs: 50 } });
  });

  afterEach(async () => {
    await client?.stop();
    removeDir(dir);
  });

  it('offers a verified "Return User by value" and the finding is gone after applying it', async () => {
    const text = fs.readFileSync(main, 'utf8');
    client.open(main, text);
    const ds = await client.waitForDiagnostics(main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.code === 'returned-address'));
    const diag = ds.find((x) => x.message === 'moved to heap: u')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri(main) }, range: diag.range, context: { diagnostics: [diag] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.ok(fix, `a quick fix is offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix!.title, 'Return User by value (removes 1 heap allocation)');
    assert.ok(actions.some((a) => a.title.startsWith('Show why') && a.command?.command === 'goEscape.showWhy'));
    const edits = fix!.edit!.changes?.[client.uri(main)] ?? fix!.edit!.documentChanges?.find((c) => c.textDocument.uri === client.uri(main))?.edits ?? [];
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /func createUserV2\(\) User \{/);
    client.change(main, undefined, fixed);
    await client.waitForDiagnostics(main, (d) => !d.some((x) => x.message.startsWith('moved to heap: u')) && !d.some((x) => x.data?.origin === 'prediction'));
  });
});
