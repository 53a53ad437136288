// Fix lines fitted to the case, refused quick fixes, and the pieces of compiler text they read.
import * as assert from 'node:assert/strict';
import { calleeHome, refusalLine } from '../../../server/src/core/explain/fixAdvice';
import { calleeOf, isConstantLiteral, isTruncatedString } from '../../../server/src/core/explain/flowText';
import { isConstantValue } from '../../../server/src/core/explain/noAlloc';
import { parsePackage } from '../../../server/src/core/explain/packageSyntax';
import { Finding } from '../../../server/src/core/findings';

const moved: Finding = { file: '/m/a.go', line: 3, column: 2, message: 'moved to heap: cp', category: 'moved', rule: 'returned-address', origin: 'compiler' };

describe('fix lines', function () {
  it('says why the quick fix the rule suggests is not offered, and only that one', function () {
    const refused = [
      { fix: 'preallocate' as const, reason: 'not a finding about append', inapplicable: true },
      { fix: 'closure-capture' as const, reason: 'not a `moved to heap` finding', inapplicable: true },
      { fix: 'return-by-value' as const, reason: 'Context holds a sync.RWMutex, which must not be copied' },
    ];
    assert.equal(refusalLine(moved, 'returned-address', refused), '_Quick fix not offered: Context holds a sync.RWMutex, which must not be copied._');
    assert.equal(refusalLine(moved, 'heap-store', refused), undefined, 'heap-store suggests no quick fix');
    assert.equal(refusalLine(moved, 'returned-address', [{ fix: 'return-by-value', reason: 'verification: the fix removes no heap finding (3 before, 3 after)' }]), '_Quick fix not offered: the fix removes no heap finding (3 before, 3 after)._');
    assert.equal(refusalLine(moved, 'returned-address', [{ fix: 'return-by-value', reason: 'verification: cancelled' }]), undefined);
    assert.equal(refusalLine({ ...moved, packageInit: true }, 'returned-address', refused), undefined);
  });

  it('tells where a callee lives from the imports and declarations', async function () {
    const pkg = await parsePackage(new Map([['/m/a.go', 'package a\n\nimport (\n\t"errors"\n\t"github.com/x/y/v3"\n\tz "example.com/m/sub"\n)\n\ntype T struct{}\n\nfunc (t *T) keep(p *int) {}\n\nfunc keep(p *int) {}\n']]));
    try {
      const ctx = { pkg, modulePath: 'example.com/m' };
      const home = (c: string) => calleeHome(c, '/m/a.go', ctx);
      assert.deepEqual(home('errors.As'), { kind: 'std', importPath: 'errors' });
      assert.deepEqual(home('y.Keep'), { kind: 'dependency', importPath: 'github.com/x/y/v3' });
      assert.deepEqual(home('z.Keep'), { kind: 'module', importPath: 'example.com/m/sub' });
      assert.deepEqual(home('(*T).keep'), { kind: 'package' });
      assert.deepEqual(home('keep'), { kind: 'package' });
      assert.deepEqual(home('w.Write'), { kind: 'dynamic' });
      assert.deepEqual(home('f'), { kind: 'dynamic' });
      assert.deepEqual(calleeHome('errors.As', '/elsewhere.go', ctx), { kind: 'unknown' });
    } finally {
      pkg.dispose();
    }
  });

  it('reads calls and constants the compiler printed cut short', function () {
    const long = String.raw`"Bind struct can not be a pointer. Example:\n\tUse: gin.Bind(Struct{}...`;
    assert.equal(calleeOf(`panic(${long})`), 'panic');
    assert.equal(calleeOf('fmt.Println("a(b", x)'), 'fmt.Println');
    assert.ok(isTruncatedString(long) && isConstantLiteral(long));
    assert.ok(!isTruncatedString('"a" + s...') && !isConstantLiteral('"a" + s'));
    assert.ok(isConstantValue('time.Duration(1000000000)') && isConstantValue('MyInt(-5)') && isConstantValue('"ab"'));
    assert.ok(!isConstantValue('uint8(gn)') && !isConstantValue('f(1)x'));
  });
});
