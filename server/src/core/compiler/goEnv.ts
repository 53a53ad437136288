// The environment every go command of ours runs with. The user's build configuration (GOFLAGS,
// GOOS, tags through buildFlags, extra env) is kept; what an editor must never do silently,
// downloading a toolchain or modules, is turned off unless the user configured it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitFlags } from '../util/splitFlags';

export interface GoEnvSettings {
  /** Extra environment from the `goEscape.env` setting. */
  env: Record<string, string>;
}

export function goCommandEnv(settings: GoEnvSettings, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  // Defaults first, so that both the user's shell environment and the setting can override them.
  if (base.GOTOOLCHAIN === undefined) env.GOTOOLCHAIN = 'local';
  if (base.GOPROXY === undefined) env.GOPROXY = 'off';
  Object.assign(env, settings.env);
  // Our own flags go on the command line; the user's GOFLAGS stay in effect, and the compiler
  // flags among them are carried into ours (see compilerFlagsFor).
  return env;
}

/**
 * The compiler flags for the analysed packages: those the user's GOFLAGS gives them, then the
 * `compilerFlags` setting. Our `-gcflags=-m` on the command line replaces a GOFLAGS -gcflags for
 * the packages it names (the go command keeps the last -gcflags that matches a package), so
 * without this `GOFLAGS=-gcflags=-l` would be analysed with inlining on.
 */
export function compilerFlagsFor(settings: GoEnvSettings & { compilerFlags?: readonly string[] }, base: NodeJS.ProcessEnv = process.env): string[] {
  return [...gcflagsInGoflags(goflagsOf(goCommandEnv(settings, base))), ...(settings.compilerFlags ?? [])];
}

/** The GOFLAGS the go command will use: the environment's, else the one set with `go env -w`. */
export function goflagsOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GOFLAGS ?? goEnvFileValue(env, 'GOFLAGS');
}

/**
 * A value set with `go env -w`, from the go command's env file ($GOENV, else go/env in the user
 * config directory); the environment overrides it, as for the go command.
 */
export function goEnvFileValue(env: NodeJS.ProcessEnv, key: string): string | undefined {
  let file = env.GOENV;
  if (file === 'off') return undefined;
  if (!file) {
    const config = process.platform === 'win32' ? env.APPDATA
      : process.platform === 'darwin' ? env.HOME && path.join(env.HOME, 'Library', 'Application Support')
      : env.XDG_CONFIG_HOME || (env.HOME && path.join(env.HOME, '.config'));
    if (!config) return undefined;
    file = path.join(config, 'go', 'env');
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(`${key}=`)) return line.slice(key.length + 1);
  }
  return undefined;
}

/**
 * The compiler flags of the -gcflags entries in a GOFLAGS value that apply to every package: those
 * without a pattern and those for `all`. GOFLAGS is split as the go command splits it (spaces,
 * with quoted fields), and so is each flag list. Entries for other patterns are left out: whether
 * they match the analysed package is the go command's business, and they stay in effect for the
 * packages they name.
 */
export function gcflagsInGoflags(goflags: string | undefined): string[] {
  const out: string[] = [];
  for (const entry of splitFlags(goflags ?? '')) {
    const m = /^--?gcflags=([\s\S]*)$/.exec(entry);
    if (!m) continue;
    let value = m[1];
    const pattern = /^([^-][^=]*)=([\s\S]*)$/.exec(value);
    if (pattern) {
      if (pattern[1] !== 'all') continue;
      value = pattern[2];
    }
    out.push(...splitFlags(value));
  }
  return out;
}
