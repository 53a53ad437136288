// A subcommand of the CLI. cliMain.ts dispatches to the commands listed in commands.ts; each
// lives in its own file with its own flags.
import type { Flag } from './flags';
import type { CliIo } from './io';

export interface CliCommand {
  /** The word after `go-escape` (empty for the default command). */
  name: string;
  synopsis: string;
  summary: string;
  flags: readonly Flag<never>[];
  /** Returns the exit status; throws UsageError for bad flags. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
