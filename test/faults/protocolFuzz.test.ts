// Hostile client: thousands of generated messages over stdio (see helpers/protocolFuzz.ts). The
// server never crashes, answers every request with the result or the JSON-RPC error it is due
// (and with id null what JSON-RPC answers so: bad JSON, messages that are not requests), and afterwards
// shows the compiler's verdict on the final texts; `exit` without `shutdown` ends it with code 1
// and nothing left behind. Seeded: FUZZ_SEED=N replays a run, FUZZ_MESSAGES=N sets its length, FUZZ_LOG=N how many of
// the last messages sent a failure lists, FUZZ_CHECK_EVERY=N how often the verdict is checked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Message } from 'vscode-jsonrpc';
import { FIXTURES, copyFixture, hasGo } from '../helpers/tempModule';
import { Harness, cliVerdict, compilerKeys, hover, removeAll, startServer } from './helpers/harness';
import { descendantsOf, isAlive, pollUntil } from './helpers/procs';
import { BAD_HEADERS, Expect, Frame, FuzzDoc, ProtocolFuzzer } from './helpers/protocolFuzz';
import { ContentChange, applyChange } from './helpers/textModel';

const FIXTURE = path.join(FIXTURES, 'faults', 'fuzz');
const FILES = ['users.go', 'format.go', 'store.go'];
const CHECKPOINT_VERSION = 1_000_000;

type Response = { id: string | number | null; result?: unknown; error?: { code: unknown; message: unknown }; jsonrpc?: unknown };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What is wrong with the form of a response, or undefined when it is well-formed. */
function malformed(r: Response): string | undefined {
  if (r.jsonrpc !== '2.0') return 'jsonrpc is not "2.0"';
  const isError = r.error !== undefined;
  if (isError === ('result' in r)) return 'neither or both of result and error';
  if (isError && (!Number.isInteger(r.error!.code) || typeof r.error!.message !== 'string')) return 'malformed error';
  return undefined;
}

/** Why a response does not meet its expectation, or undefined when it does. */
function wrongAnswer(r: Response, expect: Expect): string | undefined {
  const form = malformed(r);
  if (form) return form;
  const isError = r.error !== undefined;
  const code = isError ? (r.error!.code as number) : undefined;
  if (expect === 'result' && isError) return `error ${code} where a result was due`;
  if (expect === 'result-or-cancelled' && isError && code !== -32800) return `error ${code} where a result or RequestCancelled was due`;
  const due: Partial<Record<Expect, [number, string]>> = { 'method-not-found': [-32601, 'MethodNotFound'], 'invalid-request': [-32600, 'InvalidRequest'], 'invalid-params': [-32602, 'InvalidParams'] };
  const [want, name] = due[expect] ?? [];
  if (want !== undefined && code !== want) return `${isError ? `error ${code}` : 'a result'} where ${name} was due`;
  return undefined;
}

