// Runs a headless editor as a test: its own process group, output passed through and saved to a
// log, a time limit after which the whole group is ended, and the exit code as the verdict.
import { createWriteStream } from 'node:fs';
import { endGroup, startGroup } from './processes.mjs';

export async function runEditor(name, command, args, { env, cwd, logFile, timeoutMs }) {
  const log = createWriteStream(logFile);
  const tee = { write: (chunk) => { process.stderr.write(chunk); log.write(chunk); } };
  const child = startGroup(command, args, { env, cwd, log: tee });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    endGroup(child).catch(() => {});
  }, timeoutMs);
  const [code, signal] = await new Promise((resolveExit) => child.once('exit', (...result) => resolveExit(result)));
  clearTimeout(timer);
  // Ends anything the editor left behind, such as a language server it did not stop.
  await endGroup(child, 1000);
  log.end();
  if (timedOut) throw new Error(`${name} did not finish within ${timeoutMs} ms (log: ${logFile})`);
  if (code !== 0) throw new Error(`${name} exited with code ${code}${signal ? `, signal ${signal}` : ''} (log: ${logFile})`);
}
