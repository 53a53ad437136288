// The bench's floor for edit → predicted diagnostics: a language server that does no work. It
// answers every didChange with a publish whose bytes were made once (argv[2], a file holding the
// diagnostics of one of our publishes), with only the version written anew, so the time a client
// waits for it is what the pipe, the client's reading and its JSON parsing cost at that size.
const fs = require('node:fs');
const { StreamMessageReader } = require('vscode-jsonrpc/node');

const diagnostics = fs.readFileSync(process.argv[2], 'utf8');
let uri = '';
let body = { before: Buffer.alloc(0), after: Buffer.alloc(0) };

/** The message split around its version, so each answer only writes the version between. */
function prepare(forUri) {
  const head = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: forUri, version: 0 } });
  const at = head.lastIndexOf('0}}');
  return { before: Buffer.from(head.slice(0, at)), after: Buffer.from(`,"diagnostics":${diagnostics}}}`) };
}

function send(json) {
  const b = Buffer.isBuffer(json) ? json : Buffer.from(JSON.stringify(json));
  process.stdout.write(Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]));
}

function publish(version) {
  const v = Buffer.from(String(version));
  send(Buffer.concat([body.before, v, body.after]));
}

const reader = new StreamMessageReader(process.stdin);
reader.listen((m) => {
  switch (m.method) {
    case 'initialize':
      send({ jsonrpc: '2.0', id: m.id, result: { capabilities: { textDocumentSync: 2 } } });
      break;
    case 'textDocument/didOpen':
      uri = m.params.textDocument.uri;
      body = prepare(uri);
      publish(m.params.textDocument.version);
      break;
    case 'textDocument/didChange':
      if (m.params.textDocument.uri === uri) publish(m.params.textDocument.version);
      break;
    case 'shutdown':
      send({ jsonrpc: '2.0', id: m.id, result: null });
      break;
    case 'exit':
      process.exit(0);
  }
});
process.stdin.on('end', () => process.exit(0));
