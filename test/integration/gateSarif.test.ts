// `check --format sarif` as GitHub code scanning reads it, validated offline with the SARIF
// multitool (its GitHub rules and the SARIF ones): rules from the catalogue, UTF-16 regions,
// fingerprints that survive line shifts, the escape chain as a code flow.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { GitModule, gitModule } from '../helpers/gitModule';
import { REPO } from '../helpers/lspClient';
import { PrivateCache, privateCache } from '../helpers/poisonedCache';
import { multitool, validateSarif } from '../helpers/sarifValidate';
import { FIXTURES, hasGo, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

// A comment with a two-byte character before `n`: byte column 11, UTF-16 column 10.
const FRESH = '\nfunc Fresh() *int {\n\t/* é */ n := 5\n\treturn &n\n}\n';

describe('SARIF output', function () {
  this.timeout(300_000);
  let mod: GitModule;
  let base = '';
  let cache: PrivateCache;
  let out = '';
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: mod.dir, env: cache.env, encoding: 'utf8' });
  const sarifAt = (name: string): Sarif.Log => {
    const file = path.join(out, name);
    const r = cli('check', '--base', base, '--format', 'sarif', '--output', file, './...');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '', 'the report went to the file');
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif.Log;
  };

  before(function () {
    if (!hasGo() || !multitool() || spawnSync('git', ['--version']).status !== 0) this.skip();
    cache = privateCache();
    mod = gitModule(path.join(FIXTURES, 'gate'));
    base = mod.commit('base');
    out = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-sarif-')));
    mod.edit('lib/lib.go', '\treturn *p', '\tkept = p\n\treturn *p');
    fs.appendFileSync(path.join(mod.dir, 'app/app.go'), FRESH);
    mod.commit('two new findings');
  });
  after(() => {
    if (mod) removeDir(mod.dir);
    if (out) removeDir(out);
    cache?.remove();
  });

  it('passes the SARIF multitool with its GitHub rules', () => {
    sarifAt('new.sarif');
    assert.deepEqual(validateSarif(path.join(out, 'new.sarif')), []);
  });

  it('the validation can fail: a result without locations and message is rejected', () => {
    const log = JSON.parse(fs.readFileSync(path.join(out, 'new.sarif'), 'utf8')) as Sarif.Log;
    const r = log.runs[0].results![0];
    delete r.locations;
    r.message = {} as Sarif.Message;
    fs.writeFileSync(path.join(out, 'broken.sarif'), JSON.stringify(log));
    assert.ok(validateSarif(path.join(out, 'broken.sarif')).some((l) => /error GH\d+/.test(l)));
  });

  it('has rules from the catalogue, UTF-16 regions, fingerprints and the escape chain as a code flow', () => {
    const run = sarifAt('new.sarif').runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const rules = new Map(run.tool.driver.rules!.map((r) => [r.id, r]));
    const fresh = run.results!.find((r) => r.message.text!.includes('moved to heap: n'))!;
    const caller = run.results!.find((r) => r.message.text!.includes('moved to heap: x'))!;
    assert.ok(fresh && caller, JSON.stringify(run.results!.map((r) => r.message.text)));
    assert.equal(fresh.ruleId, 'returned-address');
    assert.equal(caller.ruleId, 'leaking-call');
    assert.equal(fresh.level, 'warning');
    for (const id of ['returned-address', 'leaking-call']) {
      const rule = rules.get(id)!;
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text && rule.help.markdown, id);
      assert.equal(rule.helpUri, `https://github.com/go-escape/go-escape/blob/main/RULES.md#${id}`);
    }
    const loc = fresh.locations![0].physicalLocation!;
    assert.deepEqual(loc.artifactLocation, { uri: 'app/app.go', uriBaseId: 'SRCROOT' });
    assert.equal(loc.region!.startColumn, 10, 'UTF-16 column after the two-byte é');
    assert.equal(loc.region!.endColumn, 11, 'the identifier n');
    assert.match(fresh.partialFingerprints!['goEscapeFinding/v1'], /^[0-9a-f]{32}$/);
    const steps = caller.codeFlows![0].threadFlows[0].locations.map((l) => l.location!);
    assert.ok(steps.length >= 1);
    assert.match(steps.map((s) => s.message!.text).join(' '), /lib\.Keep/);
    assert.equal(steps[0].physicalLocation!.artifactLocation!.uri, 'app/app.go');
  });

  it('keeps fingerprints when lines are inserted above the finding', () => {
    const lineOf = (r: Sarif.Result) => r.locations![0].physicalLocation!.region!.startLine!;
    const before = sarifAt('before.sarif').runs[0].results!;
    mod.edit('app/app.go', '// Package app holds', '// One more line.\n// Package app holds');
    mod.commit('shift');
    const after = sarifAt('after.sarif').runs[0].results!;
    assert.deepEqual(after.map((r) => r.partialFingerprints), before.map((r) => r.partialFingerprints));
    assert.deepEqual(after.map(lineOf), before.map((r) => lineOf(r) + 1), 'the findings did move');
  });
});
