// Loads profiles in a worker thread, so that reading, gunzipping and decoding a large one never
// stalls the server's event loop while the user types. The worker runs loadProfiles and posts
// the indexes back with their typed arrays transferred, not copied: what the calling thread
// takes in is a few lists of names, and its look-ups are built when first asked (indexLookup.ts).
// One worker serves every load and stays a while after the last, so that a profile loaded again
// (a benchmark measured again) runs code the worker has already compiled.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { indexBuffers, ProfileIndex } from './profileIndex';
import { LoadOptions, loadProfiles, LoadResult, profileSetOf } from './profileSet';

/** What a load in the worker is asked with (a filter function cannot cross threads). */
type WorkerOptions = Omit<LoadOptions, 'sampleFilter' | 'signal'>;

interface Request {
  id: number;
  files: string[];
  opts: WorkerOptions;
}

interface Reply {
  id: number;
  indexes: ProfileIndex[];
  messages: string[];
}

/** How long the worker waits for another load before it ends. */
const IDLE_MS = 30_000;

/** The worker's script: next to the bundle (dist/profile-worker.js) or this compiled file. */
function workerScript(): string | undefined {
  for (const name of ['profile-worker.js', 'offThread.js']) {
    const p = path.join(__dirname, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

interface Pending {
  request: Request;
  finish(r: LoadResult): void;
}

/** The one worker and the loads it has not answered yet. */
class Loader {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private idle?: NodeJS.Timeout;
  private next = 1;

  constructor(private readonly script: string) {}

  load(files: readonly string[], opts: WorkerOptions, signal?: AbortSignal): Promise<LoadResult> {
    return new Promise((resolve) => {
      const request: Request = { id: this.next++, files: [...files], opts };
      const finish = (r: LoadResult) => {
        if (!this.pending.delete(request.id)) return;
        signal?.removeEventListener('abort', onAbort);
        this.scheduleIdle();
        resolve(r);
      };
      // A decode cannot be interrupted: the worker ends, and the other loads go to a new one.
      const onAbort = () => {
        finish({ set: profileSetOf([]), messages: ['cancelled'] });
        this.restart();
      };
      if (signal?.aborted) return resolve({ set: profileSetOf([]), messages: ['cancelled'] });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.id, { request, finish });
      clearTimeout(this.idle);
      this.send(request);
    });
  }

  private send(request: Request): void {
    if (!this.worker) this.worker = this.start();
    this.worker.postMessage(request);
  }

  private start(): Worker {
    const worker = new Worker(this.script, { workerData: { profileLoader: true } });
    // The worker alone does not keep the process alive.
    worker.unref();
    worker.on('message', (reply: Reply) => this.pending.get(reply.id)?.finish({ set: profileSetOf(reply.indexes), messages: reply.messages }));
    const fail = (message: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const p of [...this.pending.values()]) p.finish({ set: profileSetOf([]), messages: [message] });
    };
    worker.on('error', (e) => fail(`profiles could not be loaded: ${e.message}`));
    worker.on('exit', (code) => fail(`the profile loader stopped (exit code ${code})`));
    return worker;
  }

  /** Ends the worker and sends what it had not answered to a new one. */
  private restart(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    for (const p of this.pending.values()) this.send(p.request);
    this.scheduleIdle();
  }

  private scheduleIdle(): void {
    clearTimeout(this.idle);
    if (this.pending.size > 0 || !this.worker) return;
    this.idle = setTimeout(() => {
      const w = this.worker;
      this.worker = undefined;
      void w?.terminate();
    }, IDLE_MS);
    this.idle.unref();
  }
}

let loader: Loader | undefined;

/**
 * loadProfiles in a worker thread; falls back to the calling thread when no worker script is
 * found. Aborting ends that load at once (the worker is replaced).
 */
export function loadProfilesOffThread(files: readonly string[], opts: WorkerOptions & { signal?: AbortSignal } = {}): Promise<LoadResult> {
  const { signal, ...indexOpts } = opts;
  const script = workerScript();
  if (!script) return loadProfiles(files, opts);
  loader ??= new Loader(script);
  return loader.load(files, indexOpts, signal);
}

/** The worker's side: load each request in turn, post its indexes (without the set's caches) with their buffers transferred. */
function serve(): void {
  let queue = Promise.resolve();
  parentPort!.on('message', (request: Request) => {
    queue = queue.then(async () => {
      const { set, messages } = await loadProfiles(request.files, request.opts);
      const reply: Reply = { id: request.id, indexes: set.groups.flatMap((g) => g.indexes), messages };
      parentPort!.postMessage(reply, reply.indexes.flatMap(indexBuffers));
    });
  });
}

// The same module runs in the server's bundle; only the loader's worker is started with this mark.
if (!isMainThread && parentPort && (workerData as { profileLoader?: boolean } | undefined)?.profileLoader) serve();
