// The predictor knows the whole package when the host hands it the package's other files: types,
// interfaces, methods and functions declared in another file (test/fixtures/predict/package).
// Expectations are inline (`// ERROR "re"`), checked one to one against the predictor with the
// package, against the real compiler, and shown to need the other file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PackageModel } from '../../../server/src/core/predict/declarations/packageModel';
import { packageFilesOnDisk } from '../../../server/src/core/predict/declarations/packageSources';
import { PredictionCache, predictFile } from '../../../server/src/core/predict/predictor';
import { compilerVerdicts, installedGoMinor } from '../../helpers/compilerVerdicts';
import { useGoParser } from '../../helpers/goParser';
import { FIXTURES } from '../../helpers/tempModule';

const dir = path.join(FIXTURES, 'predict', 'package');
const useFile = path.join(dir, 'use.go');

/** `line: message` pairs the fixture expects, one per ERROR pattern (plain messages here). */
function expected(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/\/\/ ERROR "([^"]+)"/g)) out.push(`${i + 1}: ${m[1]}`);
  });
  return out.sort();
}

describe('whole-package predictions', () => {
  const go = useGoParser();

  function predictUse(withPackage: boolean): string[] {
    const text = fs.readFileSync(useFile, 'utf8');
    const tree = go.parser.parse(text)!;
    const pkg = new PackageModel(go.parser);
    try {
      if (withPackage) pkg.update(packageFilesOnDisk(dir, { packageName: 'pkgfixture' }));
      const findings = predictFile(tree, useFile, text, { goVersion: 'go1.26', cache: new PredictionCache(), package: withPackage ? pkg : undefined });
      return findings.map((f) => `${f.line}: ${f.message}`).sort();
    } finally {
      pkg.dispose();
      tree.delete();
    }
  }

  it('predicts exactly the expectations with the package\'s other files', () => {
    assert.deepEqual(predictUse(true), expected(fs.readFileSync(useFile, 'utf8')));
  });

  it('needs the other file for them', () => {
    const alone = predictUse(false);
    const want = expected(fs.readFileSync(useFile, 'utf8'));
    assert.ok(want.some((w) => !alone.includes(w)), `predicted without types.go too: ${alone.join(', ')}`);
  });

  /** Runs `run` with a prediction of use.go whose package model has the files on disk, and an edit of types.go. */
  function withPackage(run: (predict: () => string[], edit: () => void) => void): void {
    const text = fs.readFileSync(useFile, 'utf8');
    const tree = go.parser.parse(text)!;
    const pkg = new PackageModel(go.parser);
    try {
      const files = packageFilesOnDisk(dir, { packageName: 'pkgfixture' });
      pkg.update(files);
      const cache = new PredictionCache();
      const predict = () => predictFile(tree, useFile, text, { goVersion: 'go1.26', cache, package: pkg }).map((f) => f.message);
      // keep stops storing its argument: x stays on the stack.
      const edit = () => pkg.update(files.map((f) => (f.path.endsWith('types.go') ? { ...f, text: f.text.replace('saved = p\n}\n\ntype Box', '_ = p\n}\n\ntype Box') } : f)));
      run(predict, edit);
    } finally {
      pkg.dispose();
      tree.delete();
    }
  }

  it('sees an edit of another file once it is handed in again', () => {
    withPackage((predict, edit) => {
      assert.ok(predict().includes('moved to heap: x'));
      edit();
      const after = predict();
      assert.ok(!after.includes('moved to heap: x'), after.join(', '));
      assert.ok(after.includes('moved to heap: y'));
    });
  });

  it('sees an edit of another file after predictions that took their cached entries as validated', () => {
    withPackage((predict, edit) => {
      // The second prediction is answered from the cache, its entries validated at the clock's generation.
      assert.ok(predict().includes('moved to heap: x'));
      assert.ok(predict().includes('moved to heap: x'));
      edit();
      assert.ok(!predict().includes('moved to heap: x'));
    });
  });

  it('agrees with the real compiler', function () {
    this.timeout(120_000);
    if (installedGoMinor() === undefined) this.skip();
    const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    assert.deepEqual(compilerVerdicts(files, 'use.go'), expected(fs.readFileSync(useFile, 'utf8')));
  });
});
