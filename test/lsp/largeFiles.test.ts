// Files with many findings: every keystroke republishes all of a file's diagnostics, so above a
// limit they go out without related information and rule links (the hover keeps both).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_DETAILED_PER_FILE, detailedDiagnostics } from '../../server/src/lsp/publisher';
import { Diagnostic, LspClient } from '../helpers/lspClient';
import { useModuleSession } from '../helpers/moduleSession';
import { makeModule } from '../helpers/tempModule';

/** A file with `n` functions that each move one variable to the heap. */
function manyLeaks(n: number): string {
  let s = 'package m\n';
  for (let i = 0; i < n; i++) s += `\nfunc F${i}() *int {\n\tv${i} := ${i}\n\treturn &v${i}\n}\n`;
  return s;
}

describe('the limit for related information and rule links', () => {
  it('switches them off above the limit and back on only well below it', () => {
    assert.equal(detailedDiagnostics(true, MAX_DETAILED_PER_FILE), true);
    assert.equal(detailedDiagnostics(true, MAX_DETAILED_PER_FILE + 1), false);
    // Typing around the limit does not switch every keystroke.
    assert.equal(detailedDiagnostics(false, MAX_DETAILED_PER_FILE), false);
    assert.equal(detailedDiagnostics(false, MAX_DETAILED_PER_FILE * 0.9 + 1), false);
    assert.equal(detailedDiagnostics(false, MAX_DETAILED_PER_FILE * 0.9), true);
  });
});

describe('LSP: files with many findings', function () {
  const s = useModuleSession();

  async function explained(n: number): Promise<Diagnostic[]> {
    const dir = (s.dir = makeModule({ 'm.go': manyLeaks(n) }));
    const client = (s.client = await LspClient.start({ rootDir: dir, settings: { debounceMs: 20, relatedInformation: true } }));
    const file = path.join(dir, 'm.go');
    client.open(file, fs.readFileSync(file, 'utf8'));
    // The explanation pass (-m=2) has arrived when every finding has its rule.
    return client.waitForDiagnostics(file, (ds) => ds.length === n && ds.every((d) => d.data?.origin === 'compiler' && d.code === 'returned-address'));
  }

  it(`keeps related information and rule links up to ${MAX_DETAILED_PER_FILE} findings`, async () => {
    const ds = await explained(MAX_DETAILED_PER_FILE);
    assert.ok(ds.every((d) => (d.relatedInformation ?? []).length > 0 && /RULES\.md#returned-address$/.test(d.codeDescription?.href ?? '')));
  });

  it('leaves them out above the limit, and the hover still has the chain and the link', async () => {
    const ds = await explained(MAX_DETAILED_PER_FILE + 1);
    assert.ok(ds.every((d) => d.relatedInformation === undefined && d.codeDescription === undefined));
    const d = ds.find((x) => x.message === 'moved to heap: v7')!;
    const hover = await s.client!.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: s.client!.uri(path.join(s.dir!, 'm.go')) }, position: d.range.start });
    assert.match(hover.contents.value, /F7/);
    assert.match(hover.contents.value, /RULES\.md#returned-address\)/);
  });
});
