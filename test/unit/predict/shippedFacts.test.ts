// Without a toolchain the predictor follows calls into the standard library with the facts shipped
// in data/stdfacts (what go1.26 says about its exported functions). json.Unmarshal keeps its
// argument (`leaking param: v`), so a local passed by address moves to the heap; the real
// compiler agrees.
import * as assert from 'node:assert/strict';
import { shippedStdFacts } from '../../../server/src/core/predict/facts/shippedFacts';
import { predictFile } from '../../../server/src/core/predict/predictor';
import { compilerVerdicts, installedGoMinor } from '../../helpers/compilerVerdicts';
import { useGoParser } from '../../helpers/goParser';

const SOURCE = `package p

import (
	"encoding/json"
	"errors"
)

func decode(b []byte) error {
	var v struct{ A int }
	return json.Unmarshal(b, &v)
}

func fail() error {
	return errors.New("no")
}
`;

describe('shipped standard-library facts', () => {
  const go = useGoParser();

  function predict(shippedFacts: boolean): string[] {
    const tree = go.parser.parse(SOURCE)!;
    try {
      return predictFile(tree, '/x/p.go', SOURCE, { goVersion: 'go1.26.8', shippedFacts }).map((f) => `${f.line}: ${f.message}`).sort();
    } finally {
      tree.delete();
    }
  }

  it('are found and hold the standard library', () => {
    const k = shippedStdFacts(26);
    assert.ok(k, 'no data/stdfacts/go1.26.json.gz');
    assert.ok(k.functions.get('encoding/json.Unmarshal')?.params.get(1), 'json.Unmarshal has facts for v');
    assert.equal(k.packageNames?.get('math/rand/v2'), 'rand');
    assert.ok(k.interfaces?.has('io.Writer'));
  });

  it('are one copy whether or not the go version is known yet', () => {
    // The newest shipped release serves predictions made before the toolchain answered.
    const newest = shippedStdFacts();
    assert.ok(newest);
    const minors = Array.from({ length: 40 }, (_, i) => i).filter((m) => shippedStdFacts(m) === newest);
    assert.equal(minors.length, 1, 'exactly one release is the newest');
    assert.equal(shippedStdFacts(minors[0]), newest);
  });

  it('let calls into the standard library be followed without a toolchain', () => {
    assert.deepEqual(predict(true), ['14: &errors.errorString{...} escapes to heap', '9: moved to heap: v']);
    assert.deepEqual(predict(false), []);
  });

  it('agree with the real compiler', function () {
    this.timeout(120_000);
    if (installedGoMinor() === undefined) this.skip();
    assert.deepEqual(compilerVerdicts({ 'p.go': SOURCE }, 'p.go'), predict(true));
  });
});
