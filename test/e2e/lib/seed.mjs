// Copies the seed example (the article's createUserV1/V2 module) into a fresh temp folder, so a
// test can edit it without touching the repository.
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDir } from './paths.mjs';

export function makeTempRoot(prefix) {
  // realpath keeps paths comparable with what editors and the go command report.
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function copySeed(parent) {
  const dir = join(parent, 'seed');
  cpSync(seedDir, dir, { recursive: true });
  return dir;
}
