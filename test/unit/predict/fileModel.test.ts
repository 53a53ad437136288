// Function names of a file as the predictor reads them: from the text for ordinary headers, from
// the tree otherwise; Go identifiers are Unicode letters and digits.
import * as assert from 'node:assert/strict';
import { FileModel, readHeader } from '../../../server/src/core/predict/declarations/fileModel';
import { createGoParser } from '../../../server/src/core/treesitter/parser';

describe('function headers', () => {
  it('reads non-ASCII names and receivers from the text', () => {
    assert.equal(readHeader('func Größe() {}', 0)?.name, 'Größe');
    assert.deepEqual(readHeader('func (t *Tür) Öffne() {}', 0), { name: '(*Tür).Öffne', func: 'Öffne', recvBase: 'Tür', pointer: true });
    assert.equal(readHeader('func (x T[K]) m() {}', 0)?.name, 'T.m');
  });

  it('keeps a function whose header the text reading cannot follow', async () => {
    const parser = await createGoParser();
    const src = 'package p\n\nfunc /* c */ f() {}\n\nfunc (t /* c */ *T) m() {}\n\ntype T struct{}\n';
    const tree = parser.parse(src)!;
    try {
      const model = new FileModel(tree.rootNode, undefined, src);
      assert.deepEqual(model.decls.map((d) => d.name), ['f', '(*T).m']);
      assert.equal(model.methods.get('T')?.get('m')?.pointerReceiver, true);
    } finally {
      tree.delete();
      parser.delete();
    }
  });
});
