// The reader over a stream: messages reach the connection in order, what cannot be read is
// answered or logged, and the end of the stream closes the reader.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Message, ResponseMessage } from 'vscode-languageserver/node';
import { LspMessageReader } from '../../../server/src/lsp/wire/messageReader';

const frame = (body: string | Buffer, header?: string) => {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(header ?? `Content-Length: ${b.length}\r\n\r\n`, 'latin1'), b]);
};
const msg = (m: object) => frame(JSON.stringify({ jsonrpc: '2.0', ...m }));
const tick = () => new Promise((r) => setImmediate(r));

/** A reader over a stream; frames above `maxFrameBytes` (by default the server's limit) are skipped. */
function reader(maxFrameBytes?: number) {
  const input = new PassThrough();
  const got: Message[] = [];
  const replies: ResponseMessage[] = [];
  const logs: string[] = [];
  const r = new LspMessageReader(input, { log: (m) => logs.push(m), reply: (m) => replies.push(m), maxFrameBytes });
  let closed = 0;
  r.onClose(() => closed++);
  const listening = r.listen((m) => got.push(m));
  return { input, r, got, replies, logs, closed: () => closed, listening };
}

describe('LSP message reader', () => {
  it('delivers messages in order, across chunks, with text split inside a multi-byte character', async () => {
    const t = reader();
    const open = { method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///a.go', languageId: 'go', version: 1, text: 'package a // é😀\n' } } };
    const bytes = Buffer.concat([msg(open), msg({ id: 1, method: 'shutdown' })]);
    const split = bytes.indexOf(Buffer.from('😀', 'utf8')) + 2;
    t.input.write(bytes.subarray(0, split));
    await tick();
    assert.deepEqual(t.got, []);
    t.input.write(bytes.subarray(split));
    await tick();
    assert.deepEqual(t.got, [{ jsonrpc: '2.0', ...open }, { jsonrpc: '2.0', id: 1, method: 'shutdown' }]);
    assert.deepEqual([t.replies, t.logs], [[], []]);
    assert.equal(t.r.shutdownRequested, true);
  });

  it('reads a 2 MB open written in 64 KiB chunks, as a pipe brings it, to the same text', async () => {
    const t = reader();
    const text = 'package big // ü😀\n' + 'func f%d() *int { v := 1; return &v } // “q”\n'.repeat(45000);
    const open = { method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///big.go', languageId: 'go', version: 1, text } } };
    const bytes = Buffer.concat([msg(open), msg({ id: 2, method: 'goEscape/stats' })]);
    assert.ok(bytes.length > 2_000_000);
    for (let at = 0; at < bytes.length; at += 65536) t.input.write(bytes.subarray(at, at + 65536));
    await tick();
    assert.equal(t.got.length, 2);
    assert.equal((t.got[0] as unknown as typeof open).params.textDocument.text, text);
    assert.deepEqual([t.replies, t.logs], [[], []]);
  });

  it('answers what is not JSON, not UTF-8 or not JSON-RPC, and reads on past bad headers in the same write', async () => {
    const t = reader(4096);
    t.input.write(Buffer.concat([
      frame('{"jsonrpc":"2.0",'),
      frame(Buffer.from([0x7b, 0xff, 0x7d])),
      frame('[]'),
      Buffer.from('Content-Length: -1\r\n\r\n', 'latin1'),
      msg({ id: 'm', method: 7 }),
      Buffer.from('Content-Length: 99999\r\n\r\n', 'latin1'),
      msg({ id: 'h', method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a.go' }, position: { line: 0, character: -1 } } }),
      msg({ method: 'textDocument/didClose', params: { textDocument: {} } }),
      msg({ id: 'ok', method: 'goEscape/stats' }),
    ]));
    await tick();
    assert.deepEqual(t.got, [{ jsonrpc: '2.0', id: 'ok', method: 'goEscape/stats' }]);
    assert.deepEqual(t.replies.map((r) => [r.id, r.error!.code]), [[null, -32700], [null, -32700], [null, -32600], ['m', -32600], ['h', -32602]]);
    assert.match(t.replies[1].error!.message, /not valid UTF-8/);
    assert.equal(t.logs.length, 8, t.logs.join('\n'));
    assert.match(t.logs.join('\n'), /not a number of bytes: "-1"/);
    assert.match(t.logs.join('\n'), /a frame of 99999 bytes is larger than the limit of 4096/);
    assert.match(t.logs.join('\n'), /dropped a notification: Invalid params of textDocument\/didClose: params.textDocument.uri must be a string/);
    assert.equal(t.r.shutdownRequested, false);
  });

  it('closes once when the input ends, saying when a frame was cut short, and stops reading when disposed', async () => {
    const t = reader();
    t.input.write(Buffer.from('Content-Length: 50\r\n\r\n{"jsonrpc"', 'latin1'));
    t.input.end();
    await tick();
    t.input.destroy();
    await tick();
    assert.equal(t.closed(), 1);
    assert.deepEqual(t.logs, ['LSP input: the input ended inside a frame: 10 of its 50 bytes arrived']);

    const u = reader();
    u.listening.dispose();
    u.input.write(msg({ id: 1, method: 'shutdown' }));
    await tick();
    assert.deepEqual(u.got, []);
  });
});
