// Without a toolchain, facts of a third-party import come from its source in the module cache,
// found through go.mod, derived by the predictor and kept on disk by module version. The module
// cache here is a temporary directory laid out as the go command lays it out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dependencyFacts } from '../../../server/src/core/predict/facts/dependencyFacts';
import { dependencyLocation, escapeModulePath, parseGoMod } from '../../../server/src/core/predict/facts/moduleSources';
import { predictFile } from '../../../server/src/core/predict/predictor';
import { useGoParser } from '../../helpers/goParser';

const MAIN = `package app

import "example.com/Keeper/store"

func save() {
	x := 1
	store.Keep(&x)
}

func peek() int {
	y := 2
	return store.Read(&y)
}
`;

const STORE = `package store

var saved *int

func Keep(p *int) { saved = p }

func Read(p *int) int { return *p }
`;

describe('facts of dependencies from their source', () => {
  const go = useGoParser();
  let tmp = '';
  let savedCache: string | undefined;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-depfacts-'));
    savedCache = process.env.GOMODCACHE;
    process.env.GOMODCACHE = path.join(tmp, 'modcache');
    const dep = path.join(tmp, 'modcache', `${escapeModulePath('example.com/Keeper')}@v1.2.3`, 'store');
    fs.mkdirSync(dep, { recursive: true });
    fs.writeFileSync(path.join(dep, 'store.go'), STORE);
    fs.mkdirSync(path.join(tmp, 'app'));
    fs.writeFileSync(path.join(tmp, 'app', 'go.mod'), 'module example.com/app\n\ngo 1.23\n\nrequire (\n\texample.com/Keeper v1.2.3 // indirect\n)\n');
    fs.writeFileSync(path.join(tmp, 'app', 'app.go'), MAIN);
  });
  after(() => {
    if (savedCache === undefined) delete process.env.GOMODCACHE;
    else process.env.GOMODCACHE = savedCache;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the source through go.mod in the module cache', () => {
    const mod = parseGoMod(path.join(tmp, 'app'), fs.readFileSync(path.join(tmp, 'app', 'go.mod'), 'utf8'));
    assert.equal(mod.path, 'example.com/app');
    const loc = dependencyLocation(mod, 'example.com/Keeper/store');
    assert.equal(loc?.version, 'example.com/Keeper@v1.2.3');
    assert.equal(loc?.dir, path.join(tmp, 'modcache', 'example.com/!keeper@v1.2.3', 'store'));
  });

  it('lets a call into the dependency be followed, and keeps the facts by module version', () => {
    const cacheDir = path.join(tmp, 'facts');
    const knowledge = dependencyFacts(go.parser, path.join(tmp, 'app'), ['example.com/Keeper/store', 'fmt'], { goVersion: 'go1.26', cacheDir });
    assert.equal(knowledge.functions.get('example.com/Keeper/store.Keep')?.params.get(0)?.heap, 0);
    assert.ok((knowledge.functions.get('example.com/Keeper/store.Read')?.params.get(0)?.heap ?? -1) < 0, 'Read keeps nothing');
    const tree = go.parser.parse(MAIN)!;
    try {
      const moved = predictFile(tree, path.join(tmp, 'app', 'app.go'), MAIN, { goVersion: 'go1.26', knowledge }).map((f) => `${f.line}: ${f.message}`);
      assert.deepEqual(moved, ['6: moved to heap: x']);
    } finally {
      tree.delete();
    }
    const kept = fs.readdirSync(cacheDir, { recursive: true }).map(String);
    assert.ok(kept.some((f) => f.includes('store') && f.includes('v1.2.3')), kept.join(', '));
  });
});
