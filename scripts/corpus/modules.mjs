// Pinned third-party Go modules from the module proxy, for measuring on code nobody here wrote.
// Each module is copied out of the go command's module cache (downloaded first if needed) into
// a cache directory of our own, never committed, where builds may write go.sum; the copy is kept
// between runs, so only the first run downloads. `node scripts/corpus/modules.mjs` fetches them
// all and prints where they are.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODULES = [
  'github.com/gin-gonic/gin@v1.12.0',
  'github.com/sirupsen/logrus@v1.10.2',
  'go.uber.org/zap@v1.28.0',
  'github.com/go-chi/chi/v5@v5.5.0',
  'github.com/prometheus/client_golang@v1.25.0',
];

/** `$GO_ESCAPE_CORPUS_CACHE`, else `$XDG_CACHE_HOME/go-escape/corpus` (or ~/.cache). */
export function corpusCacheDir() {
  return process.env.GO_ESCAPE_CORPUS_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'go-escape', 'corpus');
}

/** The environment for downloads: the public proxy, modules resolved as needed, no toolchain switch. */
export function proxyEnv() {
  return { ...process.env, GOPROXY: 'https://proxy.golang.org', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOWORK: 'off' };
}

/**
 * A writable copy of `spec` (module@version) with its dependencies downloaded: { dir, module,
 * version }. Throws with the go command's message when the proxy cannot be reached.
 */
export function ensureModule(spec, { go = 'go', cacheDir = corpusCacheDir() } = {}) {
  const at = spec.lastIndexOf('@');
  const module = spec.slice(0, at);
  const version = spec.slice(at + 1);
  const dir = path.join(cacheDir, 'modules', spec.replace(/[/@]/g, '_'));
  const done = path.join(dir, '.go-escape-complete');
  if (fs.existsSync(done)) return { dir, module, version };
  const env = proxyEnv();
  const info = JSON.parse(execFileSync(go, ['mod', 'download', '-json', spec], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  if (info.Error) throw new Error(`${spec}: ${info.Error}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(info.Dir, dir, { recursive: true });
  // The module cache is read-only; the copy must be writable (go.sum).
  for (const p of walk(dir)) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
  execFileSync(go, ['mod', 'download'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  fs.writeFileSync(done, `${spec}\n`);
  return { dir, module, version };
}

function* walk(dir) {
  yield dir;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const spec of MODULES) console.log(`${spec}\t${ensureModule(spec).dir}`);
}
