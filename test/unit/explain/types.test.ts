// The type questions the no-allocation classifier asks, over small sources: a package's own
// declarations, and dependencies read through an in-memory DependencyReader (no toolchain).
import * as assert from 'node:assert/strict';
import { parseDependencyList } from '../../../server/src/core/explain/dependencySources';
import { isNeeds, isSingleByte, isZeroSize, typeOfNode } from '../../../server/src/core/explain/goTypes';
import { noAllocationOf, printedType } from '../../../server/src/core/explain/noAlloc';
import { parsePackage } from '../../../server/src/core/explain/packageSyntax';
import { DependencyPackage, TypeWorld, packageDecls } from '../../../server/src/core/explain/typeWorld';
import { Finding } from '../../../server/src/core/findings';

const DEPS: Record<string, { name: string; files: Record<string, string> }> = {
  'example.com/dep/v2': { name: 'dep', files: { '/dep/a.go': 'package dep\n\ntype Empty struct{ inner nothing }\n\ntype nothing struct{}\n\ntype Flag bool\n\ntype Wide struct{ a, b bool }\n' } },
  'example.com/other': { name: 'other', files: { '/other/o.go': 'package other\n\nimport "example.com/dep/v2"\n\ntype Wrap struct{ e dep.Empty }\n' } },
};

function reader(calls: string[]) {
  const list: DependencyPackage[] = Object.entries(DEPS).map(([importPath, d]) => ({ importPath, name: d.name, files: Object.keys(d.files) }));
  const text = (f: string) => Object.values(DEPS).flatMap((d) => Object.entries(d.files)).find(([p]) => p === f)?.[1];
  return {
    dependencies: async () => (calls.push('list'), list),
    readFile: async (f: string) => text(f),
    readFileNow: text,
  };
}

const SRC = `package p

import (
	"example.com/dep/v2"
	o "example.com/other"
)

type zero struct{ a [0]int; b struct{} }
type one struct{ b bool }
type arr [1]uint8
type byteAlias = byte

var sink any
var flag dep.Flag
var wide dep.Wide

type mark bool

func shadow() {
	type mark int
	var x mark
	sink = x
}

func f(b bool, n int) {
	sink = dep.Empty{}
	sink = o.Wrap{}
	sink = flag
	sink = wide
	sink = b
	sink = n
}
`;

describe('types for the no-allocation classifier', function () {
  it('reads sizes and sole components of declared types', async function () {
    const pkg = await parsePackage(new Map([['/p/p.go', SRC]]));
    try {
      const world = new TypeWorld();
      const scope = world.scopeOf(packageDecls(pkg.files));
      const t = (name: string) => ({ kind: 'named' as const, name });
      assert.equal(isZeroSize(t('zero'), scope), true);
      assert.equal(isZeroSize(t('one'), scope), false);
      assert.equal(isSingleByte(t('one'), scope), true);
      assert.equal(isSingleByte(t('arr'), scope), true);
      assert.equal(isSingleByte(t('byteAlias'), scope), true);
      assert.equal(isSingleByte(t('int'), scope), false);
      assert.equal(isZeroSize(printedType('struct {}'), scope), true);
      assert.equal(isZeroSize(printedType('[0]string'), scope), true);
      assert.equal(isZeroSize(printedType('[2]int'), scope), false);
      // Unread packages are asked for, never assumed.
      const dep = isZeroSize({ kind: 'named', name: 'Empty', qualifier: 'dep' }, scope, '/p/p.go');
      assert.ok(isNeeds(dep) && dep.needs.includes('example.com/dep/v2'), JSON.stringify(dep));
      world.dispose();
    } finally {
      pkg.dispose();
    }
  });

  it('reads dependencies on demand, through their own imports, and lists them once', async function () {
    const pkg = await parsePackage(new Map([['/p/p.go', SRC]]));
    const calls: string[] = [];
    const world = new TypeWorld(reader(calls));
    try {
      const ctx = { pkg, scope: world.scopeOf(packageDecls(pkg.files)) };
      const at = (line: number, message: string): Finding => ({ file: '/p/p.go', line, column: 9, message, category: 'escapes', rule: 'interface-conversion', origin: 'compiler' });
      const cases: [number, string, string | undefined][] = [
        // A type declared in the function is not the package's type of that name.
        [22, 'x escapes to heap', undefined],
        [26, 'dep.Empty{} escapes to heap', 'zero-size'],
        [27, 'o.Wrap{} escapes to heap', 'zero-size'],
        [28, 'flag escapes to heap', 'single-byte'],
        [29, 'wide escapes to heap', undefined],
        [30, 'b escapes to heap', 'single-byte'],
        [31, 'n escapes to heap', undefined],
      ];
      for (const [line, message, kind] of cases) {
        let r = noAllocationOf(at(line, message), ctx);
        for (let i = 0; i < 4 && isNeeds(r); i++) {
          await world.load('/p', r.needs);
          r = noAllocationOf(at(line, message), ctx);
        }
        assert.equal(isNeeds(r) ? 'needs' : r?.kind, kind, message);
      }
      assert.deepEqual(calls, ['list']);
      assert.equal(typeOfNode(null).kind, 'unknown');
    } finally {
      world.dispose();
      pkg.dispose();
    }
  });

  it('parses the dependency list, leaving test variants out', function () {
    const list = parseDependencyList('context\tcontext\t/go/src/context\tcontext.go\nexample.com/m [example.com/m.test]\tm\t/m\ta.go\tb.go\n\n');
    assert.deepEqual(list, [{ importPath: 'context', name: 'context', files: ['/go/src/context/context.go'] }]);
  });
});
