// The message encoder must write exactly what JSON.stringify would, whatever it reuses.
import * as assert from 'node:assert/strict';
import { bodyBytes, encodeMessage, encodePublish } from '../../../server/src/lsp/wire/messageEncoder';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
const range = (line: number, ch: number, endLine = line, endCh = ch + 1): Range => ({ start: { line, character: ch }, end: { line: endLine, character: endCh } });
const URI = 'file:///tmp/d%C3%A9j%C3%A0/x.go';
const message = (params: unknown) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params });

/** A publish of `items` through encodePublish, and the same publish as plain objects. */
function both(items: { range: Range; body: object }[], version?: number) {
  const bytes = items.map((it) => bodyBytes(it.body));
  const params = encodePublish(URI, version, items.length, (i) => items[i].range, (i) => bytes[i]);
  const plain = { uri: URI, ...(version === undefined ? {} : { version }), diagnostics: items.map((it) => ({ range: it.range, ...it.body })) };
  return { params, expected: JSON.stringify(message(plain)) };
}

describe('message encoder', () => {
  const body = { severity: 2, message: 'moved to heap: é😀 "q"', source: 'go-escape', code: 'returned-address', data: { origin: 'compiler', category: 'moved' } };
  const related = { severity: 3, message: 'x escapes to heap', relatedInformation: [{ location: { uri: 'file:///a.go', range: range(1, 1) }, message: 'step\n“two”' }] };

  it('encodes other messages as JSON.stringify does', () => {
    const msg = { jsonrpc: '2.0', id: 3, result: { contents: { kind: 'markdown', value: 'a\nb “c”' } } };
    assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
  });

  it('writes a publish byte for byte as JSON.stringify would', () => {
    const items = [
      { range: range(0, 0), body },
      { range: range(9, 10, 99, 100), body: related },
      { range: range(1234567, 89, 1234568, 0), body },
      { range: range(2, 2), body: {} },
      { range: range(5, 0), body },
    ];
    const { params, expected } = both(items, 7);
    assert.equal(encodeMessage(message(params)).toString('utf8'), expected);
  });

  it('encodes empty publishes and publishes without a version', () => {
    for (const [items, version] of [[[], 3], [[{ range: range(0, 0), body }], undefined], [[], undefined]] as const) {
      const { params, expected } = both([...items], version);
      assert.equal(encodeMessage(message(params)).toString('utf8'), expected);
    }
  });

  it('keeps the ranges as they were when the publish was made', () => {
    const items = [{ range: range(1, 2), body }];
    const { params, expected } = both(items, 7);
    items[0].range.start.line = 99;
    items[0].range.end.character = 1000;
    assert.equal(encodeMessage(message(params)).toString('utf8'), expected);
  });

  it('gives the diagnostics to any other reader of the params', () => {
    const items = [{ range: range(1, 2), body }, { range: range(4, 0), body: related }];
    const { params, expected } = both(items, 7);
    assert.equal(JSON.stringify(message(params)), expected);
    assert.deepEqual(params.diagnostics.map((d) => d.range), [range(1, 2), range(4, 0)]);
    assert.deepEqual(Object.keys(params), ['uri', 'version', 'diagnostics']);
  });
});
