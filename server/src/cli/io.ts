// Where the CLI writes. A closed pipe (`go-escape ./... | head`) ends output quietly instead of
// crashing with EPIPE; --output files are written whole or not at all.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Writer {
  write(text: string): void;
}

/** A stream that stops writing once its reader has gone, and says nothing about it. */
export function pipeWriter(stream: NodeJS.WritableStream): Writer {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw e;
  });
  return {
    write(text) {
      if (!closed && text) stream.write(text);
    },
  };
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

let processIo: CliIo | undefined;

/** The process's own streams, wrapped once. */
export function defaultIo(): CliIo {
  processIo ??= { stdout: pipeWriter(process.stdout), stderr: pipeWriter(process.stderr), cwd: process.cwd(), env: process.env };
  return processIo;
}

/** Writes `text` to `file` through a temporary file in the same directory, then renames it. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A path as the compiler prints it: relative to the working directory when inside it (`./a.go`). */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** A file's text, or undefined when it cannot be read (deleted since the analysis). */
export function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
