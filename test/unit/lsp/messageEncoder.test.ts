// The message encoder must write exactly what JSON.stringify would, whatever it reuses.
import * as assert from 'node:assert/strict';
import { diagnosticAt, encodeMessage } from '../../../server/src/lsp/wire/messageEncoder';

const range = (line: number, ch: number) => ({ start: { line, character: ch }, end: { line, character: ch + 1 } });
const publish = (diagnostics: object[], extra: Record<string, unknown> = { version: 7 }) => ({
  jsonrpc: '2.0',
  method: 'textDocument/publishDiagnostics',
  params: { uri: 'file:///tmp/d%C3%A9j%C3%A0/x.go', ...extra, diagnostics },
});

describe('message encoder', () => {
  const body = { severity: 2, message: 'moved to heap: é😀 "q"', source: 'go-escape', code: 'returned-address', data: { origin: 'compiler', line: 3, column: 2 } };

  it('encodes other messages as JSON.stringify does', () => {
    const msg = { jsonrpc: '2.0', id: 3, result: { contents: { kind: 'markdown', value: 'a\nb “c”' } } };
    assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
  });

  it('encodes a publish with shared bodies, plain diagnostics and repeats exactly', () => {
    const a = diagnosticAt(range(1, 2), body);
    const b = diagnosticAt(range(5, 0), body);
    const plain = { range: range(9, 4), severity: 3, message: 'x escapes to heap', relatedInformation: [{ location: { uri: 'file:///a.go', range: range(1, 1) }, message: 'step' }] };
    const empty = diagnosticAt(range(2, 2), {});
    const msg = publish([a, b, plain, a, empty]);
    assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
    // Encoding again reuses bytes and must still be exact, also after moving the order around.
    const again = publish([b, a, diagnosticAt(range(6, 1), body), plain]);
    assert.equal(encodeMessage(again).toString('utf8'), JSON.stringify(again));
  });

  it('encodes empty publishes and publishes without a version', () => {
    for (const msg of [publish([]), publish([diagnosticAt(range(0, 0), body)], {})]) {
      assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
    }
  });

  it('keeps its own copy of the range, in the shape JSON.stringify would print', () => {
    const r = { end: { character: 3, line: 1 }, start: { character: 2, line: 1 } };
    const d = diagnosticAt(r, body);
    r.start.line = 99;
    const msg = publish([d]);
    assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
    assert.equal(d.range.start.line, 1);
  });

  it('does not let the body marker into the JSON', () => {
    const d = diagnosticAt(range(1, 1), body);
    assert.deepEqual(Object.keys(d), ['range', ...Object.keys(body)]);
    assert.equal(JSON.stringify(d), JSON.stringify({ range: range(1, 1), ...body }));
  });
});
