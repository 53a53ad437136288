// The SARIF multitool (`@microsoft/sarif-multitool`, offline) as the SARIF tests use it: its
// binary called directly (its npm wrapper goes through a shell), and its complaints read from its
// output, since it exits 0 even when a file has errors.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export function multitool(): string | undefined {
  try {
    return require(`@microsoft/sarif-multitool-${process.platform}`) as string;
  } catch {
    return undefined;
  }
}

/** The errors and warnings of validating `file` with the GitHub and SARIF rules. */
export function validateSarif(file: string): string[] {
  const r = spawnSync(multitool()!, ['validate', file, '--rule-kind', 'Gh;Sarif'], { encoding: 'utf8', timeout: 120_000 });
  assert.match(r.stdout, /Analysis completed/, `the multitool ran: ${r.stdout}${r.stderr}`);
  return r.stdout.split('\n').filter((l) => /\b(error|warning)\b/i.test(l));
}
