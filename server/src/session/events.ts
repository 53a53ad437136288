// What the session tells the outside world. The protocol layer implements it (publishing,
// status notifications, messages); the session never knows how a client is spoken to.
import type { StatusParams } from '../protocol';

export interface SessionEvents {
  /** A document's entries or state changed: it should be published again. */
  changed(uri: string): void;
  /** A document closed: what was published for it should be cleared. */
  closed(uri: string): void;
  /** What the analysis is doing, for a status bar. */
  status(params: StatusParams): void;
  /** A problem the user must act on, shown once per kind until it is resolved. */
  problem(kind: string, level: 'warning' | 'error', message: string): void;
  /** The problem of this kind went away; it is shown again if it comes back. */
  resolved(kind: string): void;
  log(message: string): void;
  /** A compiler result was taken: what depends on whole results (code lenses) may be asked again. */
  resultTaken?(): void;
}
