// `go-escape-lsp`: starts the language server bundle through V8's code cache.
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { userCacheDir } from '../core/util/cacheDir';
import { runBundle } from './codeCache';
import { growYoungGenerationTo, underStartFlags } from './youngGeneration';

// These flags are set before any server code runs: V8 reads them as it runs the code, and it
// accepts a code cache only under the flags the cache was written with. What each one changed in
// the typing benchmark is in docs/performance.md ("Why the launcher sets these V8 flags").
//
// Results of a package are long-lived objects made at the same code locations as the garbage of
// each keystroke; pretenuring by allocation site would move that garbage into the old generation
// and cause full collections while typing.
setFlagsFromString('--no-allocation-site-pretenuring');
// The server's old generation is small, and for small heaps V8's default growth leaves less room
// below the limit than the young generation needs, so full collections start early and often
// while typing; let the limit grow to three times what survives.
setFlagsFromString('--heap-growing-percent=200');
// With two cores, marking on V8's worker threads takes the core the editor needs to parse our
// publishes; mark on the server's thread, in steps, instead.
setFlagsFromString('--no-concurrent-marking');
// The server collects the young generation itself at idle moments (runtime/idleCollection.ts), with
// gc() from a new context. The flag that allows it is set here with the others, before the
// bundle is compiled: V8 accepts a code cache only under the flags it was written with, so the
// flags must not change while the server runs.
setFlagsFromString('--expose-gc');
// The young generation starts held at its first size; once the bundle is compiled it may grow to
// a few megabytes and no further (runtime/youngGeneration.ts).
setFlagsFromString('--semi-space-growth-factor=1');

runBundle(path.join(__dirname, 'server-main.js'), userCacheDir('v8'), underStartFlags);
growYoungGenerationTo();
