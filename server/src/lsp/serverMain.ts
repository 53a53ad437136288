// Entry point of `go-escape-lsp`: speaks LSP over stdio (or node IPC when a client starts it so).
import { format } from 'node:util';
import { Connection, ProposedFeatures, StreamMessageWriter, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';
import { messageEncoder } from './wire/messageEncoder';
import { LspMessageReader } from './wire/messageReader';

const USAGE = 'usage: go-escape-lsp --stdio\nThe go-escape language server: Go escape analysis (heap allocations) as diagnostics.\n';

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write('go-escape-lsp 0.1.0\n');
    return;
  }
  if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--clientProcessId'))) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const connection = argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
}

/**
 * LSP over stdin and stdout with our reader, which reads on past bad frames and answers malformed
 * messages, and our message encoder, which makes republishing a large file's diagnostics cheap.
 * stdout carries the protocol, so console output goes to the client's log.
 */
function stdioConnection(): Connection {
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: messageEncoder });
  const reader = new LspMessageReader(process.stdin, {
    // Only called once the connection listens.
    log: (m) => connection.console.warn(m),
    reply: (r) => void writer.write(r).catch(() => {}),
  });
  // The client closed our stdin: it is gone, so exit as the library does for a stream it reads.
  reader.onClose(() => process.exit(reader.shutdownRequested ? 0 : 1));
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  const toLog = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = console.info = console.debug = toLog;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  return connection;
}

main(process.argv.slice(2));
