// Loads profiles in a worker thread, so that decoding a large one (about a second for 10 MB)
// never stalls the server's event loop while the user types. The worker runs loadProfiles and
// posts the indexes back; structured cloning keeps their shared sums and references.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ProfileIndex } from './profileIndex';
import { loadProfiles, LoadResult, profileSetOf } from './profileSet';
import type { IndexOptions } from './profileIndex';

interface Request {
  files: string[];
  opts: Omit<IndexOptions, 'sampleFilter'>;
}

interface Reply {
  indexes: ProfileIndex[];
  messages: string[];
}

/** The worker's script: next to the bundle (dist/profile-worker.js) or this compiled file. */
function workerScript(): string | undefined {
  for (const name of ['profile-worker.js', 'offThread.js']) {
    const p = path.join(__dirname, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/**
 * loadProfiles in a worker thread; falls back to the calling thread when no worker script is
 * found. Aborting terminates the worker.
 */
export function loadProfilesOffThread(files: readonly string[], opts: Omit<IndexOptions, 'sampleFilter'> & { signal?: AbortSignal } = {}): Promise<LoadResult> {
  const script = workerScript();
  const { signal, ...indexOpts } = opts;
  if (!script) return loadProfiles(files, opts);
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: { files: [...files], opts: indexOpts } satisfies Request });
    let done = false;
    const finish = (r: LoadResult) => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(r);
    };
    const onAbort = () => finish({ set: profileSetOf([]), messages: ['cancelled'] });
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: Reply) => finish({ set: profileSetOf(reply.indexes), messages: reply.messages }));
    worker.once('error', (e) => finish({ set: profileSetOf([]), messages: [`profiles could not be loaded: ${e.message}`] }));
    worker.once('exit', (code) => finish({ set: profileSetOf([]), messages: [`the profile loader stopped (exit code ${code})`] }));
  });
}

/** The worker's side: load, then post the indexes without the set's caches. */
async function serve(request: Request): Promise<void> {
  const { set, messages } = await loadProfiles(request.files, request.opts);
  const reply: Reply = { indexes: set.groups.flatMap((g) => g.indexes), messages };
  parentPort!.postMessage(reply);
}

if (!isMainThread && parentPort && (workerData as Request | undefined)?.files) void serve(workerData as Request);
