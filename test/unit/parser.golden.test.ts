// Golden tests of the compiler-output parser and range computation: each folder under
// test/fixtures/parser holds a Go package, the compiler output recorded for it (output.txt) and
// the expected findings with their editor ranges (expected.json). Set UPDATE_GOLDEN=1 to
// rewrite expected.json after checking the change is right.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCompilerText } from '../../server/src/core/compiler/parseText';
import { LineIndex } from '../../server/src/core/positions';
import { findingRange } from '../../server/src/core/ranges';
import { createGoParser } from '../../server/src/core/treesitter/parser';
import { FIXTURES, hasGo } from '../helpers/tempModule';

const ROOT = path.join(FIXTURES, 'parser');
const cases = fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()).sort();

describe('parser golden files', () => {
  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(ROOT, name);
      const output = fs.readFileSync(path.join(dir, 'output.txt'), 'utf8');
      const parsed = parseCompilerText(output, { cwd: dir });
      const parser = await createGoParser();
      const actual = {
        findings: parsed.findings.map((f) => {
          const text = fs.readFileSync(f.file, 'utf8');
          const tree = parser.parse(text)!;
          const range = findingRange(f, new LineIndex(text), tree);
          tree.delete();
          return {
            file: path.relative(dir, f.file), line: f.line, column: f.column, message: f.message, category: f.category,
            func: f.func, instances: f.instances, flows: f.flows?.map((fl) => ({ edge: fl.edge, steps: fl.steps.map((s) => `${s.text} @${s.line}:${s.column}`) })),
            range: `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`,
          };
        }),
        errors: parsed.errors.map((e) => ({ ...e, file: e.file && path.relative(dir, e.file) })),
      };
      parser.delete();
      const expectedPath = path.join(dir, 'expected.json');
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
      assert.deepEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(fs.readFileSync(expectedPath, 'utf8')));
    });
  }
});

describe('recorded outputs still match the installed compiler', function () {
  this.timeout(120000);
  const recorded = fs.readFileSync(path.join(ROOT, 'GO_VERSION'), 'utf8').trim();
  const verdicts = (text: string) => text.split(/\r?\n/).filter((l) => /(moved to heap|escapes to heap|does not escape|leaking param)/.test(l) && !l.endsWith(':')).sort();

  for (const name of cases) {
    it(name, function () {
      if (!hasGo()) this.skip();
      const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim();
      if (version !== recorded) {
        console.log(`    (skipped: outputs were recorded with ${recorded}, this is ${version})`);
        this.skip();
      }
      const dir = path.join(ROOT, name);
      const level = fs.readFileSync(path.join(dir, 'output.txt'), 'utf8').includes('  flow:') ? '-m=2' : '-m';
      const r = spawnSync('go', ['build', '-o', '/dev/null', `-gcflags=${level}`, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' } });
      assert.deepEqual(verdicts(r.stderr), verdicts(fs.readFileSync(path.join(dir, 'output.txt'), 'utf8')));
    });
  }
});
