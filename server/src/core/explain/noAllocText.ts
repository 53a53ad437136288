// What hovers say about a verdict that allocates nothing: a headline that says so, and the
// sentence that tells why, matching what test/fixtures/noalloc measures.
import type { NoAllocation } from '../findings';
import { code } from './markdown';

/** Why nothing is allocated, as one sentence. */
export function noAllocSentence(na: NoAllocation): string {
  const type = na.type ? ` (${code(na.type)})` : '';
  switch (na.kind) {
    case 'constant':
      return 'For a constant the interface points at read-only data, so nothing is allocated at run time.';
    case 'single-byte':
      return `For a single byte${type} the interface points into the runtime's table of the 256 byte values, so nothing is allocated at run time.`;
    case 'zero-size':
      return `Its type has size zero${type}: the runtime gives every zero-size value one shared address, so nothing is allocated at run time.`;
    case 'static-literal':
      return 'A literal of constants is laid out in read-only data, and the interface points there, so nothing is allocated at run time.';
    case 'static-closure':
      return 'A function literal that captures no variable is a static function value, so nothing is allocated at run time.';
    case 'zero-length':
      return 'Its backing array has no bytes, so nothing is allocated at run time.';
  }
}

/** The hover headline for a verdict that allocates nothing, e.g. "No allocation: `200` is a constant". */
export function noAllocHeadline(na: NoAllocation, subject: string): string {
  const s = code(subject);
  switch (na.kind) {
    case 'constant':
      return `No allocation: ${s} is a constant`;
    case 'single-byte':
      return `No allocation: ${s} is a single byte`;
    case 'zero-size':
      return `No allocation: ${s} has size zero`;
    case 'static-literal':
      return `No allocation: ${s} is a literal of constants`;
    case 'static-closure':
      return 'No allocation: the function literal captures no variable';
    case 'zero-length':
      return `No allocation: ${s} has capacity zero`;
  }
}
