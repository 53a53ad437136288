// Encodes outgoing LSP messages as JSON bytes. Each keystroke in a large file republishes all of
// its diagnostics, and nearly all of them are the same as the time before but for where they
// are, so a publish is written straight into one buffer when it is made: each diagnostic's body
// (all but the range) is serialized once per finding and copied, and only the four numbers of
// each range are written anew. No diagnostic objects are made for it, and nothing is allocated
// per diagnostic, which keeps typing in a large file clear of garbage collection.
import type { ContentTypeEncoder, Message, PublishDiagnosticsParams, Range } from 'vscode-languageserver/node';

const PUBLISH = 'textDocument/publishDiagnostics';

/** The whole message of a publish made by encodePublish, on its params. */
const ENCODED = Symbol('encoded');

const ascii = (s: string) => Buffer.from(s, 'latin1');
const START_LINE = ascii('{"range":{"start":{"line":');
const CHARACTER = ascii(',"character":');
const END_LINE = ascii('},"end":{"line":');
const RANGE_END = ascii('}}');

/** The bytes of a diagnostic's body as JSON, without its opening brace (`}` for an empty body). */
export function bodyBytes(body: object): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8').subarray(1);
}

function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

function writeUint(out: Buffer, at: number, n: number): number {
  const end = at + digits(n);
  for (let i = end - 1; i >= at; i--) {
    out[i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
  return end;
}

const rangeLength = (r: Range) =>
  START_LINE.length + digits(r.start.line) + CHARACTER.length + digits(r.start.character) +
  END_LINE.length + digits(r.end.line) + CHARACTER.length + digits(r.end.character) + RANGE_END.length;

/**
 * The publishDiagnostics params for `n` diagnostics, the i-th at `rangeAt(i)` with the body whose
 * bytes are `bodyAt(i)`, encoded now: the ranges may change as soon as this returns. Our encoder
 * sends the bytes as they are; any other reader of the params (another encoder, a tracer) gets
 * the diagnostics decoded from them.
 */
export function encodePublish(uri: string, version: number | undefined, n: number, rangeAt: (i: number) => Range, bodyAt: (i: number) => Buffer): PublishDiagnosticsParams {
  const head = JSON.stringify({ jsonrpc: '2.0', method: PUBLISH, params: version === undefined ? { uri } : { uri, version } });
  const open = Buffer.from(`${head.slice(0, -2)},"diagnostics":[`, 'utf8');
  let length = open.length + Math.max(0, n - 1) + 3;
  // Each body is asked for once: finding it is a lookup per diagnostic.
  const bodies = new Array<Buffer>(n);
  for (let i = 0; i < n; i++) {
    const body = (bodies[i] = bodyAt(i));
    // A range followed by an empty body closes the object itself: no comma between them.
    length += rangeLength(rangeAt(i)) + (body.length > 1 ? 1 : 0) + body.length;
  }
  const out = Buffer.allocUnsafe(length);
  let at = open.copy(out, 0);
  for (let i = 0; i < n; i++) {
    if (i > 0) out[at++] = 0x2c; // ','
    const r = rangeAt(i);
    const body = bodies[i];
    out.set(START_LINE, at);
    at = writeUint(out, at + START_LINE.length, r.start.line);
    out.set(CHARACTER, at);
    at = writeUint(out, at + CHARACTER.length, r.start.character);
    out.set(END_LINE, at);
    at = writeUint(out, at + END_LINE.length, r.end.line);
    out.set(CHARACTER, at);
    at = writeUint(out, at + CHARACTER.length, r.end.character);
    out.set(RANGE_END, at);
    at += RANGE_END.length;
    if (body.length > 1) out[at++] = 0x2c;
    out.set(body, at);
    at += body.length;
  }
  out.write(']}}', at, 'latin1');
  const params = {
    uri,
    ...(version === undefined ? {} : { version }),
    get diagnostics() {
      return (JSON.parse(out.toString('utf8')) as { params: PublishDiagnosticsParams }).params.diagnostics;
    },
  };
  Object.defineProperty(params, ENCODED, { value: out });
  return params as PublishDiagnosticsParams;
}

/** The message as UTF-8 JSON, equal to `JSON.stringify(msg)`. */
export function encodeMessage(msg: Message): Buffer {
  const m = msg as { method?: unknown; params?: { [ENCODED]?: Buffer } };
  const pre = m.method === PUBLISH ? m.params?.[ENCODED] : undefined;
  return pre ?? Buffer.from(JSON.stringify(msg), 'utf8');
}

export const messageEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(msg: Message): Promise<Uint8Array> {
    try {
      return Promise.resolve(encodeMessage(msg));
    } catch (e) {
      return Promise.reject(e);
    }
  },
};
