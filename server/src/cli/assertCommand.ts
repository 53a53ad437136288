// `go-escape check PATTERN...`: checks the assertion directives (gcassert's `//gcassert:...` and
// `//go-escape:noheap`) of the packages matching the go patterns, from the module's directory.
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS, AnalyzeSettings } from '../core/compiler/analyze';
import { runAssertions } from '../core/assert/runAssertions';
import { failureJson, failureText } from '../core/assert/report';
import { createGoParser } from '../core/treesitter/parser';
import { splitFlags } from '../core/util/splitFlags';

export const CHECK_USAGE = `usage: go-escape check [--format text|json] [--build-flags "FLAGS"] [--compiler-flags "FLAGS"]
                       [--go PATH] PATTERN...
Checks //gcassert:noescape, //gcassert:inline, //gcassert:bce and //go-escape:noheap in the
packages matching PATTERN (./..., import paths, directories), run from the module's directory.
Exit status: 0 all assertions hold, 1 some failed, 2 usage error, 3 no Go toolchain, 4 the
packages do not build (the compiler's errors are printed).`;

class UsageError extends Error {}

function parse(argv: string[]): { format: 'text' | 'json'; settings: AnalyzeSettings; patterns: string[] } {
  const opts = { format: 'text' as 'text' | 'json', settings: { ...DEFAULT_ANALYZE_SETTINGS }, patterns: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = () => {
      if (inline !== undefined) return inline;
      if (++i >= argv.length) throw new UsageError(`${name} needs a value`);
      return argv[i];
    };
    switch (name) {
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format ${f}: use text or json`);
        opts.format = f;
        break;
      }
      case '--build-flags': opts.settings.buildFlags = splitFlags(take()); break;
      case '--compiler-flags': opts.settings.compilerFlags = splitFlags(take()); break;
      case '--go': opts.settings.goBinary = take(); break;
      case '-h': case '--help': throw new UsageError('');
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown flag ${a}`);
        opts.patterns.push(a);
    }
  }
  if (opts.patterns.length === 0) throw new UsageError('no PATTERN given');
  return opts;
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : `./${rel}`;
}

export async function checkCommand(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write((e.message ? `go-escape check: ${e.message}\n` : '') + CHECK_USAGE + '\n');
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const parser = await createGoParser();
  try {
    const r = await runAssertions({ cwd: process.cwd(), patterns: opts.patterns, settings: opts.settings, parser, signal: controller.signal });
    if (r.status !== 'ok') {
      process.stderr.write(`go-escape check: ${r.summary}\n`);
      if (r.stderr) process.stderr.write(r.stderr.endsWith('\n') ? r.stderr : r.stderr + '\n');
      return r.status === 'go-missing' ? 3 : 4;
    }
    const lines = r.failures.map((f) => (opts.format === 'json' ? JSON.stringify(failureJson(f)) : failureText(f, displayPath)));
    if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
    return r.failures.length > 0 ? 1 : 0;
  } finally {
    parser.delete();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
