// The subcommands `go-escape` dispatches to (the first argument), and the default command.
// A new subcommand goes in its own file and is listed here.
import { baselineCommand } from './baselineCommand';
import { checkCommand } from './checkCommand';
import type { CliCommand } from './command';
import { findingsCommand } from './findingsCommand';
import { reportCommand } from './reportCommand';

export const DEFAULT_COMMAND: CliCommand = findingsCommand;

export const COMMANDS: CliCommand[] = [checkCommand, baselineCommand, reportCommand];
