// Pinned third-party modules from the Go module proxy, for scripts that measure on code nobody
// here wrote, and the one way they are fetched: downloaded into the go command's module cache
// (never committed), then copied out writable, with their dependencies downloaded, so that
// builds can write go.sum and the build cache keys on a directory of our own. `checkoutModule`
// copies into a private temporary directory that the caller removes with `dispose()`;
// scripts/corpus/modules.mjs keeps its copies in a cache directory between runs.
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

/** The pinned `module@version` of a module path. */
function pinned(module) {
  const spec = PINNED.find((s) => s.startsWith(`${module}@`));
  if (!spec) throw new Error(`${module} is not pinned`);
  return spec;
}

/** The modules of the prediction corpus (scripts/eval-predict.mjs), in the order it reports them. */
export const CORPUS = ['github.com/gin-gonic/gin', 'github.com/sirupsen/logrus', 'go.uber.org/zap', 'github.com/go-chi/chi/v5', 'github.com/prometheus/client_golang'].map(pinned);

/** The environment for downloads: the public proxy, modules resolved as needed, no toolchain switch. */
export function proxyEnv(extra = {}) {
  return { ...process.env, GOPROXY: 'https://proxy.golang.org', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOWORK: 'off', ...extra };
}

/** Downloads `module@version` into the module cache and returns its (read-only) directory there. */
export function downloadModule(spec, { go = 'go', env = proxyEnv() } = {}) {
  const info = JSON.parse(execFileSync(go, ['mod', 'download', '-json', spec], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  if (info.Error) throw new Error(`${spec}: ${info.Error}`);
  return info.Dir;
}

/** Copies a module out of the module cache into `dir`, writable, and downloads its dependencies. */
export function copyWritable(src, dir, { go = 'go', env = proxyEnv() } = {}) {
  fs.cpSync(src, dir, { recursive: true });
  // The module cache is read-only; the copy must be writable (go.sum, edits of a bench).
  for (const p of walk(dir)) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
  execFileSync(go, ['mod', 'download'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Copies `module@version` into a fresh directory with its dependencies downloaded, and returns
 * { dir, spec, dispose }. Throws with the go command's message when the proxy cannot be reached.
 */
export function checkoutModule(spec, { env = proxyEnv(), tmpRoot = os.tmpdir() } = {}) {
  const src = downloadModule(spec, { env });
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(tmpRoot, 'go-escape-mod-')));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    copyWritable(src, dir, { env });
  } catch (e) {
    dispose();
    throw e;
  }
  return { dir, spec, dispose };
}

function* walk(dir) {
  yield dir;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
