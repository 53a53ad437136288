// Records the directories a language server reads with fs.promises.readdir (the walk for
// default.pgo files reads them so): preloaded into the server with `--require` (readdirArgs), it
// writes one path a line to the file named by GO_ESCAPE_READDIR_LOG when the server exits; with
// GO_ESCAPE_READDIR_DELAY_MS it also answers each read that much later.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The server's node arguments and environment that record its reads into `logFile`. */
export function readdirRecording(serverJs: string, logFile: string): { args: string[]; env: NodeJS.ProcessEnv } {
  return { args: ['--require', __filename, serverJs, '--stdio'], env: { ...process.env, GO_ESCAPE_READDIR_LOG: logFile } };
}

/** The directories read, one entry per read, in order. */
export function readdirsRecorded(logFile: string): string[] {
  return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : [];
}

/** The same, with each read answered `delayMs` late: a walk that takes as long as a very large tree's. */
export function slowReaddirs(serverJs: string, logFile: string, delayMs: number): { args: string[]; env: NodeJS.ProcessEnv } {
  const r = readdirRecording(serverJs, logFile);
  return { ...r, env: { ...r.env, GO_ESCAPE_READDIR_DELAY_MS: String(delayMs) } };
}

const out = process.env.GO_ESCAPE_READDIR_LOG;
const delayMs = Number(process.env.GO_ESCAPE_READDIR_DELAY_MS ?? 0);
if (out) {
  const reads: string[] = [];
  const readdir = fs.promises.readdir;
  (fs.promises as { readdir: unknown }).readdir = function (this: unknown, dir: fs.PathLike, ...rest: unknown[]) {
    reads.push(path.resolve(String(dir)));
    const read = (readdir as (...a: unknown[]) => Promise<unknown>).call(this, dir, ...rest);
    return delayMs > 0 ? read.then((v) => new Promise((resolve) => setTimeout(() => resolve(v), delayMs))) : read;
  };
  process.on('exit', () => fs.writeFileSync(out, reads.map((r) => `${r}\n`).join('')));
}
