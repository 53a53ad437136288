// The part of a hover that says what a profile and a benchmark say of a finding's line: bytes and
// objects allocated there, its share of the total, how hot its function is, which profile.
import * as path from 'node:path';
import type { Finding } from '../core/findings';
import { amount, measuredLabel, percent, sampleTypeWords, shareLabel } from '../core/profile/describe';
import { measuredAt } from '../core/profile/measured';
import { coversFile, weightOf } from '../core/profile/weights';
import type { DocumentView } from '../session/view';

export function weightNotes(v: DocumentView, findings: readonly Finding[]): string[] {
  const notes: string[] = [];
  for (const f of findings) {
    if (f.origin !== 'compiler' || (f.category !== 'moved' && f.category !== 'escapes')) continue;
    const m = v.measurement && measuredAt(v.measurement, f.file, f.line);
    if (m) notes.push(`**Measured** by \`${m.benchmark}\` (${m.n.toLocaleString('en-US')} iterations, every allocation sampled): ${measuredLabel(m)} at this line.`);
    if (!v.profile) continue;
    const w = weightOf(v.profile, f);
    const files = (w?.profiles ?? []).map((p) => `\`${path.basename(p)}\``).join(', ');
    if (w) {
      const what = w.bytes !== undefined ? `${amount(w.bytes, 'bytes')} in ${(w.objects ?? 0).toLocaleString('en-US')} objects allocated here, ` : '';
      const fn = w.function && w.functionShare !== undefined ? `; \`${w.function}\` as a whole: ${percent(w.functionShare)} of ${sampleTypeWords(w.sampleType)}` : '';
      notes.push(`**Profile** (${files}): ${what}${shareLabel(w)}${fn}.`);
    } else if (coversFile(v.profile, f.file)) {
      notes.push('**Profile**: no samples at this line, though the profile covers this file: it did not run, or too rarely to be seen.');
    }
  }
  return [...new Set(notes)];
}
