// Tells the client what the analysis is doing: a custom notification for status bars, LSP
// progress for long runs, and a one-time message for problems a user must act on.
import { Connection, MessageType, WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressEnd } from 'vscode-languageserver';
import { StatusNotification, StatusParams } from '../protocol';

/** A run longer than this gets a progress indicator. */
const PROGRESS_AFTER_MS = 800;

export class StatusReporter {
  private last?: string;
  private readonly shown = new Set<string>();
  private progressSeq = 0;

  constructor(
    private readonly connection: Connection,
    private readonly clientHasStatus: boolean,
    private readonly clientHasProgress: boolean,
  ) {}

  status(params: StatusParams): void {
    const key = `${params.state}\0${params.message}`;
    if (key === this.last) return;
    this.last = key;
    if (this.clientHasStatus) void this.connection.sendNotification(StatusNotification, params);
  }

  /** Shows a message once per distinct text (go missing, compiler crashed, ...). */
  showOnce(kind: string, type: MessageType, message: string): void {
    if (this.shown.has(kind)) return;
    this.shown.add(kind);
    void this.connection.sendNotification('window/showMessage', { type, message });
  }

  /** Forgets a shown message so that the problem is reported again if it comes back. */
  resolved(kind: string): void {
    this.shown.delete(kind);
  }

  /** Runs `work`, showing LSP progress if it takes long; the returned promise is `work`'s. */
  async withProgress<T>(title: string, work: Promise<T>): Promise<T> {
    if (!this.clientHasProgress) return work;
    let token: string | undefined;
    const timer = setTimeout(() => {
      token = `go-escape-${++this.progressSeq}`;
      const t = token;
      this.connection.sendRequest('window/workDoneProgress/create', { token: t }).then(
        () => {
          if (token === t) void this.connection.sendProgress(WorkDoneProgress.type, t, { kind: 'begin', title, cancellable: false } satisfies WorkDoneProgressBegin);
        },
        () => {},
      );
    }, PROGRESS_AFTER_MS);
    try {
      return await work;
    } finally {
      clearTimeout(timer);
      if (token) {
        const t = token;
        token = undefined;
        void this.connection.sendProgress(WorkDoneProgress.type, t, { kind: 'end' } satisfies WorkDoneProgressEnd);
      }
    }
  }
}

