// Refines each finding's rule from the compiler's explanation; the CLI calls this on every result.
export { explainFindings } from '../core/explain/classify';
