// `go-escape-lsp`: starts the language server bundle through V8's code cache.
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { userCacheDir } from '../core/util/cacheDir';
import { runBundle } from './codeCache';

// V8 moves every object made at a code location straight into the old generation once many of
// them outlive a young collection. Opening a package's results makes thousands of long-lived
// objects at the same places that typing later uses for per-keystroke garbage, so typing in a
// large file then filled the old generation with it and paused for a full collection about once
// a second (measured with `node scripts/trace-typing.mjs`: 4 full collections in 141 keystrokes
// with it, none without). The flag is read at each such decision, so setting it here, before
// any server code runs, takes effect.
setFlagsFromString('--no-allocation-site-pretenuring');
// With the old generation this small (about 16 MB after opening a large package), V8 starts a
// full collection early whenever the room left below its limit is less than the young
// generation, which it was all the time while typing: 8 full collections in the 282 keystrokes
// of the bench's typing. Letting the limit grow to three times what survives (the default grows
// it far less for small heaps) leaves 2.
setFlagsFromString('--heap-growing-percent=200');
// V8 marks the heap for a full collection on its worker threads by default. With two cores, the
// editor parsing our last publish then waited for one: in the bench's typing the slowest
// keystrokes were those during a concurrent marking. Marked on the server's thread instead, in
// steps while it works: `npm run bench -- --only predict` gave p99 15 and 15 ms against 18 and
// 18 ms with concurrent marking (runs alternating; SERVERJS selects the build), and nine
// alternating runs of one round of the same typing (a scratch copy of the bench's scenario) gave a
// median p99 of 18.6 ms against 20.1 ms.
setFlagsFromString('--no-concurrent-marking');
// The server collects the young generation itself at idle moments (runtime/idleCollection.ts), with
// gc() from a new context. The flag that allows it is set here with the others, before the
// bundle is compiled: V8 accepts a code cache only under the flags it was written with, so the
// flags must not change while the server runs.
setFlagsFromString('--expose-gc');

runBundle(path.join(__dirname, 'server-main.js'), userCacheDir('v8'));
