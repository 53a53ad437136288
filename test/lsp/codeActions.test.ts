// Quick fixes over LSP on the seed example: the light bulb offers a compiler-verified
// "Return User by value", applying its edit removes the finding at the next analysis, and every
// finding gets "Show why".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { Diagnostic, LspClient } from '../helpers/lspClient';
import { writeFakeGo } from '../faults/helpers/fakeGo';
import { useSeedSession } from '../helpers/seedSession';

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
  const seed = useSeedSession();

  it('offers a verified "Return User by value" and the finding is gone after applying it', async () => {
    const text = fs.readFileSync(seed.main, 'utf8');
    seed.client.open(seed.main, text);
    const ds = await seed.client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.code === 'returned-address'));
    const diag = ds.find((x) => x.message === 'moved to heap: u')!;
    const actions = await seed.client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: seed.client.uri(seed.main) }, range: diag.range, context: { diagnostics: [diag] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.ok(fix, `a quick fix is offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix!.title, 'Return User by value (removes 1 heap allocation)');
    assert.ok(actions.some((a) => a.title.startsWith('Show why') && a.command?.command === 'goEscape.showWhy'));
    const edits = fix!.edit!.changes?.[seed.client.uri(seed.main)] ?? fix!.edit!.documentChanges?.find((c) => c.textDocument.uri === seed.client.uri(seed.main))?.edits ?? [];
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /func createUserV2\(\) User \{/);
    seed.client.change(seed.main, undefined, fixed);
    await seed.client.waitForDiagnostics(seed.main, (d) => !d.some((x) => x.message.startsWith('moved to heap: u')) && !d.some((x) => x.data?.origin === 'prediction'));
  });

  it('keeps verifying when the client cancels the request, so the next request gets the fix', async () => {
    // A go that records its calls: a verification that was thrown away and run again would
    // show as the same build twice.
    const fake = writeFakeGo('passthrough');
    const client = await LspClient.start({ rootDir: seed.dir, settings: { debounceMs: 50, goBinary: fake.bin } });
    try {
      client.open(seed.main, fs.readFileSync(seed.main, 'utf8'));
      const ds = await client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.data?.origin === 'compiler'));
      const diag = ds.find((x) => x.message === 'moved to heap: u')!;
      const params = { textDocument: { uri: client.uri(seed.main) }, range: diag.range, context: { diagnostics: [diag] } };
      // Cancel the first request while it verifies, as VS Code does when the cursor moves.
      const source = new CancellationTokenSource();
      const first = client.conn.sendRequest('textDocument/codeAction', params, source.token).catch(() => null);
      await new Promise((r) => setTimeout(r, 500));
      source.cancel();
      await first;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', params);
      assert.ok(actions.some((a) => a.title === 'Return User by value (removes 1 heap allocation)'), JSON.stringify(actions.map((a) => a.title)));
      // Verification builds write to /dev/null; the overlay file's name differs per build.
      const builds = fake.calls().filter((a) => (a[0] === 'build' || a[0] === 'test') && a.includes('/dev/null')).map((a) => a.map((x) => x.replace(/^-overlay=.*/, '-overlay')).join(' '));
      assert.ok(builds.length > 0, 'the fix was verified by the compiler');
      assert.equal(new Set(builds).size, builds.length, `no verification build ran twice:\n${builds.join('\n')}`);
    } finally {
      await client.stop();
      fake.remove();
    }
  });
});
