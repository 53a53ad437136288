// Hovering a local variable the compiler kept on the stack says so, except where a heap verdict
// sits on the same line (the value it is given escapes), where "stays on the stack" would
// mislead. Checked against the real compiler, before and after an edit above the function.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from '../helpers/lspClient';
import { useModuleSession } from '../helpers/moduleSession';
import { makeModule } from '../helpers/tempModule';

const SOURCE = `package main

func grow(n int) []byte {
	buf := make([]byte, n)
	return buf
}

func sum() int {
	total := 0
	for i := 0; i < 3; i++ {
		total += i
	}
	return total
}

func main() { _, _ = grow(3), sum() }
`;

type Hover = { contents: { value: string } } | null;

describe('LSP: hovers on variables that stay on the stack', function () {
  const s = useModuleSession();

  it('says nothing on a line with a heap verdict, also after lines above moved it', async () => {
    s.dir = makeModule({ 'main.go': SOURCE });
    const file = path.join(s.dir, 'main.go');
    // A long debounce: after the edit, the answers must come from the verdicts moved with the text.
    const client = (s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 60000 } }));
    client.open(file, fs.readFileSync(file, 'utf8'));
    await client.waitForDiagnostics(file, (ds) => ds.some((d) => d.message === 'make([]byte, n) escapes to heap' && d.data?.origin === 'compiler'));
    const hover = (line: number, character: number) => client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: { line, character } });
    assert.match((await hover(8, 1))?.contents.value ?? '', /stays on the stack/, 'total is kept on the stack');
    assert.equal(await hover(3, 1), null, 'buf: the make on its line escapes');
    // Two lines inserted at the top move both functions down; the verdicts move with them.
    client.change(file, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, '// a\n// b\n');
    await client.waitForDiagnostics(file, (ds) => ds.some((d) => d.message === 'make([]byte, n) escapes to heap' && d.range.start.line === 5));
    assert.equal(await hover(5, 1), null, 'buf, two lines down');
    assert.match((await hover(10, 1))?.contents.value ?? '', /stays on the stack/, 'total, two lines down');
  });
});
