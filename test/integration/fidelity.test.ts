// Fidelity against the compiler's own escape tests in $(go env GOROOT)/test: for every
// single-file errorcheck test run with -m, the CLI's findings equal the verdicts the compiler
// prints for that file with the same flags (nothing missing, nothing extra), and every escape
// expectation written in the file (`// ERROR "regexp"`) is met by a CLI finding on its line.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/lspClient';
import { hasGo } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');
/** Verdict lines as the compiler prints them, recognised independently of the product's parser. */
const VERDICT = /^(moved to heap: .+|.+ escapes to heap|.+ does not escape(?:, mutate, or call)?|leaking param(?: content)?: .+|leaking closure reference .+)$/;

interface Case {
  file: string;
  flags: string[];
}

function goroot(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function cases(root: string): Case[] {
  const out: Case[] = [];
  for (const sub of ['', 'fixedbugs']) {
    const dir = path.join(root, 'test', sub);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.go')) continue;
      const file = path.join(dir, name);
      const first = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('// ')) ?? '';
      const m = /^\/\/ (errorcheck|errorcheckwithauto) (.*)$/.exec(first);
      if (!m || !/(^|\s)-m(=\d)?(\s|$)/.test(m[2])) continue;
      out.push({ file, flags: m[2].split(/\s+/).filter((f) => f && f !== '-0') });
    }
  }
  return out;
}

/** Undoes Go string-literal escapes the test files use (`\\`, `\"`); others stay as written. */
function unquote(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === '\\' || c === '"' ? c : `\\${c}`));
}

/** Escape expectations of an errorcheck file: line number to regexps that look like escape verdicts. */
function expectations(text: string): Map<number, RegExp[]> {
  const out = new Map<number, RegExp[]>();
  text.split('\n').forEach((line, i) => {
    const at = line.indexOf('// ERROR ');
    if (at < 0) return;
    const res: RegExp[] = [];
    const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`/g;
    for (let m; (m = re.exec(line.slice(at + 9))); ) {
      const src = m[1] !== undefined ? unquote(m[1]) : m[2];
      if (/heap|escape|leak/.test(src)) res.push(new RegExp(src));
    }
    if (res.length > 0) out.set(i + 1, res);
  });
  return out;
}

describe('fidelity against $GOROOT/test escape tests', function () {
  this.timeout(15 * 60 * 1000);
  const root = hasGo() ? goroot() : undefined;
  const list = root ? cases(root) : [];

  before(function () {
    if (!root) {
      console.log('    (skipped: no Go toolchain on PATH)');
      this.skip();
    }
    if (list.length === 0) {
      console.log('    (skipped: this Go distribution ships no test/ directory)');
      this.skip();
    }
  });

  it('CLI findings equal the compiler output and meet every escape expectation', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-fidelity-'));
    const failures: string[] = [];
    let compared = 0;
    let skipped = 0;
    let expectationsMet = 0;
    try {
      for (const c of list) {
        const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
        const copy = path.join(dir, path.basename(c.file));
        fs.copyFileSync(c.file, copy);
        const env = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GO111MODULE: 'on', GOFLAGS: '' };
        // Ground truth: the go command's own output for the file, with the test's flags.
        const truth = spawnSync('go', ['build', '-o', os.devNull, `-gcflags=${c.flags.join(' ')}`, path.basename(copy)], { cwd: dir, env, encoding: 'utf8' });
        if (truth.status !== 0) {
          skipped++;
          continue;
        }
        const want = new Set<string>();
        for (const line of truth.stderr.split('\n')) {
          const m = /^(.+?\.go):(\d+):(\d+): (.*)$/.exec(line);
          if (!m || !VERDICT.test(m[4]) || m[4].endsWith(':')) continue;
          if (path.resolve(dir, m[1]) !== copy) continue;
          want.add(`${m[2]}:${m[3]}: ${m[4]}`);
        }
        const flags = c.flags.filter((f) => !/^-m(=\d)?$/.test(f));
        const level = c.flags.find((f) => /^-m(=\d)?$/.test(f)) ?? '-m';
        const cli = spawnSync(process.execPath, [CLI, '--json', '--include', 'all', '--compiler-flags', [level, ...flags].join(' '), copy], { cwd: dir, env, encoding: 'utf8' });
        if (cli.status !== 0) {
          failures.push(`${c.file}: CLI exited ${cli.status}: ${cli.stderr.trim().split('\n')[0]}`);
          continue;
        }
        const got = new Set<string>();
        const byLine = new Map<number, string[]>();
        for (const line of cli.stdout.split('\n').filter(Boolean)) {
          const f = JSON.parse(line) as { file: string; line: number; column: number; message: string; origin: string };
          assert.equal(f.origin, 'compiler');
          if (f.file !== copy) continue;
          got.add(`${f.line}:${f.column}: ${f.message}`);
          byLine.set(f.line, [...(byLine.get(f.line) ?? []), f.message]);
        }
        const missing = [...want].filter((w) => !got.has(w));
        const extra = [...got].filter((g) => !want.has(g));
        if (missing.length || extra.length) {
          failures.push(`${path.relative(root!, c.file)}: missing ${JSON.stringify(missing.slice(0, 5))} extra ${JSON.stringify(extra.slice(0, 5))}`);
        }
        for (const [line, res] of expectations(fs.readFileSync(c.file, 'utf8'))) {
          for (const re of res) {
            if ((byLine.get(line) ?? []).some((m) => re.test(m))) expectationsMet++;
            else failures.push(`${path.relative(root!, c.file)}:${line}: no finding matches /${re.source}/ (got ${JSON.stringify(byLine.get(line) ?? [])})`);
          }
        }
        compared++;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`    compared ${compared} files, ${expectationsMet} escape expectations met, ${skipped} skipped (do not build alone)`);
    assert.ok(compared > 0, 'no test file could be compared');
    assert.deepEqual(failures, []);
  });
});
