// Connects the tree-sitter predictor to open documents. Predictions are what the compiler would
// probably say, shown where compiler results are not available for the current text.
import { Finding } from '../core/findings';
import { OpenDocument } from './documents';

export interface PredictionSource {
  /** Predicted findings for the document's current text (the predictor caches per function). */
  predict(doc: OpenDocument, goVersion?: string): Finding[];
  /** Teaches the predictor what the compiler said, to sharpen later predictions. */
  learn?(findings: Finding[], goVersion?: string): void;
  forget?(uri: string): void;
}

/** Used until a predictor is attached, and whenever predictions are turned off. */
export const NO_PREDICTIONS: PredictionSource = { predict: () => [] };
