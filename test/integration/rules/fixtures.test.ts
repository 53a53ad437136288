// The rule fixtures against real compilers: every file in test/fixtures/rules is built as one
// package with the installed go (`-m=2`, and plain `-m` for the clauses guarded `-m`), and the
// same files are replayed from recorded go1.24.0 and go1.26.8 outputs, so that rules whose compiler message
// only older releases print (non-constant size) are proven against real output too. The
// expectation format is described in expectations.ts. The last test checks that every catalogue
// entry is reached by the live run or a recording: a cause or verdict by some finding, an advice rule by an ADVICE marker and a
// `seeAlso` link from a rule that a fixture reaches.
//
// Re-record the outputs after changing a fixture (downloads a missing toolchain once through the
// Go module proxy): RECORD_RULES_GOLDEN=1 npx mocha out/test/integration/rules/fixtures.test.js
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../../server/src/core/compiler/analyze';
import { clearGoVersionCache } from '../../../server/src/core/compiler/goVersion';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { explainChain, chainSentence, plain } from '../../../server/src/core/explain/chain';
import { explainFindings } from '../../../server/src/core/explain/classify';
import { buildReasonContext } from '../../../server/src/core/explain/reason';
import { Finding } from '../../../server/src/core/findings';
import { CATALOGUE } from '../../../server/src/core/catalogue/catalogue';
import { RuleId } from '../../../server/src/core/catalogue/ids';
import { FIXTURES, hasGo, makeModule, removeDir } from '../../helpers/tempModule';
import { Run, applies, readFixtureDir } from './expectations';

const DIR = path.join(FIXTURES, 'rules');
/** Recorded outputs: the last release before the variable-size make change (non-constant size, `=` flows), the first after it, and the project's current one. */
const GOLDEN_VERSIONS = ['go1.24.0', 'go1.25.0', 'go1.26.8'];
const golden = (version: string) => path.join(DIR, 'golden', `${version}.txt`);
const lines = readFixtureDir(DIR);

function fixtureFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const n of fs.readdirSync(DIR).filter((n) => n.endsWith('.go')).sort()) files[n] = fs.readFileSync(path.join(DIR, n), 'utf8');
  return files;
}

/** A hash of the fixture sources, written into the golden file so that a stale recording fails. */
function fixturesHash(): string {
  const h = createHash('sha256');
  for (const [n, t] of Object.entries(fixtureFiles())) h.update(`${n}\0${t}\0`);
  return h.digest('hex').slice(0, 16);
}

/** The module the fixtures build in; `go 1.22` so that older recorded toolchains accept it. */
function fixtureModule(): string {
  return makeModule({ ...fixtureFiles(), 'go.mod': 'module example.com/rules\n\ngo 1.22\n' });
}

interface Outcome {
  failures: string[];
  reached: Set<string>;
}

/** Checks every applicable clause against the findings of one run; returns failures instead of throwing. */
function check(findings: Finding[], dir: string, run: Run): Outcome {
  const failures: string[] = [];
  const reached = new Set<string>();
  const inFixtures = findings.filter((f) => path.dirname(f.file) === dir);
  const context = buildReasonContext(findings);
  const claimed = new Set<Finding>();
  const annotated = new Set<string>();
  for (const fl of lines) {
    const clauses = fl.clauses.filter((c) => applies(c, run));
    if (clauses.length === 0) continue;
    annotated.add(`${fl.file}:${fl.line}`);
    const here = inFixtures.filter((f) => path.basename(f.file) === fl.file && f.line === fl.line);
    for (const c of clauses) {
      const where = `${fl.file}:${fl.line}`;
      const re = new RegExp(c.message);
      const f = here.find((x) => !claimed.has(x) && re.test(x.message));
      if (!f) {
        failures.push(`${where}: no finding matches "${c.message}"; the compiler said: ${here.map((x) => JSON.stringify(x.message)).join(', ') || 'nothing'}`);
        continue;
      }
      claimed.add(f);
      reached.add(f.rule);
      if (c.rule && f.rule !== c.rule) failures.push(`${where}: "${f.message}" classified ${f.rule}, expected ${c.rule}`);
      const sentence = plain(chainSentence(explainChain(f, run.goVersion, context)));
      for (const p of c.phrases) {
        if (!sentence.includes(p)) failures.push(`${where}: explanation of "${f.message}" lacks "${p}": ${sentence}`);
      }
    }
  }
  if (run.explain) {
    for (const f of inFixtures) {
      if (claimed.has(f)) continue;
      const where = `${path.basename(f.file)}:${f.line}`;
      if (annotated.has(where) || f.category === 'moved' || f.category === 'escapes') {
        failures.push(`${where}: unexpected finding "${f.message}" (${f.rule})`);
      }
    }
  }
  return { failures, reached };
}

