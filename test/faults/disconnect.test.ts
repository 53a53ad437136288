// The client goes away while a slow build runs: its end of the pipe is closed, or the client
// process is killed outright. The server exits and takes its go processes with it.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, copyFixture } from '../helpers/tempModule';
import { FakeGo, writeFakeGo, isAnalysisCall } from './helpers/fakeGo';
import { SERVER, privateTmp, removeAll, startServer } from './helpers/harness';
import { isAlive, pollUntil } from './helpers/procs';

/** Kills the processes that are still alive (after a failed assertion). */
function killAll(pids: number[]): void {
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone in the meantime.
    }
  }
}

describe('faults: client crash or disconnect', function () {
  let dir: string;
  let tmp: string | undefined;
  let fake: FakeGo;

  beforeEach(() => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    fake = writeFakeGo('hang');
  });

  afterEach(() => {
    removeAll(dir, tmp, fake.dir);
    tmp = undefined;
  });

  /** Waits until the fake build and its sleeping child run; returns their pids. */
  async function buildRunning(): Promise<number[]> {
    assert.ok(await pollUntil(() => fake.calls().some((c) => isAnalysisCall(c)) && fake.pids().filter(isAlive).length >= 2, 20000), 'the slow build started');
    return fake.pids().filter(isAlive);
  }

  it('stdin closed: the server exits and its go processes are gone', async () => {
    const h = await startServer({ rootDir: dir, settings: { debounceMs: 10, goBinary: fake.bin } });
    tmp = h.tmp;
    const main = path.join(dir, 'main.go');
    h.client.open(main, 'package main\n\nfunc main() {}\n');
    let running: number[] = [];
    try {
      running = await buildRunning();
      h.client.proc.stdin!.end();
      assert.ok(await pollUntil(() => !isAlive(h.pid), 10000), 'the server exited');
      assert.ok(await pollUntil(() => running.every((p) => !isAlive(p)), 5000), `go processes left: ${running.filter(isAlive)}`);
      assert.deepEqual(fs.readdirSync(h.tmp), [], 'no temp files left');
    } finally {
      // Whatever an assertion found, nothing of this test outlives it.
      killAll([h.pid, ...running]);
      h.client.proc.kill('SIGKILL');
      h.client.conn.dispose();
    }
  });

  it('client process killed: the server exits and its go processes are gone', async () => {
    tmp = privateTmp();
    const main = path.join(dir, 'main.go');
    const crashClient = path.join(__dirname, 'helpers', 'crashClient.js');
    const client = spawn(process.execPath, [crashClient, SERVER, dir, main, JSON.stringify({ debounceMs: 10, goBinary: fake.bin })], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TMPDIR: tmp },
    });
    const serverPid = await new Promise<number>((resolve, reject) => {
      client.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim())));
      client.once('exit', (code) => reject(new Error(`crash client exited early (${code})`)));
    });
    let running: number[] = [];
    try {
      running = await buildRunning();
      client.kill('SIGKILL');
      assert.ok(await pollUntil(() => !isAlive(serverPid), 10000), 'the server exited');
      assert.ok(await pollUntil(() => running.every((p) => !isAlive(p)), 5000), `go processes left: ${running.filter(isAlive)}`);
      assert.deepEqual(fs.readdirSync(tmp), [], 'no temp files left');
    } finally {
      killAll([serverPid, ...running]);
      client.kill('SIGKILL');
    }
  });
});
