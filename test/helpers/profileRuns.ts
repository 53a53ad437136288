// Real profiles for integration tests: `go test -bench` with -memprofile or -cpuprofile in a
// copied fixture, and `go tool pprof` as an independent reading of the same file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Runs one benchmark of `dir` and writes its profile to `out`; returns go test's output. */
export function goBench(dir: string, regexp: string, out: string, opts: { cpu?: boolean; benchtime?: string; trimpath?: boolean } = {}): string {
  const args = ['test', '-run', '^$', '-bench', regexp, '-benchmem', '-count=1', `-benchtime=${opts.benchtime ?? '20000x'}`, '-o', path.join(path.dirname(out), `${path.basename(out)}.test`)];
  if (opts.trimpath) args.push('-trimpath');
  args.push(...(opts.cpu ? ['-cpuprofile', out] : ['-memprofile', out, '-memprofilerate=1']), '.');
  return execFileSync('go', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' } });
}

/**
 * flat% and cum% that `go tool pprof -lines -top` prints for a file:line (summed over the
 * functions it lists there), in percent; undefined when pprof lists nothing there.
 */
export function pprofPercents(profile: string, fileLine: string, sampleIndex?: string): { flat: number; cum: number } | undefined {
  const args = ['tool', 'pprof', '-top', '-lines', '-nodecount=100000', '-nodefraction=0', ...(sampleIndex ? [`-sample_index=${sampleIndex}`] : []), profile];
  const text = execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let found: { flat: number; cum: number } | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*\S+\s+([\d.]+)%\s+[\d.]+%\s+\S+\s+([\d.]+)%\s+(.*)$/.exec(line);
    if (!m || !new RegExp(`[/ ]${fileLine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`).test(m[3])) continue;
    found = { flat: (found?.flat ?? 0) + Number(m[1]), cum: Math.max(found?.cum ?? 0, Number(m[2])) };
  }
  return found;
}

/** The line of `fileName` with the largest flat share in `go tool pprof -top -lines`. */
export function hottestLine(profile: string, fileName: string): number | undefined {
  const text = execFileSync('go', ['tool', 'pprof', '-top', '-lines', '-nodecount=100000', '-nodefraction=0', profile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const flat = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*\S+\s+([\d.]+)%\s+[\d.]+%\s+\S+\s+[\d.]+%\s+.*[/ ]([^/ ]+):(\d+)( |$)/.exec(line);
    if (m && m[2] === fileName) flat.set(Number(m[3]), (flat.get(Number(m[3])) ?? 0) + Number(m[1]));
  }
  let best: number | undefined;
  for (const [l, v] of flat) if (best === undefined || v > flat.get(best)!) best = l;
  return best;
}

/** The 1-based lines of `file` whose text carries `// <marker>`. */
export function markedLines(file: string, marker: string): number[] {
  return fs.readFileSync(file, 'utf8').split('\n').flatMap((l, i) => (l.includes(`// ${marker}`) ? [i + 1] : []));
}
