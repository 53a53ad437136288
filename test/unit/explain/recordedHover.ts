// The recorded go1.26.8 `-m=2` output of test/fixtures/hover (golden/go1.26.8.txt), for unit
// tests that need no toolchain. test/integration/explain/hover.test.ts re-records it when
// RECORD_HOVER_GOLDEN=1 and checks the same notes against the installed compiler.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { explainFindings } from '../../../server/src/core/explain/classify';
import { PackageSyntax, parsePackage } from '../../../server/src/core/explain/packageSyntax';
import { ReasonContext, buildReasonContext } from '../../../server/src/core/explain/reason';
import { Finding } from '../../../server/src/core/findings';
import { FIXTURES } from '../../helpers/tempModule';

export const HOVER_DIR = path.join(FIXTURES, 'hover');
export const HOVER_GOLDEN = path.join(HOVER_DIR, 'golden', 'go1.26.8.txt');

/** The hash the recording starts with: it fails when the fixture changed since. */
export function hoverFixtureHash(): string {
  return createHash('sha256')
    .update(fs.readFileSync(path.join(HOVER_DIR, 'go.mod'), 'utf8') + fs.readFileSync(path.join(HOVER_DIR, 'hover.go'), 'utf8'))
    .digest('hex')
    .slice(0, 16);
}

export interface Recorded {
  output: string;
  findings: Finding[];
  context: ReasonContext;
  pkg: PackageSyntax & { dispose(): void };
}

export async function recordedHover(): Promise<Recorded> {
  const output = fs.readFileSync(HOVER_GOLDEN, 'utf8');
  const parsed = parseCompilerText(output, { cwd: HOVER_DIR }).findings;
  const context = buildReasonContext(parsed);
  const findings = explainFindings(parsed, 'go1.26.8', context);
  const file = path.join(HOVER_DIR, 'hover.go');
  const pkg = await parsePackage(new Map([[file, fs.readFileSync(file, 'utf8')]]));
  return { output, findings, context, pkg };
}
