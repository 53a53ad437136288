// Starting and ending the helper processes of the tests: each runs in its own process group so
// that ending it also ends everything it started.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// Groups still running. If the test itself is ended (a CI time limit, Ctrl+C) or exits without
// its finally blocks, they are killed here so that no editor or server outlives it.
const liveGroups = new Set();
let handlersInstalled = false;

function killLiveGroups() {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('exit', killLiveGroups);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.once(signal, () => {
      killLiveGroups();
      process.exit(code);
    });
  }
}

// Spawns without a shell, in a new process group, with output appended to the given stream.
export function startGroup(command, args, { env, cwd, log }) {
  installHandlers();
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.stdout.on('data', (chunk) => log?.write(chunk));
  child.stderr.on('data', (chunk) => log?.write(chunk));
  return child;
}

// Ends the whole group: SIGTERM first, SIGKILL if it is still there after the grace period.
export async function endGroup(child, graceMs = 5000) {
  if (!child || child.pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolveExit) => child.once('exit', resolveExit));
  signalGroup(child.pid, 'SIGTERM');
  const timer = new Promise((resolveTimer) => setTimeout(resolveTimer, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') signalGroup(child.pid, 'SIGKILL');
  // Children of the group may outlive its leader; the group signal reaches them too.
  signalGroup(child.pid, 'SIGKILL');
  liveGroups.delete(child.pid);
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

export async function waitFor(what, check, { timeoutMs, intervalMs = 200 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, intervalMs));
  }
}
