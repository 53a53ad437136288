// Custom protocol messages shared by the language server and the VS Code client. Other clients
// can ignore them; everything they carry is also logged or shown through standard LSP.

/** Server to client: what the analysis is doing, for a status bar. */
export const StatusNotification = 'goEscape/status';

export type StatusState = 'starting' | 'pending' | 'analysing' | 'ok' | 'paused' | 'go-missing' | 'error' | 'untrusted';

export interface StatusParams {
  state: StatusState;
  /** One line for the status bar tooltip. */
  message: string;
  /** The Go version of the toolchain in use, when known. */
  goVersion?: string;
}

/**
 * The command of a function's code lens: arguments are the document URI, the lens position and
 * the locations of the function's heap findings. The VS Code client shows them in a peek view;
 * other clients may run it through the server, which answers with the locations.
 */
export const ShowAllocationsCommand = 'goEscape.showAllocations';

/** The command of a benchmark's code lens: arguments are the document URI and the benchmark's name. */
export const MeasureAllocationsCommand = 'goEscape.measureAllocations';

/**
 * Lists the findings of the open documents, hottest first under the loaded profiles (then
 * moved before escapes, in file order): `{ uri, range, message, share? }[]`.
 */
export const HottestAllocationsCommand = 'goEscape.hottestAllocations';

/** Client to server request (no params): counts of what the server keeps, and its memory. */
export const StatsRequest = 'goEscape/stats';

/** Client to server command: run the analysis of the active document now. */
export const AnalyzeNowCommand = 'goEscape.analyzeNow';
/** Command the server handles for "Show why": opens the rule's section (argument: its URI). */
export const ShowWhyCommand = 'goEscape.showWhy';
