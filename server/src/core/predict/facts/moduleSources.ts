// Where the source of an imported package lives without asking the go command: the main module's
// go.mod (require and replace directives) names each dependency's version, and the module cache
// (or the vendor directory) holds its files. Used to derive facts of dependencies from their
// source when no compiler may run, and to key compiler facts of dependencies by module version.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ModuleInfo {
  /** The directory holding go.mod. */
  dir: string;
  path: string;
  requires: Map<string, string>;
  /** Replacements: module path to a directory, or to another module@version. */
  replaces: Map<string, { dir?: string; path?: string; version?: string }>;
  vendored: boolean;
}

/** The module whose go.mod governs `dir`, or undefined outside any module. */
export function moduleOf(dir: string): ModuleInfo | undefined {
  for (let d = dir, i = 0; i < 64; i++) {
    const file = path.join(d, 'go.mod');
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) return parseGoMod(d, text);
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

export function parseGoMod(dir: string, text: string): ModuleInfo {
  const info: ModuleInfo = { dir, path: '', requires: new Map(), replaces: new Map(), vendored: fs.existsSync(path.join(dir, 'vendor', 'modules.txt')) };
  let block = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block && line === ')') {
      block = '';
      continue;
    }
    const open = /^(require|replace)\s*\($/.exec(line);
    if (open) {
      block = open[1];
      continue;
    }
    const m = /^(module|require|replace)\s+(.*)$/.exec(line);
    const verb = block || m?.[1];
    const rest = block ? line : m?.[2] ?? '';
    if (verb === 'module') info.path = unquote(rest);
    else if (verb === 'require') {
      const [p, v] = rest.split(/\s+/);
      if (p && v) info.requires.set(unquote(p), v);
    } else if (verb === 'replace') {
      const r = /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(\S+))?$/.exec(rest);
      if (!r) continue;
      const target = unquote(r[2]);
      info.replaces.set(unquote(r[1]), target.startsWith('.') || path.isAbsolute(target) ? { dir: path.resolve(dir, target) } : { path: target, version: r[3] });
    }
  }
  return info;
}

function unquote(s: string): string {
  return s.replace(/^"|"$/g, '');
}

/** The go command's module cache: $GOMODCACHE, else the first GOPATH's pkg/mod. */
export function moduleCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = (env.GOPATH ?? '').split(path.delimiter).find(Boolean) ?? path.join(os.homedir(), 'go');
  return path.join(gopath, 'pkg', 'mod');
}

/** A module path as the module cache spells it: upper-case letters become `!` and the lower case. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export interface DependencyLocation {
  /** The directory of the package's files. */
  dir: string;
  /** `module@version` when the source is a versioned module (what a cache of its facts can key on). */
  version?: string;
}

/** Where the main module finds the source of `importPath`, when it is a required module's package. */
export function dependencyLocation(mod: ModuleInfo, importPath: string, env: NodeJS.ProcessEnv = process.env): DependencyLocation | undefined {
  if (mod.path && (importPath === mod.path || importPath.startsWith(`${mod.path}/`))) return { dir: path.join(mod.dir, importPath.slice(mod.path.length)) };
  let best = '';
  for (const m of mod.requires.keys()) if ((importPath === m || importPath.startsWith(`${m}/`)) && m.length > best.length) best = m;
  if (!best) return undefined;
  const sub = importPath.slice(best.length);
  if (mod.vendored) return { dir: path.join(mod.dir, 'vendor', importPath) };
  const rep = mod.replaces.get(best);
  if (rep?.dir) return { dir: path.join(rep.dir, sub) };
  const target = rep?.path ?? best;
  const version = rep?.version ?? mod.requires.get(best)!;
  return { dir: path.join(moduleCacheDir(env), `${escapeModulePath(target)}@${version}`, sub), version: `${target}@${version}` };
}
