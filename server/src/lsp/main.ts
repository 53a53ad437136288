// Entry point of `go-escape-lsp`: speaks LSP over stdio (or node IPC when a client starts it so).
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

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
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
}

main(process.argv.slice(2));
