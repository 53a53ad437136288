// Runs a bundled entry point through V8's code cache, so that a cold start skips compiling the
// bundle (a third of the server's start-up). The cache is written once per bundle and Node
// version, after the code has run, so that it also holds the functions start-up compiled. Any
// problem with the cache falls back to a plain compile.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * The cache file of one build of `bundle` for this Node: a new build or Node gets a new file. The
 * name starts with the bundle's name and a hash of its folder, so that two installations (an
 * extension and a checkout, say) keep a cache each instead of replacing each other's.
 */
export function cacheFileFor(bundle: string, cacheDir: string): string {
  const st = fs.statSync(bundle);
  return path.join(cacheDir, `${cachePrefix(bundle)}${st.size}-${Math.round(st.mtimeMs)}-${process.version}-${process.arch}.bin`);
}

function cachePrefix(bundle: string): string {
  let h = 0x811c9dc5;
  for (const ch of path.dirname(bundle)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return `${path.basename(bundle, '.js')}-${(h >>> 0).toString(16)}-`;
}

/**
 * Loads and runs `bundle` as the CommonJS module it is. `underStartFlags` runs the cache's writing
 * under the V8 flags the process started with, should one have changed since (the cache is
 * checked against them).
 */
export function runBundle(bundle: string, cacheDir: string, underStartFlags: <T>(fn: () => T) => T = (fn) => fn()): void {
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  try {
    cacheFile = cacheFileFor(bundle, cacheDir);
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet, or none possible.
  }
  // The bundles have no import() (see scripts/build.mjs): code from the cache could not run it.
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) saveLater(script, cacheFile, cachePrefix(bundle), underStartFlags);
  const mod = new Module(bundle, require.main);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/** Writes the cache once start-up is over (or at exit, for short runs), replacing older ones. */
function saveLater(script: vm.Script, cacheFile: string, prefix: string, underStartFlags: <T>(fn: () => T) => T): void {
  let done = false;
  const save = () => {
    if (done) return;
    done = true;
    try {
      const dir = path.dirname(cacheFile);
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, underStartFlags(() => script.createCachedData()));
      // A rename is atomic: a concurrent start reads the old file or the whole new one.
      fs.renameSync(tmp, cacheFile);
      // Older builds' caches go; so do temp files a killed start left, but not a concurrent
      // start's file in the middle of being written.
      for (const f of fs.readdirSync(dir)) {
        const file = path.join(dir, f);
        if (!f.startsWith(prefix) || file === cacheFile) continue;
        if (f.endsWith('.tmp') && Date.now() - fs.statSync(file).mtimeMs < 60_000) continue;
        fs.rmSync(file, { force: true });
      }
    } catch {
      // A read-only or full disk only costs the next start its compile.
    }
  };
  setTimeout(save, 3000).unref();
  process.once('exit', save);
}
