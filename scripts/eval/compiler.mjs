// The compiler's side of the evaluation: its verdicts on a package (the truth, through the core's
// compiler runner, as the editor and the CLI get them), the packages a build lists, and the facts
// a whole build's -m output teaches about every package in it.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Truth } from './score.mjs';

export const LIST_FORMAT = '{{.ImportPath}}\t{{.Dir}}\t{{.Name}}\t{{.Standard}}\t{{join .GoFiles ","}}\t{{join .Imports ","}}\t{{with .Module}}{{.Path}}@{{.Version}}{{end}}';

/** Packages `go list` names for the patterns (with -deps, every dependency too). */
export function listPackages(go, cwd, patterns, env, { deps = false } = {}) {
  const args = ['list', '-e', ...(deps ? ['-deps'] : []), '-f', LIST_FORMAT, ...patterns];
  const out = execFileSync(go, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter(Boolean).map((l) => {
    const [importPath, dir, name, standard, files, imports, module] = l.split('\t');
    return { importPath, dir, name, standard: standard === 'true', files: files ? files.split(',').map((f) => path.join(dir, f)) : [], imports: imports ? imports.split(',') : [], module };
  });
}

/**
 * The compiler's verdicts on one package through the core's runner (analyzePackage), which maps
 * its output to files however a cached build printed it. Returns the truth and the raw output,
 * from which the editor state learns the package's own facts as the server does.
 */
export async function compilerTruth(core, dir, { env, compilerFlags = [] } = {}) {
  const r = await core.analyzePackage({ dir, settings: { ...core.DEFAULT_ANALYZE_SETTINGS, env, compilerFlags, timeoutMs: 600_000 } });
  if (r.status !== 'ok') return { ok: false, summary: r.summary };
  const truth = new Truth();
  for (const f of r.findings) truth.add(f.file, f.line, f.column, f.message);
  return { ok: true, truth, stderr: r.stderr };
}

/**
 * Compiles `patterns` and all their dependencies with -m and returns the messages by package
 * header. `-m=1` keeps these compiles' cache entries apart from the truth's `-m` runs, whose
 * output would otherwise be replayed with paths relative to this build's directory.
 */
export function buildMessages(core, go, cwd, patterns, env) {
  const r = spawnSync(go, ['build', '-gcflags=all=-m=1', ...patterns], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`go build -gcflags=all=-m=1 in ${cwd} failed:\n${r.stderr.slice(-2000)}`);
  return core.leakMessagesByPackage(r.stderr, cwd);
}
