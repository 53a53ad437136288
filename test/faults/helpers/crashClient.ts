// A throwaway LSP client process for crash tests: starts the server with pipes, initializes it,
// opens one file, prints the server's pid, and then just waits to be killed. Its death closes
// the only writer of the server's stdin, as when an editor crashes. It sends no processId, so the
// server cannot learn of the death by watching this process: only the closed pipe tells it.
// Usage: node crashClient.js SERVER_JS ROOT_DIR FILE SETTINGS_JSON
import * as fs from 'node:fs';
import { LspClient } from '../../helpers/lspClient';

const [serverJs, rootDir, file, settingsJson] = process.argv.slice(2);

void (async () => {
  const client = await LspClient.start({ rootDir, args: [serverJs, '--stdio'], settings: JSON.parse(settingsJson), processId: null, stdio: ['pipe', 'pipe', 'ignore'] });
  client.open(file, fs.readFileSync(file, 'utf8'));
  process.stdout.write(`${client.proc.pid}\n`);
  setInterval(() => {}, 1 << 30);
})();