describe('faults: hostile client (protocol fuzz)', function () {
  let dir: string | undefined;
  let verdictDir: string | undefined;
  let h: Harness | undefined;

  before(function () {
    if (!hasGo()) this.skip();
  });

  afterEach(async () => {
    if (h && !h.client.exited()) await h.client.stop();
    else h?.client.conn.dispose();
    removeAll(dir, verdictDir, h?.tmp);
    h = dir = verdictDir = undefined;
  });

  it('never crashes, answers every request properly, ends with the compiler verdict, and exits with 1 on exit without shutdown', async function () {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const count = Number(process.env.FUZZ_MESSAGES ?? 3000);
    const checkEvery = Number(process.env.FUZZ_CHECK_EVERY ?? 300);
    console.log(`      protocol fuzz: seed ${seed}, ${count} messages (replay: FUZZ_SEED=${seed} FUZZ_MESSAGES=${count} npx mocha --config test/faults/.mocharc.json --grep 'protocol fuzz')`);
    this.timeout(300000 + count * 100);
    dir = copyFixture(FIXTURE);
    h = await startServer({ rootDir: dir, settings: { debounceMs: 20 } });
    const { client, pid } = h;
    const originals = new Map(FILES.map((f) => [client.uri(path.join(dir!, f)), fs.readFileSync(path.join(dir!, f), 'utf8')]));
    const docs: FuzzDoc[] = [...originals.keys()].map((uri) => ({ uri, open: false, text: undefined, version: 0 }));
    const elsewhere = [client.uri(path.join(dir, 'never', 'opened.go')), client.uri('/nonexistent-go-escape-dir/x.go'), 'untitled:Untitled-7', 'file:///', 'https://example.invalid/a.go'];

    const responses = new Map<string | number, Response[]>();
    // Answers with id null, and the error codes the frames sent are due (frame.nullReply).
    const nullAnswers: Response[] = [];
    const nullDue: number[] = [];
    client.onMessage((m: Message) => {
      const r = m as Response & { method?: string };
      if (r.method !== undefined) return;
      if (r.id === null) nullAnswers.push(r);
      else if (r.id !== undefined) responses.set(r.id, [...(responses.get(r.id) ?? []), r]);
    });
    const due = new Map<string | number, { expect: Expect; kind: string; index: number }>();
    const fuzzer = new ProtocolFuzzer(seed, docs, originals, elsewhere, () => [...due.keys()].filter((id) => responses.has(id)));

    // The last frames sent, for the failure message: with the seed they say where it went wrong.
    const recent: string[] = [];
    const kinds = new Map<string, number>();
    let sent = 0;
    const failure = (what: string) =>
      new Error(`${what}\nseed ${seed} (FUZZ_SEED=${seed}), after ${sent} messages; the last ones sent:\n${recent.join('\n')}\nserver stderr: ${client.stderr.slice(-2000)}`);
    const send = async (f: Frame) => {
      await client.writeRaw(f.body, f.header);
      sent++;
      kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
      recent.push(`#${sent} ${f.kind}: ${f.header ? JSON.stringify(f.header) + ' ' : ''}${f.body.toString('utf8').slice(0, 300)}`);
      if (recent.length > Number(process.env.FUZZ_LOG ?? 40)) recent.shift();
      if (f.request) due.set(f.request.id, { expect: f.request.expect, kind: f.kind, index: sent });
      if (f.nullReply !== undefined) nullDue.push(f.nullReply);
    };
    const unanswered = () => [...due.entries()].filter(([id]) => !responses.has(id));
    const drain = async (timeoutMs = 30000) => {
      const start = Date.now();
      while (unanswered().length > 0 || nullAnswers.length < nullDue.length) {
        if (client.exited()) throw failure(`the server exited (${client.proc.exitCode ?? client.proc.signalCode})`);
        if (Date.now() - start > timeoutMs) {
          const ids = unanswered().map(([id, d]) => `${JSON.stringify(id)} (${d.kind}, #${d.index})`);
          throw failure(`no answer within ${timeoutMs} ms to ${[...ids, `${nullDue.length - nullAnswers.length} of the ${nullDue.length} frames due an answer with id null`].join(', ')}`);
        }
        await sleep(10);
      }
    };

    // A checkpoint: the settings as they were, then texts with new findings (so that a stale result
    // cannot pass for the verdict), and the compiler's verdict on them. A document whose text the
    // client knows gets there by one change that empties each line (from the last) and then inserts
    // the new text: if the server's text had drifted from the client's, what is left of it stays in
    // the file the compiler judges. The fuzz goes on from there.
    verdictDir = copyFixture(FIXTURE);
    const expected = new Map<string, string[]>();
    let checkpoints = 0;
    const checkpoint = async () => {
      const n = ++checkpoints;
      const version = CHECKPOINT_VERSION * n;
      await send({ kind: 'settings back', body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: { settings: { goEscape: { debounceMs: 20 } } } })) });
      for (const [k, d] of docs.entries()) {
        const added = `${originals.get(d.uri)}\nfunc fuzz${n}_${k}() *[${k + 2}]int {\n\tv := [${k + 2}]int{}\n\treturn &v\n}\n`;
        let msg: { method: string; params: unknown };
        let text = added;
        if (d.open && d.text !== undefined) {
          const lines = d.text.split('\n');
          const changes: ContentChange[] = lines.map((l, i) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: l.replace(/\r$/, '').length } }, text: '' })).reverse();
          changes.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: added });
          text = changes.reduce(applyChange, d.text);
          msg = { method: 'textDocument/didChange', params: { textDocument: { uri: d.uri, version }, contentChanges: changes } };
        } else {
          await send({ kind: 'close before a checkpoint open', body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: d.uri } } })) });
          msg = { method: 'textDocument/didOpen', params: { textDocument: { uri: d.uri, languageId: 'go', version, text } } };
        }
        fs.writeFileSync(path.join(verdictDir!, FILES[k]), text);
        await send({ kind: `checkpoint (${msg.method})`, body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg })) });
        Object.assign(d, { open: true, text, version });
      }
      const verdict = cliVerdict(verdictDir!);
      for (const [k, d] of docs.entries()) {
        const want = verdict.get(path.join(verdictDir!, FILES[k])) ?? [];
        expected.set(d.uri, want);
        assert.ok(want.some((e) => e.includes(`moved to heap: v`)), `the CLI's verdict on ${FILES[k]} has the new finding: ${want.join(', ')}`);
        await client
          .waitForDiagnostics(path.join(dir!, FILES[k]), (ds) => client.diagnostics.get(d.uri)?.version === version && JSON.stringify(compilerKeys(ds)) === JSON.stringify(want), 60000)
          .catch((e: Error) => {
            throw failure(`checkpoint ${n}, ${FILES[k]}: not the compiler's verdict (expected ${JSON.stringify(want)}): ${e.message.slice(0, 1500)}`);
          });
      }
    };

    for (const d of docs) {
      Object.assign(d, { open: true, text: originals.get(d.uri), version: 1 });
      await send({ kind: 'open', body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: d.uri, languageId: 'go', version: 1, text: d.text } } })) });
    }
    let sinceDrain = 0;
    let sinceCheckpoint = 0;
    while (sent < count) {
      for (const f of fuzzer.next()) await send(f);
      if (fuzzer.random() < 0.1) await sleep(Math.floor(fuzzer.random() * 8));
      if (++sinceDrain >= 150) {
        await drain();
        sinceDrain = 0;
      }
      if (++sinceCheckpoint >= checkEvery) {
        await checkpoint();
        sinceCheckpoint = 0;
      }
      if (client.exited()) throw failure(`the server exited (${client.proc.exitCode ?? client.proc.signalCode})`);
    }
    await drain();

    // Every request: one answer, of the kind it was due.
    for (const [id, d] of due) {
      const rs = responses.get(id)!;
      assert.equal(rs.length, 1, `request ${JSON.stringify(id)} (${d.kind}, #${d.index}) was answered ${rs.length} times: ${JSON.stringify(rs)}`);
      const wrong = wrongAnswer(rs[0], d.expect);
      if (wrong) throw failure(`request ${JSON.stringify(id)} (${d.kind}, #${d.index}): ${wrong}: ${JSON.stringify(rs[0]).slice(0, 500)}`);
    }
    // Answers with id null: exactly those due, each a well-formed error of the code due.
    const codes = (xs: number[]) => xs.map(String).sort().join(', ');
    for (const r of nullAnswers) {
      const wrong = malformed(r) ?? (r.error === undefined ? 'a result' : undefined);
      if (wrong) throw failure(`an answer with id null: ${wrong}: ${JSON.stringify(r)}`);
    }
    assert.equal(codes(nullAnswers.map((r) => r.error?.code as number)), codes(nullDue), 'the error codes of the answers with id null are those due');
    await checkpoint();
    // Settled: no late run replaces the verdict, and the server still answers.
    assert.ok(await pollUntil(() => descendantsOf(pid).length === 0, 30000), 'go runs end after the fuzz');
    await sleep(500);
    for (const [k, d] of docs.entries()) {
      const last = client.diagnostics.get(d.uri)!;
      assert.equal(last.version, CHECKPOINT_VERSION * checkpoints, FILES[k]);
      assert.deepEqual(compilerKeys(last.diagnostics), expected.get(d.uri), FILES[k]);
    }
    await hover(client, path.join(dir, FILES[0]), 9, 2);
    const internal = client.notifications
      .filter((n) => n.method === 'window/logMessage' && /internal error/i.test((n.params as { message: string }).message))
      .map((n) => (n.params as { message: string }).message.slice(0, 600));

    const summary = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    const errors = new Map<string, number>();
    for (const [id] of due) {
      const e = responses.get(id)![0].error;
      const key = e ? String(e.code) : 'result';
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
    console.log(`      ${sent} messages, ${checkpoints} checkpoints with the compiler's verdict: ${summary}`);
    console.log(`      ${due.size} requests answered: ${[...errors.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}; ${nullAnswers.length} errors answered with id null`);
    assert.deepEqual(internal, [], 'no internal error was logged');

    // exit without shutdown: code 1 (the LSP specification), and nothing of the server outlives it.
    const children = descendantsOf(pid).map((p) => p.pid);
    await client.writeRaw(JSON.stringify({ jsonrpc: '2.0', method: 'exit' }));
    await client.waitForExit(10000);
    assert.equal(client.proc.exitCode, 1, `exit without shutdown ends the server with code 1 (got ${client.proc.exitCode ?? client.proc.signalCode})`);
    assert.ok(await pollUntil(() => children.every((c) => !isAlive(c)), 5000), 'no child of the server outlives it');
    assert.ok(await pollUntil(() => fs.readdirSync(h!.tmp).length === 0, 5000), `no temp files left: ${fs.readdirSync(h.tmp).join(', ')}`);
  });

  it('a frame that announces more bytes than it brings: the server keeps running until its stdin closes, then exits with nothing left behind', async () => {
    dir = copyFixture(FIXTURE);
    h = await startServer({ rootDir: dir, settings: { debounceMs: 20 } });
    const { client, pid } = h;
    const file = path.join(dir, FILES[0]);
    client.open(file, fs.readFileSync(file, 'utf8'));
    await client.waitForDiagnostics(file, (ds) => ds.some((d) => d.data?.origin === 'compiler'));
    await client.writeRaw('{"jsonrpc":"2.0","id":"short","method":"shutdown"}', 'Content-Length: 100000\r\n\r\n');
    client.change(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '// edited\n');
    await sleep(1000);
    assert.ok(!client.exited(), 'the server still runs');
    const children = descendantsOf(pid).map((p) => p.pid);
    client.proc.stdin!.end();
    await client.waitForExit(10000);
    assert.equal(client.proc.signalCode, null, 'the server ended by itself, not killed');
    assert.ok(await pollUntil(() => children.every((c) => !isAlive(c)), 5000), 'no child of the server outlives it');
    assert.ok(await pollUntil(() => fs.readdirSync(h!.tmp).length === 0, 5000), 'no temp files left');
  });
});

