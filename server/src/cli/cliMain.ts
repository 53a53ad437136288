// The command-line interface: the same core as the language server, printing findings the way
// the compiler does (`file:line:col: message`) or as JSON lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseInclude } from '../core/categories';
import { AnalyzeSettings, DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../core/compiler/analyze';
import { isTestFile, locatePackage } from '../core/compiler/workspace';
import { Finding } from '../core/findings';
import { splitFlags } from '../core/util/splitFlags';
import { explainFindings } from '../core/explain/classify';
import { predictPackages } from './predictOnly';
import { goVersion } from '../core/compiler/goVersion';
import { goCommandEnv } from '../core/compiler/goEnv';
import { defaultProfileOptions, orderFindings, pgoFor, pgoNote, prepareProfiles, PROFILE_FLAGS, ProfileContext, profileFields, ProfileFlagError, ProfileOptions, profileSuffix } from './profileOptions';
import { reportMain } from './reportCommand';

const USAGE = `usage: go-escape [--json] [--include LIST|all] [--compiler-flags "FLAGS"] [--build-flags "FLAGS"]
                 [--tests] [--explain] [--predict] [--go PATH] [--profile FILE]... [--sort profile]
                 [--bench REGEXP [--benchtime Nx]] [--pgo auto|off|FILE] PATH...
       go-escape report --html FILE [--profile FILE]... PATH...
PATH is a package directory or a .go file (meaning its package).
${PROFILE_FLAGS.map((f) => `${f.name}: ${f.help}`).join('\n')}
LIST is a comma-separated subset of moved,escapes,leak,noescape (default moved,escapes).
--predict uses the tree-sitter predictor only (no Go toolchain needed); --explain asks the
compiler for its reasons (-m=2) to classify each finding's rule.`;

interface CliOptions {
  json: boolean;
  include: string;
  tests: boolean;
  explain: boolean;
  predict: boolean;
  settings: AnalyzeSettings;
  profile: ProfileOptions;
  paths: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { json: false, include: 'moved,escapes', tests: false, explain: false, predict: false, settings: { ...DEFAULT_ANALYZE_SETTINGS }, profile: defaultProfileOptions(), paths: [] };
  const value = (i: number, name: string): string => {
    if (i >= argv.length) throw new UsageError(`${name} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const take = () => inline ?? value(++i, name);
    switch (name) {
      case '--json': opts.json = true; break;
      case '--tests': opts.tests = true; break;
      case '--explain': opts.explain = true; break;
      case '--predict': opts.predict = true; break;
      case '--include': opts.include = take(); break;
      case '--compiler-flags': opts.settings.compilerFlags = splitFlags(take()); break;
      case '--build-flags': opts.settings.buildFlags = splitFlags(take()); break;
      case '--go': opts.settings.goBinary = take(); break;
      case '-h': case '--help': throw new UsageError('');
      default: {
        const pf = PROFILE_FLAGS.find((f) => f.name === name);
        if (pf) {
          try {
            pf.set(opts.profile, pf.value ? take() : '');
          } catch (e) {
            throw e instanceof ProfileFlagError ? new UsageError(e.message) : e;
          }
          break;
        }
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown flag ${a}`);
        opts.paths.push(a);
      }
    }
  }
  if (opts.paths.length === 0) throw new UsageError('no PATH given');
  return opts;
}

/** Resolves each PATH to the package to build: a directory, or a lone file outside any module. */
function targets(paths: string[], tests: boolean): { dir: string; files?: string[]; tests: boolean }[] {
  const seen = new Map<string, { dir: string; files?: string[]; tests: boolean }>();
  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      seen.set(abs, { dir: abs, tests });
      continue;
    }
    if (!abs.endsWith('.go')) throw new UsageError(`${p}: not a .go file or package directory`);
    const loc = locatePackage(abs);
    const t = tests || isTestFile(abs);
    if (!loc.moduleRoot && !loc.workRoot) {
      const key = `${loc.dir}\0files`;
      const entry = seen.get(key) ?? { dir: loc.dir, files: [], tests: t };
      entry.files!.push(abs);
      seen.set(key, entry);
    } else {
      const entry = seen.get(loc.dir);
      seen.set(loc.dir, { dir: loc.dir, tests: t || (entry?.tests ?? false) });
    }
  }
  return [...seen.values()];
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function format(f: Finding, json: boolean, prof?: ProfileContext, pgo?: string): string {
  if (json) {
    // `instances` (with --explain): the instantiations of generic code the verdict was printed for.
    return JSON.stringify({ file: f.file, line: f.line, column: f.column, message: f.message, category: f.category, rule: f.rule, origin: f.origin, ...(f.instances ? { instances: f.instances } : {}), ...(pgo ? { pgo } : {}), ...profileFields(prof, f) });
  }
  return `${displayPath(f.file)}:${f.line}:${f.column}: ${f.message}${profileSuffix(prof, f)}`;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'report') return reportMain(argv.slice(1));
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write((e.message ? `go-escape: ${e.message}\n` : '') + USAGE + '\n');
      return 2;
    }
    throw e;
  }
  const { include, unknown } = parseInclude(opts.include);
  if (unknown.length > 0) {
    process.stderr.write(`go-escape: unknown category ${unknown.join(', ')} (use moved, escapes, leak, noescape or all)\n`);
    return 2;
  }
  let list;
  try {
    list = targets(opts.paths, opts.tests);
  } catch (e) {
    process.stderr.write(`go-escape: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.predict) {
    // The installed compiler's version sharpens version-dependent rules; none is needed.
    const version = await goVersion(opts.settings.goBinary, goCommandEnv(opts.settings), process.cwd()).catch(() => undefined);
    const predicted = (await predictPackages(list, version)).filter((f) => include.has(f.category));
    process.stdout.write(predicted.map((f) => format(f, opts.json)).map((l) => l + '\n').join(''));
    return 0;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let exit = 0;
  const prepared = await prepareProfiles(opts.profile, list[0]?.dir, opts.settings, controller.signal);
  for (const m of [...prepared.problems, ...prepared.notes]) process.stderr.write(`go-escape: ${m}\n`);
  const prof = prepared.context;
  if (!prof) return 1;
  const shownAll: Finding[] = [];
  const pgoOf = new Map<Finding, string>();
  const walks = new Map<string, Promise<string[]>>();
  for (const t of list) {
    const pgo = t.files ? undefined : await pgoFor(opts.profile, t.dir, opts.settings, controller.signal, walks);
    const note = pgo && pgoNote(pgo, t.dir, displayPath);
    if (note) process.stderr.write(`go-escape: ${note}\n`);
    const r = await analyzePackage({ dir: t.dir, files: t.files, tests: t.tests, explain: opts.explain, pgo: pgo?.pgo, settings: opts.settings, signal: controller.signal });
    if (r.status !== 'ok') {
      process.stderr.write(`go-escape: ${r.summary}\n`);
      if (r.status === 'build-failed') process.stderr.write(r.stderr.endsWith('\n') || !r.stderr ? r.stderr : r.stderr + '\n');
      exit = r.status === 'go-missing' ? 3 : 1;
      if (r.status === 'go-missing' || r.status === 'cancelled') break;
      continue;
    }
    const shown: Finding[] = explainFindings(r.findings, r.goVersion).filter((f) => include.has(f.category));
    shownAll.push(...shown);
    if (pgo?.pgo && pgo.pgo !== 'off') for (const f of shown) pgoOf.set(f, pgo.pgo);
  }
  const out = orderFindings(prof, opts.profile, shownAll).map((f) => format(f, opts.json, prof, pgoOf.get(f)));
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
  return exit;
}
