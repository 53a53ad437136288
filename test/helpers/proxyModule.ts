// Third-party Go modules for tests, fetched from the Go module proxy at test time into the go
// command's module cache (never into the repository). Only pinned versions are asked for.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The directory of `module@version` in the module cache (read-only files), downloaded if needed. */
export function fetchModule(moduleAtVersion: string): string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-fetch-'));
  try {
    const out = execFileSync('go', ['mod', 'download', '-json', moduleAtVersion], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: process.env.GOPROXY || 'https://proxy.golang.org', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const info = JSON.parse(out) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${moduleAtVersion}: ${info.Error ?? 'no directory'}`);
    return info.Dir;
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
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
