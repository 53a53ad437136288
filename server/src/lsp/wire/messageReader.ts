// Reads LSP messages from a stream for vscode-jsonrpc's connection. Frames come from our frame
// parser, which goes on past bad headers; each body must be UTF-8 JSON that JSON-RPC accepts
// (see messageCheck.ts). What fails is answered here, where the protocol asks for an answer, or
// logged, so the connection only ever sees messages it can handle.
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { AbstractMessageReader, DataCallback, Disposable, ErrorCodes, MessageReader, ResponseMessage } from 'vscode-languageserver/node';
import { FrameParser } from './frameParser';
import { checkMessage, errorResponse } from './messageCheck';

export interface LspMessageReaderOptions {
  log(message: string): void;
  /** Writes an answer the reader gives itself: an error for a message the connection never sees. */
  reply(response: ResponseMessage): void;
  /** Frames larger than this are skipped (frameParser.ts has the default). */
  maxFrameBytes?: number;
}

export class LspMessageReader extends AbstractMessageReader implements MessageReader {
  private shutdown = false;
  private ended = false;

  constructor(private readonly input: Readable, private readonly options: LspMessageReaderOptions) {
    super();
  }

  /** Whether a shutdown request went to the connection: LSP exits with 0 after one, else with 1. */
  get shutdownRequested(): boolean {
    return this.shutdown;
  }

  listen(callback: DataCallback): Disposable {
    const { log } = this.options;
    const parser = new FrameParser({ frame: (body) => this.read(body, callback), log }, this.options.maxFrameBytes);
    const onData = (chunk: Buffer | string) => {
      try {
        parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      } catch (e) {
        log(`internal error reading LSP input (kept running): ${(e as Error).stack ?? e}`);
      }
    };
    const onEnd = () => {
      if (this.ended) return;
      this.ended = true;
      const cut = parser.end();
      if (cut) log(`LSP input: ${cut}`);
      this.fireClose();
    };
    const onError = (e: Error) => this.fireError(e);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', onError);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('end', onEnd);
      this.input.off('close', onEnd);
      this.input.off('error', onError);
    });
  }

  private read(body: Buffer, callback: DataCallback): void {
    let value: unknown;
    try {
      if (!isUtf8(body)) throw new Error('the message is not valid UTF-8');
      value = JSON.parse(body.toString('utf8'));
    } catch (e) {
      this.refuse(errorResponse(null, ErrorCodes.ParseError, `Parse error: ${(e as Error).message}`));
      return;
    }
    const verdict = checkMessage(value);
    if (verdict.kind === 'answer') this.refuse(verdict.response);
    else if (verdict.kind === 'drop') this.options.log(`LSP input: dropped a notification: ${verdict.why}`);
    else {
      const m = verdict.message as { method?: unknown; id?: unknown };
      if (m.method === 'shutdown' && m.id !== undefined) this.shutdown = true;
      callback(verdict.message);
    }
  }

  private refuse(response: ResponseMessage): void {
    this.options.log(`LSP input: answered ${response.error!.code} (id ${JSON.stringify(response.id)}): ${response.error!.message}`);
    this.options.reply(response);
  }
}
