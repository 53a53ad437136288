// Runs the go command without a shell, with cancellation, a timeout and no orphans: the child
// gets its own process group so that compile and link subprocesses die with it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface GoCommandOptions {
  goBinary: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Kills the run after this many milliseconds; 0 disables the timeout. */
  timeoutMs?: number;
  /** Stops collecting output past this many bytes per stream (the process keeps running). */
  maxOutputBytes?: number;
}

export type GoCommandOutcome = 'exited' | 'aborted' | 'timeout' | 'not-found' | 'spawn-failed';

export interface GoCommandResult {
  outcome: GoCommandOutcome;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when output was cut at maxOutputBytes. */
  truncated: boolean;
  /** A one-line description for spawn failures. */
  error?: string;
  durationMs: number;
}

/** Grace period between SIGTERM and SIGKILL when a run is cancelled, as gopls does. */
const KILL_GRACE_MS = 1000;

/** Process groups of live children, killed at exit so that the server never leaves orphans. */
const liveGroups = new Set<number>();
/** Private GOTMPDIRs not yet removed; whatever is left goes at exit. */
const liveWorkDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    killAllChildren();
    for (const dir of liveWorkDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * A private GOTMPDIR for one run. The go command removes its `go-build*` work directory only
 * when it exits normally; a run we cancel or time out would leave it behind in the user's
 * temp directory, so each run's work directory lives in one that we remove ourselves.
 */
function makeWorkDir(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const dir = fs.mkdtempSync(path.join(env.GOTMPDIR || env.TMPDIR || os.tmpdir(), 'go-escape-run-'));
    liveWorkDirs.add(dir);
    return dir;
  } catch {
    // Without one the go command uses its default; only cleanup after kills is lost.
    return undefined;
  }
}

function removeWorkDir(dir: string | undefined): void {
  if (!dir) return;
  fs.rm(dir, { recursive: true, force: true }, () => liveWorkDirs.delete(dir));
}

/** Kills every go process group this module started. Safe to call more than once. */
export function killAllChildren(): void {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

/** Number of go processes currently running (for tests and status). */
export function liveChildCount(): number {
  return liveGroups.size;
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  }
}

export function runGoCommand(opts: GoCommandOptions): Promise<GoCommandResult> {
  installExitHook();
  const started = Date.now();
  const max = opts.maxOutputBytes ?? 256 * 1024 * 1024;
  return new Promise((resolve) => {
    if (opts.signal?.aborted) {
      resolve({ outcome: 'aborted', exitCode: null, signal: null, stdout: '', stderr: '', truncated: false, durationMs: 0 });
      return;
    }
    const workDir = makeWorkDir(opts.env);
    let child;
    try {
      child = spawn(opts.goBinary, opts.args, {
        cwd: opts.cwd,
        env: workDir ? { ...opts.env, GOTMPDIR: workDir } : opts.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        shell: false,
        windowsHide: true,
      });
    } catch (e) {
      removeWorkDir(workDir);
      resolve({
        outcome: 'spawn-failed', exitCode: null, signal: null, stdout: '', stderr: '', truncated: false,
        error: e instanceof Error ? e.message : String(e), durationMs: Date.now() - started,
      });
      return;
    }
    const pid = child.pid;
    if (pid !== undefined) liveGroups.add(pid);
    // Decoded chunk by chunk, never joined as one Buffer: a buffer of megabytes comes from malloc,
    // and glibc then keeps every later allocation of up to that size in its own heap, which it
    // rarely gives back, so the server's resident memory stayed tens of megabytes higher after
    // each large package's output. Strings live in V8's heap, which returns what it frees.
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    const outText: string[] = [];
    const errText: string[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let outcome: GoCommandOutcome = 'exited';
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;

    child.stdout!.on('data', (b: Buffer) => {
      if (outBytes + b.length > max) { truncated = true; return; }
      outBytes += b.length;
      outText.push(out.write(b));
    });
    child.stderr!.on('data', (b: Buffer) => {
      if (errBytes + b.length > max) { truncated = true; return; }
      errBytes += b.length;
      errText.push(err.write(b));
    });

    const stop = (why: GoCommandOutcome) => {
      if (settled || outcome !== 'exited') return;
      outcome = why;
      if (pid === undefined) return;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const onAbort = () => stop('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;

    const finish = (r: Partial<GoCommandResult>) => {
      if (settled) return;
      settled = true;
      if (timeout) clearTimeout(timeout);
      opts.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) {
        // The go command may have left compile processes in its group; make sure they are gone.
        killGroup(pid, 'SIGKILL');
        liveGroups.delete(pid);
      }
      if (killTimer) clearTimeout(killTimer);
      removeWorkDir(workDir);
      resolve({
        outcome, exitCode: null, signal: null, truncated,
        stdout: outText.join('') + out.end(),
        stderr: errText.join('') + err.end(),
        durationMs: Date.now() - started,
        ...r,
      });
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') outcome = 'not-found';
      else if (outcome === 'exited') outcome = 'spawn-failed';
      finish({ error: e.message });
    });
    child.on('close', (code, sig) => finish({ exitCode: code, signal: sig }));
  });
}
