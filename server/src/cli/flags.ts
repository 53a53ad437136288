// A small flag parser shared by the subcommands: each command lists the flags it takes as data,
// so that other features add theirs without touching the parser. `--name value` and
// `--name=value` are both accepted.
export class UsageError extends Error {}

export interface Flag<O> {
  name: string;
  /** The value's name in help (`FILE`); absent for boolean flags. */
  value?: string;
  help: string;
  set(opts: O, value: string): void;
}

/** Applies `argv`'s flags to `opts` and returns the positional arguments. */
export function parseFlags<O>(argv: readonly string[], flags: readonly Flag<O>[], opts: O): string[] {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h' || a === '--help') throw new UsageError('');
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const flag = flags.find((f) => f.name === name);
    if (!flag) throw new UsageError(`unknown flag ${name}`);
    if (!flag.value) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flag.set(opts, '');
      continue;
    }
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new UsageError(`${name} needs a value (${flag.value})`);
    flag.set(opts, value);
  }
  return positional;
}

/** One line per flag, for --help. */
export function flagsHelp(flags: readonly Flag<unknown>[]): string {
  const left = flags.map((f) => `  ${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.min(28, Math.max(...left.map((l) => l.length)) + 2);
  return flags.map((f, i) => `${left[i].padEnd(width)}${f.help}`).join('\n');
}

/** A flag that picks one of `values`. */
export function choice<O>(name: string, value: string, values: readonly string[], help: string, set: (o: O, v: string) => void): Flag<O> {
  return {
    name,
    value,
    help,
    set(o, v) {
      if (!values.includes(v)) throw new UsageError(`${name} must be one of ${values.join(', ')} (got ${v})`);
      set(o, v);
    },
  };
}
