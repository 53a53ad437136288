// Samples of what scripts/bench/serverProbe.cjs sees inside a language server started with it:
// how to start the server with the probe, and how to ask it for a sample (a SIGUSR2, answered
// with one JSON line in a file).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SERVER } from './lspClient';

export interface ProbeSample {
  rss: number;
  heapUsed: number;
  heapCommitted: number;
  external: number;
  wasmMemory: number;
  /** Active handles and timers keeping the event loop alive, by kind. */
  resources: Record<string, number>;
  /** The event loop's longest and 99th-percentile delay since the previous sample. */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  /** How many times since the previous sample the event loop was held more than 50 ms. */
  blocksOver50: number;
  snapshot?: string;
}

export class ServerProbe {
  constructor(readonly outFile: string) {}

  /** Node arguments that start `serverJs` with the probe (and a gc it runs before each sample). */
  args(serverJs = SERVER, { gc = true } = {}): string[] {
    return [...(gc ? ['--expose-gc'] : []), '--require', path.join(REPO, 'scripts', 'bench', 'serverProbe.cjs'), serverJs, '--stdio'];
  }

  env(base: NodeJS.ProcessEnv = process.env, { snapshots = false } = {}): NodeJS.ProcessEnv {
    return { ...base, GO_ESCAPE_PROBE_OUT: this.outFile, ...(snapshots ? { GO_ESCAPE_PROBE_SNAPSHOTS: '1' } : {}) };
  }

  private lines(): string[] {
    return fs.existsSync(this.outFile) ? fs.readFileSync(this.outFile, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Asks the server `pid` for a sample; rejects when none comes within `timeoutMs`. */
  async sample(pid: number, timeoutMs = 10000): Promise<ProbeSample> {
    const before = this.lines().length;
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const lines = this.lines();
      if (lines.length > before) return JSON.parse(lines[lines.length - 1]) as ProbeSample;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the server probe (pid ${pid}) did not answer within ${timeoutMs} ms`);
  }
}
