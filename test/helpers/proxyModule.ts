// Pinned third-party Go modules for tests, from the Go module proxy at test time (never
// committed): the download goes through the go command into its module cache, once; tests read
// the cache copy (read-only) or a private writable copy of it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The environment for builds of fetched modules: dependencies come from the proxy too. */
export const PROXY_ENV: Record<string, string> = { GOFLAGS: '-mod=mod', GOPROXY: 'https://proxy.golang.org' };

const downloadEnv = () => ({ ...process.env, ...PROXY_ENV, GOPROXY: process.env.GOPROXY && process.env.GOPROXY !== 'off' ? process.env.GOPROXY : PROXY_ENV.GOPROXY, GOTOOLCHAIN: 'local' });

/** The directory of `module@version` in the module cache (read-only files), downloaded if needed; throws when the proxy cannot serve it. */
export function moduleCacheDir(moduleAtVersion: string): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-fetch-'));
  try {
    const out = execFileSync('go', ['mod', 'download', '-json', moduleAtVersion], { cwd, encoding: 'utf8', env: downloadEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    const info = JSON.parse(out) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${moduleAtVersion}: ${info.Error ?? 'no directory'}`);
    return info.Dir;
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * A writable copy of `module@version` in a new temporary directory; with `dependencies`, the
 * module's dependencies are downloaded too, so that analysis runs offline afterwards.
 */
export function copyOfModule(module: string, version: string, opts: { dependencies?: boolean } = {}): string {
  const source = moduleCacheDir(`${module}@${version}`);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-module-')));
  fs.cpSync(source, dir, { recursive: true });
  makeWritable(dir);
  if (opts.dependencies) execFileSync('go', ['mod', 'download'], { cwd: dir, env: downloadEnv(), stdio: 'ignore', timeout: 300_000 });
  return dir;
}

/** copyOfModule for tests that take an error as a value (without dependencies). */
export async function fetchModule(module: string, version: string): Promise<{ dir: string } | { error: string }> {
  try {
    return { dir: copyOfModule(module, version) };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] };
  }
}

/** Every .go file below a directory, sorted, skipping testdata and vendor folders when asked. */
export function goFilesUnder(dir: string, opts: { skipTestdata?: boolean } = {}): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (opts.skipTestdata && (e.name === 'testdata' || e.name === 'vendor')) continue;
        visit(p);
      } else if (e.name.endsWith('.go')) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeWritable(p);
    else fs.chmodSync(p, 0o644);
  }
}
