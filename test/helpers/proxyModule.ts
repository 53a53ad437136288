// A pinned third-party module from the Go module proxy, copied into a private temporary
// directory for a test (never committed). The download goes through the go command, so it lands
// in the module cache once and later runs copy from there.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGoCommand } from '../../server/src/core/compiler/goCommand';
import { goCommandEnv } from '../../server/src/core/compiler/goEnv';

/** The environment for builds of fetched modules: dependencies come from the proxy too. */
export const PROXY_ENV: Record<string, string> = { GOFLAGS: '-mod=mod', GOPROXY: 'https://proxy.golang.org' };

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeWritable(p);
    else fs.chmodSync(p, 0o644);
  }
}

/** Copies `module@version` into a new temporary directory; undefined (with the reason) when the proxy cannot serve it. */
export async function fetchModule(module: string, version: string): Promise<{ dir: string } | { error: string }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-fetch-'));
  try {
    const r = await runGoCommand({ goBinary: 'go', args: ['mod', 'download', '-json', `${module}@${version}`], cwd: work, env: goCommandEnv({ env: PROXY_ENV }), timeoutMs: 300_000 });
    const info = r.outcome === 'exited' && r.exitCode === 0 ? (JSON.parse(r.stdout) as { Dir?: string }) : undefined;
    if (!info?.Dir) return { error: `go mod download ${module}@${version}: ${r.outcome} ${r.stderr.trim() || r.stdout.trim()}` };
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-module-')));
    fs.cpSync(info.Dir, dir, { recursive: true });
    makeWritable(dir);
    return { dir };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
