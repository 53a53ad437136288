// Go symbol names to package import paths, the key that joins profile files to local ones.
import * as assert from 'node:assert/strict';
import { fileKey, packageOfSymbol, shortSymbol } from '../../../server/src/core/profile/symbols';

const CASES: [string, string | undefined, string][] = [
  ['example.com/m/pkg.F', 'example.com/m/pkg', 'F'],
  ['example.com/m/pkg.(*T).Method', 'example.com/m/pkg', '(*T).Method'],
  ['example.com/m/pkg.Hot.func1', 'example.com/m/pkg', 'Hot.func1'],
  ['example.com/m/pkg.Box[go.shape.int].Get', 'example.com/m/pkg', 'Box[go.shape.int].Get'],
  ['example.com/m/pkg.Map[example.com/m/other.T]', 'example.com/m/pkg', 'Map[example.com/m/other.T]'],
  ['gopkg.in/yaml%2ev3.Marshal', 'gopkg.in/yaml.v3', 'Marshal'],
  ['runtime.mallocgc', 'runtime', 'mallocgc'],
  ['main.main', 'main', 'main'],
  ['nodots', undefined, 'nodots'],
];

describe('profile symbols', () => {
  for (const [symbol, pkg, short] of CASES) {
    it(`${symbol} is ${short} in ${pkg ?? 'no package'}`, () => {
      assert.equal(packageOfSymbol(symbol), pkg);
      assert.equal(shortSymbol(symbol), short);
    });
  }

  it('files external tests with their package and leaves main packages to paths', () => {
    assert.equal(fileKey('example.com/m/pkg_test.BenchmarkX', '/a/b/pkg/x_test.go'), 'example.com/m/pkg/x_test.go');
    assert.equal(fileKey('example.com/m/pkg.F', 'C:\\src\\pkg\\a.go'), 'example.com/m/pkg/a.go');
    assert.equal(fileKey('main.main', '/src/cmd/app/main.go'), undefined);
  });
});
