// Stopping superseded work. AbortController.abort() with no reason makes a DOMException, whose
// stack is captured from the optimised frames that called it, every time it is called, even on
// a signal already aborted. The server stops stale work on every keystroke, so that garbage
// (and the native memory of each capture, which glibc keeps after it is freed) added up over a
// long session. Work here is stopped with one shared reason, and only once.

/** The reason superseded work is stopped with; nothing reads it but the go command runner. */
const SUPERSEDED = new DOMException('The work was superseded', 'AbortError');

/** Aborts `controller` unless it is absent or already aborted. */
export function abortOnce(controller: AbortController | undefined): void {
  if (controller && !controller.signal.aborted) controller.abort(SUPERSEDED);
}
