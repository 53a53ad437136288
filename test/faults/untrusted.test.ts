// An untrusted workspace starts no process at all, whatever the client sends: proven with a
// fake `go`, first on PATH and as goBinary, that records every call. Predictions still show.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, copyFixture } from '../helpers/tempModule';
import { FakeGo, writeFakeGo, isAnalysisCall } from './helpers/fakeGo';
import { Harness, hover, removeAll, startServer, statuses } from './helpers/harness';
import { allProcesses, descendantsOf } from './helpers/procs';

describe('faults: untrusted workspace', function () {
  let dir: string;
  let main: string;
  let fake: FakeGo;
  let h: Harness | undefined;

  beforeEach(() => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    main = path.join(dir, 'main.go');
    fake = writeFakeGo('record');
  });

  afterEach(async () => {
    await h?.client.stop();
    removeAll(dir, h?.tmp, fake.dir);
    h = undefined;
  });

  /** Everything a client might do that could start a go run. */
  async function exercise(trusted: boolean): Promise<number[]> {
    const settings = { debounceMs: 10, goBinary: fake.bin };
    h = await startServer({ rootDir: dir, settings, workspaceTrusted: trusted, env: { PATH: `${fake.dir}${path.delimiter}${process.env.PATH}` } });
    const { client, pid } = h;
    const children = new Set<number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const p of descendantsOf(pid, allProcesses())) children.add(p.pid);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const text = fs.readFileSync(main, 'utf8');
    client.open(main, text);
    await hover(client, main, 13, 1);
    client.change(main, { start: { line: 21, character: 0 }, end: { line: 21, character: 0 } }, 'func extra() *int { v := 2; return &v }\n');
    client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: client.uri(main) } });
    await client.request('workspace/executeCommand', { command: 'goEscape.analyzeNow', arguments: [] }).catch(() => undefined);
    const diags = client.diagnostics.get(client.uri(main))?.diagnostics ?? [];
    await client.request('textDocument/codeAction', {
      textDocument: { uri: client.uri(main) },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
      context: { diagnostics: diags },
    }).catch(() => undefined);
    client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goEscape: { ...settings, debounceMs: 0 } } });
    const other = path.join(dir, 'other.go');
    client.open(other, 'package main\n\nfunc other() *int { w := 3; return &w }\n');
    await hover(client, other, 2, 20);
    // Give any debounced run ample time to start.
    await new Promise((r) => setTimeout(r, 1500));
    sampling = false;
    await sampler;
    return [...children];
  }

  it('starts no process: no call reaches a recording fake go on PATH or in goBinary', async () => {
    const children = await exercise(false);
    assert.deepEqual(fake.calls(), [], 'the fake go was never called');
    assert.deepEqual(children, [], 'the server never had a child process');
    assert.ok(statuses(h!.client).some((s) => s.state === 'untrusted'), 'the status says why');
  });

  it('control: the same session in a trusted workspace does reach the fake go', async () => {
    const children = await exercise(true);
    assert.ok(fake.calls().some((c) => isAnalysisCall(c)), `the fake recorded a build: ${JSON.stringify(fake.calls())}`);
    assert.ok(children.length > 0);
  });

  it('still shows predictions', async () => {
    h = await startServer({ rootDir: dir, settings: { goBinary: fake.bin }, workspaceTrusted: false, env: { PATH: `${fake.dir}${path.delimiter}${process.env.PATH}` } });
    h.client.open(main, fs.readFileSync(main, 'utf8'));
    const ds = await h.client.waitForDiagnostics(main, (d) => d.some((x) => x.data?.origin === 'prediction' && x.data?.category === 'moved'));
    const u = ds.find((x) => x.data?.origin === 'prediction' && x.data?.category === 'moved')!;
    assert.deepEqual(u.range.start, { line: 13, character: 1 });
    assert.deepEqual(fake.calls(), []);
  });
});
