// A throwaway LSP client process for crash tests: starts the server with pipes, initializes it,
// opens one file, prints the server's pid, and then just waits to be killed. Its death closes
// the only writer of the server's stdin, as when an editor crashes.
// Usage: node crashClient.js SERVER_JS ROOT_DIR FILE SETTINGS_JSON
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [serverJs, rootDir, file, settingsJson] = process.argv.slice(2);
const server = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
server.stdout!.resume();

function send(msg: object): void {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  server.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin!.write(body);
}

send({
  id: 1,
  method: 'initialize',
  params: {
    processId: null,
    rootUri: pathToFileURL(rootDir).href,
    capabilities: {},
    initializationOptions: { settings: { goEscape: JSON.parse(settingsJson) } },
  },
});
send({ method: 'initialized', params: {} });
send({ method: 'textDocument/didOpen', params: { textDocument: { uri: pathToFileURL(file).href, languageId: 'go', version: 1, text: fs.readFileSync(file, 'utf8') } } });
process.stdout.write(`${server.pid}\n`);
setInterval(() => {}, 1 << 30);
