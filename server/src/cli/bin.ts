// Entry point of the `go-escape` command (cliMain.ts dispatches, and tests call it directly).
import { main } from './cliMain';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`go-escape: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  },
);
