// What JSON-RPC 2.0 and our parameter shapes make of each message: delivered as it came,
// answered with an error (and which id), or dropped.
import * as assert from 'node:assert/strict';
import { checkMessage } from '../../../server/src/lsp/wire/messageCheck';
import { PARAM_SHAPES, paramsProblem } from '../../../server/src/lsp/wire/paramShapes';

const uri = 'file:///m/a.go';
const pos = { line: 3, character: 7 };
const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } };
const rpc = (m: object) => ({ jsonrpc: '2.0', ...m });

/** A short form of the verdict: deliver, drop, or the error code with the id answered. */
function verdict(value: unknown): string {
  const v = checkMessage(value);
  if (v.kind === 'deliver') return 'deliver';
  if (v.kind === 'drop') return 'drop';
  return `${v.response.error!.code} id ${JSON.stringify(v.response.id)}`;
}

describe('message check (JSON-RPC)', () => {
  const cases: [string, unknown, string][] = [
    ['a request', rpc({ id: 1, method: 'textDocument/hover', params: { textDocument: { uri }, position: pos } }), 'deliver'],
    ['a request with a string id', rpc({ id: 'a', method: 'shutdown' }), 'deliver'],
    ['a request with a fractional id (the library answers it)', rpc({ id: 1.5, method: 'shutdown' }), 'deliver'],
    ['a notification', rpc({ method: 'initialized', params: {} }), 'deliver'],
    ['an unknown method with junk params (the library answers MethodNotFound)', rpc({ id: 2, method: 'foo/bar', params: 5 }), 'deliver'],
    ['a response', rpc({ id: 3, result: null }), 'deliver'],
    ['an error response with id null', rpc({ id: null, error: { code: 1, message: 'm' } }), 'deliver'],
    ['no jsonrpc field (read as the request it is)', { id: 4, method: 'shutdown' }, 'deliver'],
    ['a number', 42, '-32600 id null'],
    ['null', null, '-32600 id null'],
    ['a string', 'str', '-32600 id null'],
    ['an empty batch', [], '-32600 id null'],
    ['a batch', [rpc({ id: 5, method: 'shutdown' })], '-32600 id null'],
    ['an object with nothing', { foo: 'boo' }, '-32600 id null'],
    ['an id and nothing else', rpc({ id: 6 }), '-32600 id 6'],
    ['a method that is a number, with an id', rpc({ id: 7, method: 42 }), '-32600 id 7'],
    ['a method that is null, without an id', rpc({ method: null }), '-32600 id null'],
    ['a method that is an array, with an id of the wrong type', rpc({ id: {}, method: ['shutdown'] }), '-32600 id null'],
    ['an id that is null', rpc({ id: null, method: 'textDocument/hover', params: {} }), '-32600 id null'],
    ['an id that is an object', rpc({ id: {}, method: 'shutdown' }), '-32600 id null'],
    ['an id that is true', rpc({ id: true, method: 'shutdown' }), '-32600 id null'],
    ['a request of ours with wrong params', rpc({ id: 8, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 'a', character: 0 } } }), '-32602 id 8'],
    ['a request of ours without params', rpc({ id: 'x', method: 'textDocument/codeAction' }), '-32602 id "x"'],
    ['a notification of ours with wrong params', rpc({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 1 }, contentChanges: 5 } }), 'drop'],
    ['a cancellation with a junk id', rpc({ method: '$/cancelRequest', params: { id: null } }), 'drop'],
  ];
  for (const [what, value, expected] of cases) {
    it(`${what}: ${expected}`, () => assert.equal(verdict(value), expected));
  }

  it('says what is wrong, where', () => {
    const v = checkMessage(rpc({ id: 9, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: -1, character: 0 } } }));
    assert.equal(v.kind, 'answer');
    assert.deepEqual(v.kind === 'answer' && v.response, {
      jsonrpc: '2.0', id: 9, error: { code: -32602, message: 'Invalid params of textDocument/hover: params.position.line must be an unsigned integer, not -1' },
    });
  });
});

