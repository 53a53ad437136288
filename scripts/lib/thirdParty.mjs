// Pinned third-party modules from the Go module proxy, for scripts that measure on code nobody
// here wrote. Each is downloaded into the go command's module cache (never committed) and copied
// into a private temporary directory that the caller removes with `dispose()`, so that builds
// can write go.sum and the build cache keys on a directory of our own.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PINNED = [
  'github.com/gin-gonic/gin@v1.12.0',
  'github.com/sirupsen/logrus@v1.10.2',
  'go.uber.org/zap@v1.28.0',
  'github.com/prometheus/client_golang@v1.25.0',
  'github.com/go-chi/chi/v5@v5.5.0',
  'github.com/google/uuid@v1.6.0',
  'github.com/rs/zerolog@v1.35.1',
  'github.com/labstack/echo/v4@v4.16.5',
];

/** The environment for downloads: the public proxy, modules resolved as needed, no toolchain switch. */
export function proxyEnv(extra = {}) {
  return { ...process.env, GOPROXY: 'https://proxy.golang.org', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOWORK: 'off', ...extra };
}

/**
 * Copies `module@version` into a fresh directory with its dependencies downloaded, and returns
 * { dir, dispose }. Throws with the go command's message when the proxy cannot be reached.
 */
export function checkoutModule(spec, { env = proxyEnv(), tmpRoot = os.tmpdir() } = {}) {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', spec], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  if (info.Error) throw new Error(`${spec}: ${info.Error}`);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(tmpRoot, 'go-escape-mod-')));
  fs.cpSync(info.Dir, dir, { recursive: true });
  // The module cache is read-only; the copy must be writable (go.sum, edits of a bench).
  for (const p of walk(dir)) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
  execFileSync('go', ['mod', 'download'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  return { dir, spec, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function* walk(dir) {
  yield dir;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
