// Predictions over LSP: shown without a Go toolchain and in untrusted workspaces, replaced by
// compiler verdicts when the compiler runs, and used for functions edited since the last run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostic, LspClient } from '../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../helpers/tempModule';

const predicted = (msg: string) => (ds: Diagnostic[]) => ds.some((d) => d.data?.origin === 'prediction' && d.message === `${msg} (predicted)`);

/** An environment whose PATH has node but no go, in `bin` (which the caller removes). */
function envWithoutGo(bin: string): NodeJS.ProcessEnv {
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  return { ...process.env, PATH: bin };
}

describe('LSP: predictions', function () {
  let dir: string;
  let client: LspClient | undefined;
  let main: string;

  beforeEach(() => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    main = path.join(dir, 'main.go');
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeDir(dir);
  });

  it('shows moved to heap: u as a prediction when no Go toolchain is on PATH', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-nogo-'));
    try {
      client = await LspClient.start({ rootDir: dir, env: envWithoutGo(bin) });
      client.open(main, fs.readFileSync(main, 'utf8'));
      const ds = await client.waitForDiagnostics(main, predicted('moved to heap: u'));
      const d = ds.find((x) => x.message.startsWith('moved to heap: u'))!;
      assert.deepEqual(d.range, { start: { line: 13, character: 1 }, end: { line: 13, character: 2 } });
      assert.ok(!ds.some((x) => x.data?.origin === 'compiler'));
      const msg = await client.waitForNotification((n) => n.method === 'window/showMessage');
      assert.match((msg.params as { message: string }).message, /goBinary/);
    } finally {
      removeDir(bin);
    }
  });

  it('shows predictions in an untrusted workspace', async () => {
    client = await LspClient.start({ rootDir: dir, workspaceTrusted: false });
    client.open(main, fs.readFileSync(main, 'utf8'));
    await client.waitForDiagnostics(main, predicted('moved to heap: u'));
  });

  it('replaces predictions by compiler verdicts, and predicts functions edited since', async function () {
    if (!hasGo()) this.skip();
    client = await LspClient.start({ rootDir: dir, settings: { debounceMs: 5000 } });
    const text = fs.readFileSync(main, 'utf8');
    client.open(main, text);
    // The first run starts at once on open; its verdict replaces the prediction.
    const ds = await client.waitForDiagnostics(main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.data?.origin === 'compiler'));
    assert.ok(!ds.some((x) => x.data?.origin === 'prediction'), 'no prediction next to a compiler verdict');
    // Add a function returning the address of a local: within the long debounce only a
    // prediction can say so.
    const lines = text.split('\n');
    const end = lines.length - 1;
    client.change(main, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, '\nfunc leak() *int {\n\tx := 1\n\treturn &x\n}\n');
    const after = await client.waitForDiagnostics(main, (d) => d.some((x) => x.data?.origin === 'prediction'), 4000);
    const p = after.find((x) => x.data?.origin === 'prediction')!;
    assert.equal(p.message, 'moved to heap: x (predicted)');
    assert.deepEqual(p.range, { start: { line: end + 2, character: 1 }, end: { line: end + 2, character: 2 } });
    // The untouched function keeps its compiler verdict.
    assert.ok(after.some((x) => x.message === 'moved to heap: u' && x.data?.origin === 'compiler' && x.range.start.line === 13));
    // When the compiler confirms, its verdict replaces the prediction.
    const confirmed = await client.waitForDiagnostics(main, (d) => d.some((x) => x.message === 'moved to heap: x' && x.data?.origin === 'compiler'), 60000);
    assert.ok(!confirmed.some((x) => x.data?.origin === 'prediction'));
  });
});
