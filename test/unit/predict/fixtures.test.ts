// Data-driven predictor tests. Each file in test/fixtures/predict/ is Go code with the expected
// messages written inline in the compiler's own errorcheck style: `// ERROR "re" "re"` on the
// line they apply to, each a regular expression that must match a whole message. A line
// without ERROR must get no finding. The first suite checks the predictor against the
// expectations one to one; the second compiles the same files with the real compiler and checks
// the expectations against its `moved to heap` / `escapes to heap` verdicts, so fixtures cannot
// drift from what Go actually does.
import { useGoParser } from '../../helpers/goParser';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { predictFile } from '../../../server/src/core/predict/predictor';
import { FIXTURES } from '../../helpers/tempModule';

const fixturesDir = path.join(FIXTURES, 'predict');
// One fixture per rule at the top; forms/ holds Go forms and the compiler's wording of them.
const goFiles = (sub: string) => fs.readdirSync(path.join(fixturesDir, sub)).filter((f) => f.endsWith('.go')).map((f) => path.join(sub, f));
const fixtures = [...goFiles(''), ...goFiles('forms')].sort();

/** The toolchain the fixtures are written for: variable-size makes stay on the stack since Go 1.25. */
const FIXTURE_GO_VERSION = 'go1.26';

interface Expectation {
  line: number;
  patterns: string[];
}

/** Reads `// ERROR "..." "..."` comments; the strings are Go-quoted regular expressions. */
function expectations(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  text.split('\n').forEach((l, i) => {
    const m = /\/\/ ERROR (.*)$/.exec(l);
    if (!m) return;
    const patterns = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1].replace(/\\\\/g, '\\'));
    out.set(i + 1, patterns);
  });
  return out;
}

/** Matches messages to patterns one to one per line; returns human-readable mismatches. */
function compare(expected: Map<number, string[]>, actual: Map<number, string[]>): string[] {
  const problems: string[] = [];
  const lines = new Set([...expected.keys(), ...actual.keys()]);
  for (const line of [...lines].sort((a, b) => a - b)) {
    const want = [...(expected.get(line) ?? [])];
    const got = [...new Set(actual.get(line) ?? [])];
    const unmatched: string[] = [];
    for (const msg of got) {
      const i = want.findIndex((p) => new RegExp(`^(?:${p})$`).test(msg));
      if (i >= 0) want.splice(i, 1);
      else unmatched.push(msg);
    }
    for (const msg of unmatched) problems.push(`line ${line}: unexpected "${msg}"`);
    for (const p of want) problems.push(`line ${line}: missing "${p}"`);
  }
  return problems;
}

function byLine(items: { line: number; message: string }[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const it of items) {
    const l = out.get(it.line) ?? [];
    l.push(it.message);
    out.set(it.line, l);
  }
  return out;
}

describe('predictor fixtures', () => {
  const go = useGoParser();

  it('has fixtures with expectations', () => {
    assert.ok(fixtures.length >= 8, `expected one fixture per rule in ${fixturesDir}`);
    for (const f of fixtures) assert.ok(expectations(fs.readFileSync(path.join(fixturesDir, f), 'utf8')).size > 0, `${f} has no ERROR lines`);
  });

  for (const name of fixtures) {
    it(`predicts exactly the expectations of ${name}`, () => {
      const file = path.join(fixturesDir, name);
      const text = fs.readFileSync(file, 'utf8');
      const tree = go.parser.parse(text);
      assert.ok(tree);
      try {
        const findings = predictFile(tree, file, text, { goVersion: FIXTURE_GO_VERSION });
        for (const f of findings) {
          assert.equal(f.origin, 'prediction');
          assert.equal(f.file, file);
          assert.ok(f.category === 'moved' || f.category === 'escapes');
          assert.ok(f.column >= 1);
        }
        const problems = compare(expectations(text), byLine(findings));
        assert.deepEqual(problems, [], `${name}:\n  ${problems.join('\n  ')}`);
      } finally {
        tree.delete();
      }
    });
  }
});

describe('predictor fixtures agree with the real compiler', function () {
  this.timeout(300_000);
  const go = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const haveGo = go.status === 0;
  const minor = haveGo ? Number(/^go1\.(\d+)/.exec(go.stdout.trim())?.[1] ?? 0) : 0;
  let output = '';
  let tmp = '';

  before(function () {
    if (!haveGo) {
      // eslint-disable-next-line no-console
      console.log('    (skipped: no `go` on PATH, so fixture expectations cannot be checked against the compiler)');
      this.skip();
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-fixtures-'));
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module fixtures\n\ngo 1.23\n');
    for (const name of fixtures) {
      const dir = path.join(tmp, name.replace(/\.go$/, ''));
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(path.join(fixturesDir, name), path.join(dir, path.basename(name)));
    }
    const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' };
    const r = spawnSync('go', ['build', '-gcflags=-m', './...'], { cwd: tmp, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `go build failed:\n${r.stderr}`);
    output = r.stderr;
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const name of fixtures) {
    it(`${name} matches go build -gcflags=-m`, function () {
      if (name === 'non-constant-size.go' && minor < 25) this.skip();
      const base = name.replace(/\.go$/, '');
      const verdicts: { line: number; message: string }[] = [];
      for (const l of output.split('\n')) {
        const m = /^(.+?\.go):(\d+):(\d+): (moved to heap: \S+|\S.* escapes to heap)$/.exec(l);
        if (m && path.resolve(tmp, m[1]) === path.join(tmp, base, path.basename(name))) verdicts.push({ line: Number(m[2]), message: m[4] });
      }
      const text = fs.readFileSync(path.join(fixturesDir, name), 'utf8');
      const problems = compare(expectations(text), byLine(verdicts));
      assert.deepEqual(problems, [], `${name} vs compiler:\n  ${problems.join('\n  ')}`);
    });
  }
});
