// The environment every go command of ours runs with. The user's build configuration (GOFLAGS,
// GOOS, tags through buildFlags, extra env) is kept; what an editor must never do silently,
// downloading a toolchain or modules, is turned off unless the user configured it.
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
  // Our own flags go on the command line; the user's GOFLAGS stay in effect as they are.
  return env;
}
