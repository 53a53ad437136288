// `node scripts/bench-reader.mjs [--rounds N]`: the CPU cost of reading LSP input with our reader
// (server/src/lsp/wire/messageReader.ts) against vscode-jsonrpc's StreamMessageReader, which the
// server used before, measured alternately in this run over the same bytes: 50,000 keystroke-sized
// didChange frames written one by one, and a 2 MB didOpen written in 64 KiB chunks as a pipe
// brings it. Prints the median of the rounds per message and the ratio ours / library.
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { compiled, numberOption } from './bench/scriptEnv.mjs';
import { median } from './bench/stats.mjs';

const { LspMessageReader } = compiled('server/src/lsp/wire/messageReader.js');
const { StreamMessageReader } = createRequire(import.meta.url)('vscode-languageserver/node');
const ROUNDS = numberOption('--rounds', 7);

const framed = (msg) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
};
const uri = 'file:///tmp/bench/big.go';
const keystrokes = Array.from({ length: 50000 }, (_, v) => [framed({
  method: 'textDocument/didChange',
  params: { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 1234, character: 10 }, end: { line: 1234, character: 10 } }, text: 'x' }] },
})]);
const text = 'package big // ü😀\n' + 'func f() *int { v := 1; return &v } // “q”\n'.repeat(50000);
const open = framed({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'go', version: 1, text } } });
const opens = Array.from({ length: 20 }, () => Array.from({ length: Math.ceil(open.length / 65536) }, (_, k) => open.subarray(k * 65536, (k + 1) * 65536)));

/** Milliseconds from the first write of `messages` (each a list of chunks) to the last message read. */
async function time(make, messages) {
  const input = new PassThrough({ highWaterMark: 1 << 20 });
  let left = messages.length;
  let done;
  const finished = new Promise((r) => (done = r));
  const reader = make(input);
  reader.listen(() => --left === 0 && done());
  const t0 = performance.now();
  for (const chunks of messages) for (const c of chunks) input.write(c);
  await finished;
  const t = performance.now() - t0;
  reader.dispose();
  return t;
}

const readers = {
  library: (input) => new StreamMessageReader(input),
  ours: (input) => new LspMessageReader(input, { log: (m) => console.error(m), reply: (r) => console.error(r) }),
};
for (const [what, messages, unit, per] of [['didChange keystroke', keystrokes, 'µs', 1000], ['2 MB didOpen', opens, 'ms', 1]]) {
  const t = { library: [], ours: [] };
  for (let r = 0; r < ROUNDS; r++) for (const name of r % 2 ? ['ours', 'library'] : ['library', 'ours']) t[name].push((await time(readers[name], messages)) / messages.length * per);
  const [lib, ours] = [median(t.library), median(t.ours)];
  console.log(`${what} (${(messages[0].reduce((s, c) => s + c.length, 0) / 1024).toFixed(1)} KiB): vscode-jsonrpc ${lib.toFixed(2)} ${unit}, ours ${ours.toFixed(2)} ${unit} per message (median of ${ROUNDS} rounds), ours / library ${(ours / lib).toFixed(2)}`);
}
