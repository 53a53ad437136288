import * as assert from 'node:assert';
import { DEFAULT_SETTINGS } from '../../../server/src/session/settings';
import { SettingsStore } from '../../../server/src/session/settingsStore';

describe('settings per folder', () => {
  it('asks once per folder, applies its answer, and keeps the base until it arrives', async () => {
    const asked: string[] = [];
    const store = new SettingsStore(DEFAULT_SETTINGS, async (file) => {
      asked.push(file);
      return file.startsWith('/b/') ? { debounceMs: 5, include: ['leak'] } : {};
    });
    assert.strictEqual(store.current('/b/x.go'), DEFAULT_SETTINGS, 'the base before the client answers');
    assert.equal(store.known('/b/x.go'), false);
    const pending = store.resolve('/b/x.go');
    assert.equal(store.known('/b/x.go'), false, 'not known while the client is answering');
    const b = await pending;
    assert.equal(store.known('/b/y.go'), true, 'known for the whole folder once answered');
    await store.resolve('/b/y.go');
    assert.deepEqual(asked, ['/b/x.go'], 'one question per folder');
    assert.equal(b.debounceMs, 5);
    assert.deepEqual([...b.include], ['leak']);
    assert.strictEqual(store.current('/b/z.go'), b);
    const a = await store.resolve('/a/x.go');
    assert.strictEqual(a, DEFAULT_SETTINGS, 'a folder that says what the base says shares its object');
  });

  it('asks again after a reset, and an answer from before it does not stick', async () => {
    let release!: (v: unknown) => void;
    const store = new SettingsStore(DEFAULT_SETTINGS, () => new Promise((r) => (release = r)));
    const stale = store.resolve('/p/x.go');
    const base = { ...DEFAULT_SETTINGS, debounceMs: 7 };
    store.reset(base);
    release({ debounceMs: 1 });
    await stale;
    assert.strictEqual(store.current('/p/x.go'), base);
  });

  it('without a client that answers, every file gets the base', async () => {
    const store = new SettingsStore(DEFAULT_SETTINGS);
    assert.strictEqual(await store.resolve('/q/x.go'), DEFAULT_SETTINGS);
    assert.strictEqual(store.current(undefined), DEFAULT_SETTINGS);
    assert.equal(store.known('/never/asked.go'), true);
  });
});