describe('param shapes', () => {
  // Params as real clients send them: each must fit.
  const good: [string, unknown][] = [
    ['textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 0, text: 'package a\n' } }],
    ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range, rangeLength: 3, text: 'x' }, { text: 'whole' }] }],
    ['textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [] }],
    ['textDocument/didSave', { textDocument: { uri } }],
    ['textDocument/didSave', { textDocument: { uri }, text: 'package a\n' }],
    ['textDocument/didClose', { textDocument: { uri } }],
    ['textDocument/hover', { textDocument: { uri }, position: { line: 2 ** 31 - 1, character: 0 } }],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'], triggerKind: 1 } }],
    ['textDocument/codeAction', {
      textDocument: { uri }, range,
      context: { diagnostics: [{ range, message: 'moved to heap: v', severity: 2, code: 'returned-address', source: 'go-escape', data: { origin: 'compiler' } }, { range, message: { kind: 'markdown', value: 'm' }, code: 7 }] },
    }],
    // Optional fields no handler reads are not checked.
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [{ range, message: 'm', severity: 'high', tags: 5 }], only: 'quickfix' } }],
    ['workspace/executeCommand', { command: 'goEscape.analyzeNow' }],
    ['workspace/executeCommand', { command: 'goEscape.showWhy', arguments: ['https://example.invalid/rule', 1, null] }],
    ['goEscape/stats', undefined],
    ['goEscape/stats', null],
    ['goEscape/stats', {}],
    ['$/cancelRequest', { id: 1_000_000.5 }],
    ['$/cancelRequest', { id: 'fuzz-3' }],
  ];
  for (const [method, params] of good) {
    it(`${method} ${JSON.stringify(params)?.slice(0, 80)}: fits`, () => assert.equal(paramsProblem(method, params), undefined));
  }

  const bad: [string, unknown, string][] = [
    ['textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1.5, text: '' } }, 'params.textDocument.version must be an integer, not 1.5'],
    ['textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 2 ** 31, text: '' } }, 'params.textDocument.version must be an integer, not 2147483648'],
    ['textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1 } }, 'params.textDocument.text must be a string, not nothing'],
    ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'a' }, { range: { start: { line: 0, character: null }, end: pos }, text: 'b' }] }, 'params.contentChanges[1].range.start.character must be an unsigned integer, not null'],
    ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range }] }, 'params.contentChanges[0].text must be a string, not nothing'],
    ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: {} }, 'params.contentChanges must be an array, not {}'],
    ['textDocument/didSave', [], 'params must be an object, not []'],
    ['textDocument/didClose', { textDocument: { uri: 5 } }, 'params.textDocument.uri must be a string, not 5'],
    ['textDocument/hover', null, 'params must be an object, not null'],
    ['textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 ** 53 } }, 'params.position.character must be an unsigned integer, not 9007199254740992'],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [{ range: 'x', message: 'm' }] } }, 'params.context.diagnostics[0].range must be an object, not "x"'],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [{ range, message: 3 }] } }, 'params.context.diagnostics[0].message must be a string or markup content, not 3'],
    ['textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [{ range, message: 'm', code: true }] } }, 'params.context.diagnostics[0].code must be an integer or a string, not true'],
    ['workspace/executeCommand', { command: 'goEscape.showWhy', arguments: 'x' }, 'params.arguments must be an array, not "x"'],
    ['workspace/executeCommand', { arguments: [] }, 'params.command must be a string, not nothing'],
    ['goEscape/stats', 'x', 'params must be an object, an array or null, not "x"'],
    ['$/cancelRequest', { id: [] }, 'params.id must be a number or a string, not []'],
  ];
  for (const [method, params, problem] of bad) {
    it(`${method}: ${problem}`, () => assert.equal(paramsProblem(method, params), problem));
  }

  it('covers every method the server registers a handler for', () => {
    const handled = ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didSave', 'textDocument/didClose', 'textDocument/hover', 'textDocument/codeAction', 'workspace/executeCommand', 'goEscape/stats'];
    assert.deepEqual(handled.filter((m) => !PARAM_SHAPES.has(m)), []);
    assert.equal(paramsProblem('workspace/didChangeConfiguration', 5), undefined, 'methods not in the table are not checked');
  });
});
