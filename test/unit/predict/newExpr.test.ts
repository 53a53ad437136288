// Go 1.26's new(expr) puts the value in a compiler temporary whose address is the result: the
// compiler says `moved to heap: .autotmp_N` at the call, numbered by what the function declared
// before it. Checked against the real compiler (which must be go1.26 or later).
import * as assert from 'node:assert/strict';
import { predictFile } from '../../../server/src/core/predict/predictor';
import { compilerVerdicts, installedGoMinor } from '../../helpers/compilerVerdicts';
import { useGoParser } from '../../helpers/goParser';

const SOURCE = `package p

import "sync"

type M struct{ mu sync.Mutex }

type T struct{ n int }

func plain(k int) *int {
	return new(k)
}

func afterLocals(k int, m map[string]int) *int {
	for i := range 3 {
		_ = i
	}
	x, ok := m["a"]
	_, _ = x, ok
	return new(k)
}

func afterDefer(m *M, k int) *int {
	defer m.mu.Unlock()
	return new(k)
}

func field(t T) *int {
	v := new(t.n)
	return v
}

func stays(k int) int {
	p := new(k)
	return *p
}
`;

describe('new(expr)', () => {
  const go = useGoParser();

  function predict(): string[] {
    const tree = go.parser.parse(SOURCE)!;
    try {
      return predictFile(tree, '/x/p.go', SOURCE, { goVersion: 'go1.26' }).map((f) => `${f.line}:${f.column}: ${f.message}`).sort();
    } finally {
      tree.delete();
    }
  }

  it('is predicted as the compiler temporary it moves', () => {
    assert.deepEqual(predict(), ['10:12: moved to heap: .autotmp_2', '19:12: moved to heap: .autotmp_8', '24:12: moved to heap: .autotmp_4', '28:10: moved to heap: .autotmp_3']);
  });

  it('agrees with the real compiler', function () {
    this.timeout(120_000);
    if ((installedGoMinor() ?? 0) < 26) this.skip();
    assert.deepEqual(compilerVerdicts({ 'p.go': SOURCE }, 'p.go', { goDirective: '1.26', columns: true }), predict());
  });
});
