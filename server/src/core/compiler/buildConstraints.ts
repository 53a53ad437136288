// Decides whether the go command will compile a file for the user's configuration: its
// `//go:build` line and its _GOOS/_GOARCH file-name suffixes. Used to tell the user that a file
// gets no compiler verdicts because the build excludes it, instead of showing nothing.
import * as path from 'node:path';
import { splitFlags } from '../util/splitFlags';
import { goflagsOf } from './goEnv';

export interface BuildContext {
  goos: string;
  goarch: string;
  /** Extra tags from `-tags` in buildFlags or GOFLAGS. */
  tags: string[];
  cgo: boolean;
  /** Minor version of the toolchain (26 for go1.26), for `go1.N` tags. */
  goMinor?: number;
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm', 'sparc64']);
const UNIX = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);

function goarchFromNode(): string {
  switch (process.arch) {
    case 'x64': return 'amd64';
    case 'ia32': return '386';
    default: return process.arch;
  }
}

/** The context from the environment and build flags the analysis runs with. */
export function buildContext(env: NodeJS.ProcessEnv, buildFlags: string[], goMinor?: number): BuildContext {
  const flags = [...splitFlags(goflagsOf(env) ?? ''), ...buildFlags];
  const tags: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    const v = /^--?tags=(.*)$/.exec(f)?.[1] ?? (/^--?tags$/.test(f) ? flags[++i] : undefined);
    if (v) tags.push(...v.split(/[,\s]+/).filter(Boolean));
  }
  return {
    goos: env.GOOS || (process.platform === 'win32' ? 'windows' : process.platform),
    goarch: env.GOARCH || goarchFromNode(),
    tags,
    cgo: env.CGO_ENABLED !== '0',
    goMinor,
  };
}

function hasTag(ctx: BuildContext, tag: string): boolean {
  if (tag === ctx.goos || tag === ctx.goarch || ctx.tags.includes(tag)) return true;
  if (tag === 'unix') return UNIX.has(ctx.goos);
  if (tag === 'gc') return true;
  if (tag === 'cgo') return ctx.cgo;
  const v = /^go1\.(\d+)$/.exec(tag);
  if (v) return ctx.goMinor === undefined || Number(v[1]) <= ctx.goMinor;
  return false;
}

/** Evaluates a `//go:build` expression; an expression it cannot parse counts as satisfied. */
export function evalBuildExpr(expr: string, ctx: BuildContext): boolean {
  const tokens = expr.match(/\|\||&&|!|\(|\)|[\w.]+/g) ?? [];
  let i = 0;
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (tokens[i] === '&&') {
      i++;
      const r = not();
      v = v && r;
    }
    return v;
  };
  const not = (): boolean => {
    if (tokens[i] === '!') {
      i++;
      return !not();
    }
    if (tokens[i] === '(') {
      i++;
      const v = or();
      if (tokens[i] === ')') i++;
      return v;
    }
    const t = tokens[i++];
    return t ? hasTag(ctx, t) : true;
  };
  try {
    return or();
  } catch {
    return true;
  }
}

/**
 * Why the build leaves the file out, or undefined when it is compiled. Only the header (before
 * the package clause) is read for the `//go:build` line.
 */
export function exclusionReason(file: string, text: string, ctx: BuildContext): string | undefined {
  const base = path.basename(file, '.go').replace(/_test$/, '');
  if (base.startsWith('_') || base.startsWith('.')) return `its name starts with "${base[0]}"`;
  const parts = base.split('_');
  const last = parts[parts.length - 1];
  const prev = parts.length > 2 ? parts[parts.length - 2] : undefined;
  if (parts.length > 1) {
    if (KNOWN_ARCH.has(last)) {
      if (last !== ctx.goarch) return `its name ends in _${last} and GOARCH is ${ctx.goarch}`;
      if (prev && KNOWN_OS.has(prev) && prev !== ctx.goos) return `its name ends in _${prev}_${last} and GOOS is ${ctx.goos}`;
    } else if (KNOWN_OS.has(last) && last !== ctx.goos && !(last === 'android' && ctx.goos === 'linux') && !(last === 'illumos' && ctx.goos === 'solaris')) {
      return `its name ends in _${last} and GOOS is ${ctx.goos}`;
    }
  }
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('package ')) break;
    const m = /^\/\/go:build\s+(.*)$/.exec(t);
    if (m && !evalBuildExpr(m[1], ctx)) return `of its build constraint //go:build ${m[1].trim()}`;
  }
  if (/^\s*import\s+"C"/m.test(text) && !ctx.cgo) return 'it uses cgo and CGO_ENABLED=0';
  return undefined;
}
