// Splits the bytes of the LSP base protocol into message bodies: header blocks of `Name: value`
// lines ended by an empty line, then as many bytes as Content-Length says. A header block the
// parser cannot use is skipped with one log line and parsing resumes at the next Content-Length
// header in what is already buffered, so a request written after a bad frame is still read
// without the client sending anything more. Bodies are only assembled once all their bytes are
// in, so a frame that announces more than it brings costs what it brought, never what it claims.

/** Larger frames are skipped. VS Code does not sync files over 50 MB to extensions; this leaves room for escaping. */
export const MAX_FRAME_BYTES = 128 * 1024 * 1024;

/** A header block longer than this without its closing empty line is not one. */
const MAX_HEADER_BYTES = 8192;

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const CONTENT_LENGTH = 'content-length:';
// The name of an HTTP header field (RFC 9110 token).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface FrameParserEvents {
  /** A whole body, as it came (it may share memory with the chunk that brought it). */
  frame(body: Buffer): void;
  log(message: string): void;
}

type Header = { length: number; lengthText: string; charset?: string } | { problem: string };

/** The Content-Length of a header block, or what is wrong with the block. */
function parseHeader(block: string): Header {
  let length: number | undefined;
  let lengthText = '';
  let charset: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return { problem: `a header line without a colon: ${quote(line)}` };
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return { problem: `not a header name: ${quote(name)}` };
    const value = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (!/^\d+$/.test(value)) return { problem: `Content-Length is not a number of bytes: ${quote(value)}` };
      if (length !== undefined && Number(value) !== length) return { problem: `two Content-Length headers: ${length} and ${value}` };
      length = Number(value);
      lengthText = value;
    } else if (lower === 'content-type') {
      charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1];
    }
  }
  if (length === undefined) return { problem: 'no Content-Length header' };
  return { length, lengthText, charset };
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

/** Where `content-length:` starts in `buf` at or after `from`, in any case, or -1. */
function findContentLength(buf: Buffer, from: number): number {
  return buf.toString('latin1').toLowerCase().indexOf(CONTENT_LENGTH, from);
}

export class FrameParser {
  /** Bytes not yet parsed, while no body is being collected. */
  private head: Buffer = Buffer.alloc(0);
  /** Where the search for the header's end goes on in `head`. */
  private scanFrom = 0;
  /** After a bad header block: nothing is parsed before the next Content-Length header. */
  private resyncing = false;
  /** The body being collected: its length and the parts that arrived. */
  private body: { length: number; parts: Buffer[]; have: number } | undefined;
  private readonly charsetsSeen = new Set<string>();

  constructor(private readonly events: FrameParserEvents, private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): void {
    while (chunk.length > 0) {
      if (this.body) {
        const b = this.body;
        const take = Math.min(b.length - b.have, chunk.length);
        b.parts.push(chunk.subarray(0, take));
        b.have += take;
        chunk = chunk.subarray(take);
        if (b.have < b.length) return;
        this.body = undefined;
        this.events.frame(b.parts.length === 1 ? b.parts[0] : Buffer.concat(b.parts, b.length));
        continue;
      }
      this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
      chunk = this.parseHead();
    }
  }

  /** A description of the frame cut short when the input ends, or undefined when none was. */
  end(): string | undefined {
    if (this.body) return `the input ended inside a frame: ${this.body.have} of its ${this.body.length} bytes arrived`;
    if (this.head.length > 0 && !this.resyncing) return `the input ended inside a header block (${this.head.length} bytes)`;
    return undefined;
  }

  /**
   * Parses the frames whose header is in `head`. Returns the bytes that go on into a body begun
   * here (empty when there are none): the caller hands them over as a chunk, so that a body whose
   * bytes are all there is handed out without a copy.
   */
  private parseHead(): Buffer {
    const empty = Buffer.alloc(0);
    while (this.head.length > 0) {
      if (this.resyncing && !this.resync()) return empty;
      const end = this.head.indexOf(HEADER_END, this.scanFrom);
      if (end < 0) {
        if (this.head.length <= MAX_HEADER_BYTES) {
          this.scanFrom = Math.max(0, this.head.length - HEADER_END.length + 1);
          return empty;
        }
        this.skipHeader(`no end of the header block within ${MAX_HEADER_BYTES} bytes`);
        continue;
      }
      this.scanFrom = 0;
      if (end > MAX_HEADER_BYTES) {
        this.skipHeader(`a header block of more than ${MAX_HEADER_BYTES} bytes`);
        continue;
      }
      const header = parseHeader(this.head.toString('latin1', 0, end));
      if ('problem' in header) {
        this.skipHeader(header.problem);
        continue;
      }
      if (header.length > this.maxFrameBytes) {
        // Skipped by looking for the next header rather than by counting: a client that
        // announces an absurd length seldom sends that many bytes.
        this.skipHeader(`a frame of ${header.lengthText} bytes is larger than the limit of ${this.maxFrameBytes}`);
        continue;
      }
      this.noteCharset(header.charset);
      const rest = this.head.subarray(end + HEADER_END.length);
      this.head = empty;
      this.body = { length: header.length, parts: [], have: 0 };
      if (header.length === 0) {
        this.body = undefined;
        this.events.frame(empty);
        this.head = rest;
        continue;
      }
      return rest;
    }
    return empty;
  }

  private skipHeader(problem: string): void {
    this.events.log(`LSP input: skipped a bad header block (${problem}); reading on from the next Content-Length header`);
    this.head = this.head.subarray(1);
    this.scanFrom = 0;
    this.resyncing = true;
  }

  /** Drops what comes before the next Content-Length header; false when none is buffered yet. */
  private resync(): boolean {
    const at = findContentLength(this.head, 0);
    if (at < 0) {
      // The start of the header name may be at the end of what arrived: keep that much.
      const keep = Math.min(this.head.length, CONTENT_LENGTH.length - 1);
      this.head = Buffer.from(this.head.subarray(this.head.length - keep));
      return false;
    }
    this.head = this.head.subarray(at);
    this.resyncing = false;
    return true;
  }

  /** The protocol knows only UTF-8: another charset is read as UTF-8 and said once. */
  private noteCharset(charset: string | undefined): void {
    const c = charset?.toLowerCase();
    if (c === undefined || c === 'utf-8' || c === 'utf8' || this.charsetsSeen.has(c)) return;
    this.charsetsSeen.add(c);
    this.events.log(`LSP input: charset ${quote(charset!)} is not supported; its messages are read as UTF-8`);
  }
}