// A header block the server cannot use is skipped, and what follows it in the same write is read
// at once: the client need not send more bytes for its request to be answered.
describe('faults: bad frame headers', function () {
  let dir: string | undefined;
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.client.stop();
    removeAll(dir, h?.tmp);
    h = dir = undefined;
  });

  for (const [what, header] of [['(control) no bad header', ''], ...BAD_HEADERS]) {
    it(`${what}: a request in the same write is still answered, with no more bytes from the client`, async () => {
      dir = copyFixture(FIXTURE);
      h = await startServer({ rootDir: dir, settings: { debounceMs: 20 } });
      const request = JSON.stringify({ jsonrpc: '2.0', id: 'after-bad-header', method: 'textDocument/hover', params: { textDocument: { uri: h.client.uri(path.join(dir, FILES[0])) }, position: { line: 0, character: 0 } } });
      let answer: unknown;
      h.client.onMessage((m) => {
        if ((m as { id?: unknown }).id === 'after-bad-header') answer = m;
      });
      await h.client.writeRaw(`${header}Content-Length: ${Buffer.byteLength(request)}\r\n\r\n${request}`, '');
      assert.ok(await pollUntil(() => answer !== undefined, 5000), `the request after "${JSON.stringify(header)}" was answered`);
      const skipped = h.client.notifications.filter((n) => n.method === 'window/logMessage' && /skipped a bad header block/.test((n.params as { message: string }).message));
      assert.equal(skipped.length, header === '' ? 0 : 1, 'the skipped header block is said once in the log');
    });
  }
});