describe('rule fixtures', function () {
  const reached = new Set<string>();

  describe('installed go', function () {
    let dir: string | undefined;
    before(function () {
      if (!hasGo()) {
        // eslint-disable-next-line no-console
        console.log('    skipped: no go on PATH');
        this.skip();
      }
      dir = fixtureModule();
    });
    after(() => dir && removeDir(dir));

    it('meets every expectation with -m=2', async function () {
      const r = await analyzePackage({ dir: dir!, explain: true, settings: DEFAULT_ANALYZE_SETTINGS });
      assert.equal(r.status, 'ok', r.summary + '\n' + r.stderr);
      const out = check(explainFindings(r.findings, r.goVersion), dir!, { goVersion: r.goVersion!, explain: true });
      out.reached.forEach((id) => reached.add(id));
      assert.deepEqual(out.failures, []);
    });

    it('meets the -m expectations without explanations', async function () {
      const r = await analyzePackage({ dir: dir!, explain: false, settings: DEFAULT_ANALYZE_SETTINGS });
      assert.equal(r.status, 'ok', r.summary);
      const out = check(explainFindings(r.findings, r.goVersion), dir!, { goVersion: r.goVersion!, explain: false });
      out.reached.forEach((id) => reached.add(id));
      assert.ok(out.reached.size > 0, 'no -m clause applied');
      assert.deepEqual(out.failures, []);
    });

    for (const version of GOLDEN_VERSIONS) {
      it(`records ${version} output when RECORD_RULES_GOLDEN=1`, async function () {
        if (process.env.RECORD_RULES_GOLDEN !== '1') this.skip();
        const env = { GOTOOLCHAIN: version, GOPROXY: process.env.GOPROXY ?? 'https://proxy.golang.org' };
        // The version cache is per binary; the toolchain here is chosen by the environment.
        clearGoVersionCache();
        const r = await analyzePackage({ dir: dir!, explain: true, settings: { ...DEFAULT_ANALYZE_SETTINGS, env } });
        clearGoVersionCache();
        assert.equal(r.status, 'ok', r.summary);
        assert.equal(r.goVersion, version);
        fs.mkdirSync(path.dirname(golden(version)), { recursive: true });
        fs.writeFileSync(golden(version), `# fixtures ${fixturesHash()}\n${r.stderr}`);
      });
    }
  });

  for (const version of GOLDEN_VERSIONS) {
    describe(`recorded ${version}`, function () {
      it('was recorded from the current fixtures', function () {
        const first = fs.readFileSync(golden(version), 'utf8').split('\n', 1)[0];
        assert.equal(first, `# fixtures ${fixturesHash()}`, 'fixtures changed: re-record (see the comment at the top of this file)');
      });

      it('meets every expectation for that version', function () {
        // The recording has paths relative to the module directory it was built in.
        const dir = '/nonexistent/rules-golden';
        const parsed = parseCompilerText(fs.readFileSync(golden(version), 'utf8'), { cwd: dir });
        const out = check(explainFindings(parsed.findings, version), dir, { goVersion: version, explain: true });
        out.reached.forEach((id) => reached.add(id));
        assert.deepEqual(out.failures, []);
      });
    });
  }

  describe('catalogue coverage', function () {
    it('reaches every catalogue entry from a fixture', function () {
      const advice = new Set(lines.flatMap((l) => l.advice));
      const missing: string[] = [];
      for (const e of CATALOGUE) {
        // Set by annotateFindings from the source, not by the explanation: test/integration/explain/noAlloc.test.ts reaches it.
        if (e.id === RuleId.NoAllocation) continue;
        // Decision and assertion rules have their fixtures under test/fixtures/assert.
        if (e.kind === 'decision' || e.kind === 'assertion') continue;
        if (e.kind !== 'advice') {
          if (!reached.has(e.id)) missing.push(`${e.id}: no fixture finding is classified under it`);
          continue;
        }
        if (!advice.has(e.id)) missing.push(`${e.id}: no ADVICE:${e.id} marker in a fixture`);
        const linkedFrom = CATALOGUE.filter((c) => c.kind !== 'advice' && reached.has(c.id) && c.seeAlso?.includes(e.id));
        if (linkedFrom.length === 0) missing.push(`${e.id}: no reached rule links to it (seeAlso)`);
      }
      for (const id of advice) if (!CATALOGUE.some((e) => e.id === id)) missing.push(`ADVICE:${id} names no catalogue entry`);
      assert.deepEqual(missing, []);
    });
  });
});
