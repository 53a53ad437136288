// What the server process does when its client goes away or something throws: no go process
// outlives the server, and an internal error is logged instead of ending the session.
import { killAllChildren } from '../core/compiler/goCommand';

export function guardProcess(log: (msg: string) => void): void {
  // A client that dies without saying goodbye closes our stdin: take the children with us.
  process.stdin.on('close', () => {
    killAllChildren();
    process.exit(0);
  });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAllChildren();
      process.exit(0);
    });
  }
  process.on('uncaughtException', (e) => log(`internal error (kept running): ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => log(`internal error (kept running): ${(e as Error)?.stack ?? e}`));
}
