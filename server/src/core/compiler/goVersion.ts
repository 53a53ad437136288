// The Go version of a toolchain, asked once per binary and remembered. Hovers quote it and the
// predictor uses it for version-dependent rules.
import { runGoCommand } from './goCommand';

const cache = new Map<string, Promise<string | undefined>>();

export function goVersion(goBinary: string, env: NodeJS.ProcessEnv, cwd: string, signal?: AbortSignal): Promise<string | undefined> {
  let p = cache.get(goBinary);
  if (!p) {
    p = runGoCommand({ goBinary, args: ['env', 'GOVERSION'], cwd, env, signal, timeoutMs: 20000 }).then((r) => {
      const v = r.outcome === 'exited' && r.exitCode === 0 ? r.stdout.trim() : undefined;
      if (!v) cache.delete(goBinary);
      return v || undefined;
    });
    cache.set(goBinary, p);
  }
  return p;
}

/** Parses `go1.26.8` into [1, 26]; undefined for unknown formats (devel builds). */
export function parseGoVersion(v: string | undefined): [number, number] | undefined {
  const m = v ? /^go(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Forgets cached versions, for when the user changes `goBinary`. */
export function clearGoVersionCache(): void {
  cache.clear();
}
