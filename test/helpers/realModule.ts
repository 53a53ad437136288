// Real third-party modules for tests, at pinned versions from the Go module proxy: downloaded
// into the module cache at test time (never committed), copied into a private writable
// directory with their dependencies downloaded too, so that analysis runs offline afterwards.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const GIN = { path: 'github.com/gin-gonic/gin', version: 'v1.12.0' };

const PROXY_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: process.env.GOPROXY && process.env.GOPROXY !== 'off' ? process.env.GOPROXY : 'https://proxy.golang.org', GOTOOLCHAIN: 'local' };

/** A writable copy of the module in a new temp directory, or undefined (with the reason) when the proxy cannot be reached. */
export function copyOfModule(mod: { path: string; version: string }): { dir?: string; reason?: string } {
  let info: { Dir?: string; Error?: string };
  try {
    info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${mod.path}@${mod.version}`], { env: PROXY_ENV, cwd: os.tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 }));
  } catch (e) {
    return { reason: `could not download ${mod.path}@${mod.version}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!info.Dir) return { reason: info.Error ?? `no directory for ${mod.path}@${mod.version}` };
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-real-')));
  fs.cpSync(info.Dir, dir, { recursive: true });
  // The module cache is read-only; the copy is edited by tests.
  for (const p of walk(dir)) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
  execFileSync('go', ['mod', 'download'], { env: PROXY_ENV, cwd: dir, stdio: 'ignore', timeout: 300_000 });
  return { dir };
}

function* walk(dir: string): Generator<string> {
  yield dir;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
