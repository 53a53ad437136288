// A private GOCACHE filled the way a user's terminal fills one: `go build -gcflags=-m ./...` at the
// module root (so cached -m output names `sub/s.go`), and standard-library packages built with -m
// from their own directories (cached output `./utf8.go`). Tests that read compiler output run
// against it, so that they see the paths a real machine replays; the shared cache is never touched.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export interface PrivateCache {
  dir: string;
  /** The environment for go commands and the CLI: this GOCACHE, no downloads, no GOFLAGS. */
  env: NodeJS.ProcessEnv;
  /** Runs `go args...` in `cwd` with this cache and returns its stderr (where the compiler speaks). */
  go(cwd: string, ...args: string[]): string;
  remove(): void;
}

export function privateCache(): PrivateCache {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-gocache-')));
  const env = { ...process.env, GOCACHE: dir, GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOWORK: 'off' };
  return {
    dir,
    env,
    go: (cwd, ...args) => {
      const r = spawnSync('go', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0) throw new Error(`go ${args.join(' ')} in ${cwd} failed (${r.status ?? r.signal}): ${r.stderr}`);
      return r.stderr;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
