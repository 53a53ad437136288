// The explain module's surface for the language server and the CLI: classification of compiler
// findings into catalogue rules, and the plain-words chain, hover and related information.
export { classify, explainFindings } from './classify';
export { buildReasonContext, readReason } from './reason';
export type { Reason, ReasonContext, Sink } from './reason';
export { explainChain, chainSentence, relatedInformation, plain, code } from './chain';
export type { Chain, ChainStep, RelatedInfo } from './chain';
export { hoverMarkdown, stackHoverMarkdown } from './hover';
export type { HoverOptions } from './hover';
