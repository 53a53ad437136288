// The CLI's exit statuses, shared by every subcommand and documented in --help and README.
export const Exit = {
  /** Nothing reported. */
  Ok: 0,
  /** `check` reported something: assertion failures or new heap findings. */
  Reported: 1,
  /** Bad flags, patterns or input files (a baseline that cannot be read). */
  Usage: 2,
  /** No Go toolchain could be started. */
  NoToolchain: 3,
  /** A package does not build: the compiler's errors are printed. */
  DoesNotBuild: 4,
  /** The go command was stopped after --timeout, or crashed. */
  Stopped: 5,
  /** Interrupted (Ctrl-C). */
  Interrupted: 130,
} as const;

export const EXIT_HELP = `Exit status: 0 nothing reported; 1 check reported assertion failures or new heap findings;
2 usage error; 3 no Go toolchain; 4 a package does not build (the compiler's errors are printed);
5 the go command timed out or crashed; 130 interrupted.`;
