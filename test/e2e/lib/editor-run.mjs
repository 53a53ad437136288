// Runs a headless editor as a test: its own process group, output passed through and saved to a
// log, a time limit after which the whole group is ended, and the exit code as the verdict.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { outputDir, serverJs } from './paths.mjs';
import { endGroup, startGroup } from './processes.mjs';
import { copySeed, makeTempRoot } from './seed.mjs';

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

/**
 * Runs a headless editor script as a test against dist/server.js on a temp copy of the seed
 * example, then exits with its verdict. `setup(root, workspace)` gives the editor's arguments and
 * the environment it needs on top of GO_ESCAPE_SERVER, GO_ESCAPE_WORKSPACE and the user's GOCACHE
 * (a cold go build cache means rebuilding the runtime before the first finding).
 */
export function runEditorOnSeed(name, command, setup) {
  const run = async () => {
    if (!existsSync(serverJs)) throw new Error(`missing ${serverJs}: run npm run build`);
    mkdirSync(outputDir, { recursive: true });
    const root = makeTempRoot(`go-escape-e2e-${name}-`);
    try {
      const workspace = copySeed(root);
      const gocache = execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim();
      const { args, env } = setup(root, workspace);
      await runEditor(name, command, args, {
        cwd: workspace,
        env: { ...process.env, GO_ESCAPE_SERVER: serverJs, GO_ESCAPE_WORKSPACE: workspace, GOCACHE: gocache, ...env },
        logFile: join(outputDir, `${name}.log`),
        timeoutMs: 240_000,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(`${name} e2e FAILED: ${error.message}`);
      process.exit(1);
    },
  );
}
