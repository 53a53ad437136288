// Predictions are cached per function declaration, so that a keystroke re-analyses only the
// function it changed, also in files that declare a name more than once (several `init`).
import { useGoParser } from '../../helpers/goParser';
import * as assert from 'node:assert/strict';
import { PredictionCache, predictFunctions } from '../../../server/src/core/predict/predictor';

const SOURCE = `package p

var sink *int

func init() {
	x := 1
	sink = &x
}

func init() {
	y := 2
	sink = &y
}

func f() *int {
	z := 3
	return &z
}
`;

describe('prediction cache', () => {
  const go = useGoParser();

  it('keeps one entry per declaration, so a second pass over an unchanged file analyses nothing', () => {
    const tree = go.parser.parse(SOURCE)!;
    try {
      const cache = new PredictionCache();
      const first = predictFunctions(tree, '/x/p.go', SOURCE, undefined, { cache });
      assert.deepEqual(first.map((f) => f.findings.map((x) => x.message)), [['moved to heap: x'], ['moved to heap: y'], ['moved to heap: z']]);
      assert.equal(cache.misses, 3);
      const again = predictFunctions(tree, '/x/p.go', SOURCE, undefined, { cache });
      assert.equal(cache.misses, 3, 'no function was analysed again');
      assert.deepEqual(again.map((f) => f.findings.map((x) => `${x.line}: ${x.message}`)), first.map((f) => f.findings.map((x) => `${x.line}: ${x.message}`)));
    } finally {
      tree.delete();
    }
  });
});
