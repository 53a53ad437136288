// The command-line interface: dispatches to a subcommand (commands.ts), each of which uses the
// same core as the language server. Usage errors print the command's help and exit 2.
import { COMMANDS, DEFAULT_COMMAND } from './commands';
import type { CliCommand } from './command';
import { EXIT_HELP, Exit } from './exitCodes';
import { flagsHelp, UsageError } from './flags';
import { CliIo, defaultIo } from './io';

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  const command = named ?? DEFAULT_COMMAND;
  if (!named && (argv[0] === 'help' || argv.length === 0)) {
    io.stderr.write(help(command) + '\n');
    return argv.length === 0 ? Exit.Usage : Exit.Ok;
  }
  try {
    return await command.run(named ? argv.slice(1) : argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const asked = e.message === '';
    (asked ? io.stdout : io.stderr).write((asked ? '' : `go-escape: ${e.message}\n`) + help(command) + '\n');
    return asked ? Exit.Ok : Exit.Usage;
  }
}

function help(command: CliCommand): string {
  const out = [`usage: ${command.synopsis}`, `  ${command.summary}`, '', flagsHelp(command.flags as never)];
  if (command === DEFAULT_COMMAND) {
    out.push('', 'Commands:', ...COMMANDS.map((c) => `  ${c.synopsis}\n      ${c.summary}`), "Run 'go-escape COMMAND --help' for a command's flags.");
  }
  out.push('', 'PATTERN is a go package pattern (./..., ./pkg/...), an import path, a directory or a .go file;', 'each module is analysed with one go command run.', '', EXIT_HELP);
  return out.join('\n');
}
