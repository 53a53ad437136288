// The prediction corpus: pinned third-party Go modules (scripts/lib/thirdParty.mjs owns the list
// and how they are fetched), each copied into a cache directory of our own, never committed,
// where builds may write go.sum; the copy is kept between runs, so only the first run downloads.
// `node scripts/corpus/modules.mjs` fetches them all and prints where they are.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, copyWritable, downloadModule, proxyEnv } from '../lib/thirdParty.mjs';

/** `$GO_ESCAPE_CORPUS_CACHE`, else `$XDG_CACHE_HOME/go-escape/corpus` (or ~/.cache). */
export function corpusCacheDir() {
  return process.env.GO_ESCAPE_CORPUS_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'go-escape', 'corpus');
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
  const src = downloadModule(spec, { go, env });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  copyWritable(src, dir, { go, env });
  fs.writeFileSync(done, `${spec}\n`);
  return { dir, module, version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const spec of CORPUS) console.log(`${spec}\t${ensureModule(spec).dir}`);
}
