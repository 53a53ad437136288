// Generated client traffic for the protocol fuzz test. Well-formed edits change the text as the
// model in textModel.ts says; hostile messages (bad frames, bad JSON, wrong types, documents never
// opened, backwards versions, cancellations, unknown methods) may change nothing but what they are
// answered, except that a wrongly typed edit leaves its document's text unknown to the client.
import { mulberry32 } from '../../helpers/seededRandom';
import { ContentChange, Position, applyChange, offSurrogate, offsetAt, positionAt } from './textModel';

export interface FuzzDoc {
  uri: string;
  /** Open in the server, as far as the client can know. */
  open: boolean;
  /** The server's text, or undefined once a hostile message made it unknowable. */
  text: string | undefined;
  /** The last version sent; the next edit normally sends version + 1. */
  version: number;
}

/** What a request must be answered with. */
export type Expect =
  /** A result (null counts), not an error. */
  | 'result'
  /** A result or RequestCancelled (-32800): it was cancelled before its answer. */
  | 'result-or-cancelled'
  /** MethodNotFound (-32601). */
  | 'method-not-found'
  /** InvalidRequest (-32600) with the request's id: its method is not a string. */
  | 'invalid-request'
  /** InvalidParams (-32602): the params do not have the type the method takes. */
  | 'invalid-params';

export interface Frame {
  /** The category, for the summary and the replay log. */
  kind: string;
  body: Buffer;
  /** A header block to send instead of a correct Content-Length. */
  header?: string;
  /** Set when the frame is a request that must be answered. */
  request?: { id: string | number; expect: Expect };
  /** Set when the frame must be answered with an error of this code and id null (JSON-RPC 2.0). */
  nullReply?: number;
}

const FRAGMENTS = ['{', '}', '(', ')', '\n', '\r\n', '"', '/*', '*/', 'x := &User{}\n', 'return &u\n', 'func (', ' ', 'ü', '😀', '\ud83d', '\t', 'u.', 'make([]byte, n)', ';', 'var v any = 1\n', '`', '//', 'package fuzz\n'];

/** Values of every JSON type, for parameters that should have been something else. */
const JUNK: unknown[] = [null, 0, -1, 1.5, 2 ** 53, -(2 ** 31), '', 'x', 'file:///', [], [1, 'a'], {}, { uri: 5 }, true, { line: 'a', character: null }];
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Junk that is certain to be wrong where the protocol wants an object, a string, an array or a line number. */
const NOT_OBJECT = JUNK.filter((v) => !isObject(v));
const NOT_STRING = JUNK.filter((v) => typeof v !== 'string');
const NOT_ARRAY = JUNK.filter((v) => !Array.isArray(v));
const NOT_UINTEGER = JUNK.filter((v) => !(Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 31));

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/** Header blocks the reader cannot use: it skips them and reads on from the next Content-Length header. */
export const BAD_HEADERS: [string, string][] = [
  ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n'],
  ['Content-Length not a number', 'Content-Length: NaN\r\n\r\n'],
  ['a header line without a colon', 'this is not a header\r\n\r\n'],
  ['a negative Content-Length', 'Content-Length: -1\r\n\r\n'],
];

const UNKNOWN_REQUESTS = ['textDocument/completion', 'textDocument/definition', 'workspace/symbol', 'foo/bar', '$/unknownRequest', 'goEscape/nothing', ''];

/** A pasted block: many small functions, some of whose variables escape. */
function pasteBlock(n: number, tag: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += `\nfunc pasted${tag}_${k}(n int) *int {\n\tv := n + ${k}\n\tif v > 3 {\n\t\treturn &v\n\t}\n\treturn nil\n}\n`;
  return s;
}

export class ProtocolFuzzer {
  readonly random: () => number;
  private nextId = 0;
  private pastes = 0;

  /**
   * `docs` are the module's files (their texts are what the server was opened with, or
   * undefined while closed); `elsewhere` are URIs the client never opens; `answered` lists ids
   * whose answer has arrived.
   */
  constructor(
    seed: number,
    readonly docs: FuzzDoc[],
    private readonly originals: Map<string, string>,
    private readonly elsewhere: string[],
    private readonly answered: () => (string | number)[],
  ) {
    this.random = mulberry32(seed);
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  private id(): string | number {
    const n = this.nextId++;
    return n % 3 === 0 ? `fuzz-${n}` : n % 3 === 1 ? 1_000_000 + n : 1_000_000 + n + 0.5;
  }

  /** The next message or messages to send. */
  next(): Frame[] {
    const open = this.docs.filter((d) => d.open && d.text !== undefined);
    const r = this.random();
    // Edits need open documents: with none, the client opens one.
    if (r < 0.38 && open.length === 0) return [this.openDoc()];
    if (r < 0.34 && open.length > 0) return [this.edit(this.pick(open))];
    if (r < 0.38 && open.length > 0) return [this.edit(this.pick(open), { backwards: true })];
    if (r < 0.41) return [this.editNowhere()];
    if (r < 0.44) return [this.wrongEdit()];
    if (r < 0.48) return [this.openDoc()];
    if (r < 0.51) return [this.closeDoc()];
    if (r < 0.62) return [this.hover()];
    if (r < 0.66) return [this.codeAction()];
    if (r < 0.68) return [this.command()];
    if (r < 0.73) return this.cancel();
    if (r < 0.77) return [this.wrongRequest()];
    if (r < 0.80) return [this.unknown()];
    if (r < 0.84) return [this.otherNotification()];
    return [this.badFrame()];
  }

  private frame(kind: string, msg: unknown, expect?: Expect): Frame {
    const m = msg as { id?: string | number };
    return { kind, body: Buffer.from(JSON.stringify(msg), 'utf8'), request: expect ? { id: m.id!, expect } : undefined };
  }

  private notify(kind: string, method: string, params: unknown): Frame {
    return this.frame(kind, { jsonrpc: '2.0', method, params });
  }

  private call(kind: string, method: string, params: unknown, expect: Expect): Frame {
    return this.frame(kind, { jsonrpc: '2.0', id: this.id(), method, params }, expect);
  }

  /** A position in `text`: mostly a real one, sometimes past the end of its line or of the text. */
  private position(text: string, offset: number): Position {
    const p = positionAt(text, offset);
    const r = this.random();
    if (r < 0.05) return { line: p.line, character: p.character + 1 + this.int(1000) };
    if (r < 0.08) return { line: text.split('\n').length + this.int(5), character: this.int(50) };
    return p;
  }

  private insertion(): string {
    const r = this.random();
    if (r < 0.03) return pasteBlock(20 + this.int(200), this.pastes++);
    if (r < 0.06) return this.pick([...this.originals.values()]);
    return this.pick(FRAGMENTS);
  }

  /** One ranged change of `text`, near `near` when given (so that changes of one message overlap). */
  private change(text: string, near?: number): ContentChange {
    const base = near ?? this.int(text.length + 1);
    const at = offSurrogate(text, Math.max(0, Math.min(text.length, near === undefined ? base : base + this.int(21) - 10)));
    const r = this.random();
    const len = r < 0.55 ? 0 : 1 + this.int(r < 0.97 ? 20 : 2000);
    const end = offSurrogate(text, Math.min(text.length, at + len));
    let start = this.position(text, at);
    let stop = this.position(text, end);
    if (offsetAt(text, stop) < offsetAt(text, start)) [start, stop] = [stop, start];
    return { range: { start, end: stop }, text: r < 0.55 || r >= 0.8 ? this.insertion() : '' };
  }

  /** An edit the model follows: one change, several overlapping ones, or a whole new text. */
  private edit(doc: FuzzDoc, { backwards = false } = {}): Frame {
    let text = doc.text!;
    const changes: ContentChange[] = [];
    if (this.random() < 0.03) {
      text = this.pick([...this.originals.values()]);
      changes.push({ text });
    } else {
      const n = this.random() < 0.15 ? 2 + this.int(3) : 1;
      let near: number | undefined;
      for (let k = 0; k < n; k++) {
        const c = this.change(text, near);
        near = offsetAt(text, c.range!.start);
        changes.push(c);
        text = applyChange(text, c);
      }
    }
    doc.text = text;
    // Versions that go back or stay put: the text still changes as the client says.
    doc.version = backwards ? doc.version - 1 - this.int(5) : doc.version + 1;
    return this.notify(backwards ? 'edit, version backwards' : changes.length > 1 ? 'edit, overlapping changes' : 'edit', 'textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: changes });
  }

  /** A change for a document that is closed or was never opened. */
  private editNowhere(): Frame {
    const closed = this.docs.filter((d) => !d.open).map((d) => d.uri);
    const uri = this.pick([...closed, ...this.elsewhere]);
    return this.notify('edit of a closed or unknown document', 'textDocument/didChange', {
      textDocument: { uri, version: this.int(100) },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
    });
  }

  /** A change with wrong types or a reversed range: its document's text becomes unknown. */
  private wrongEdit(): Frame {
    const doc = this.pick(this.docs);
    if (doc.open) doc.text = undefined;
    const j = () => this.pick(JUNK);
    const variants: unknown[] = [
      { textDocument: { uri: doc.uri, version: doc.version + 1 }, contentChanges: j() },
      { textDocument: { uri: doc.uri, version: j() }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: j() }] },
      { textDocument: { uri: doc.uri, version: doc.version + 1 }, contentChanges: [{ range: { start: { line: j(), character: j() }, end: { line: 0, character: 0 } }, text: 'y' }] },
      { textDocument: { uri: doc.uri, version: doc.version + 1 }, contentChanges: [{ range: { start: { line: 3, character: 4 }, end: { line: 1, character: 0 } }, text: 'reversed' }] },
      { textDocument: { uri: doc.uri, version: doc.version + 1 }, contentChanges: [{ range: j(), text: 'z' }, j()] },
      { textDocument: j(), contentChanges: [] },
      j(),
    ];
    return this.notify('edit with wrong types', 'textDocument/didChange', this.pick(variants));
  }

  private openDoc(): Frame {
    const r = this.random();
    if (r < 0.1) {
      return this.notify('open with wrong types', 'textDocument/didOpen', this.pick([
        { textDocument: { uri: this.markUnknown(), languageId: 'go', version: 1, text: this.pick(JUNK) } },
        { textDocument: { uri: this.markUnknown(), languageId: this.pick(JUNK), version: this.pick(JUNK), text: 'package fuzz\n' } },
        { textDocument: this.pick(JUNK) },
        this.pick(JUNK),
      ]));
    }
    if (r < 0.2) {
      const uri = this.pick(this.elsewhere);
      return this.notify('open outside the module', 'textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: 'package elsewhere\n\nfunc F() *int {\n\tv := 1\n\treturn &v\n}\n' } });
    }
    // A closed document mostly; an open one again now and then (the client forgot it had it).
    const closed = this.docs.filter((d) => !d.open);
    const doc = closed.length > 0 && r < 0.9 ? this.pick(closed) : this.pick(this.docs);
    const original = this.originals.get(doc.uri)!;
    const text = this.random() < 0.7 ? original : applyChange(original, this.change(original));
    Object.assign(doc, { open: true, text, version: this.int(10) });
    return this.notify(closed.includes(doc) ? 'open' : 'open again while open', 'textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'go', version: doc.version, text } });
  }

  /** A module document whose open state and text a hostile open leaves unknown. */
  private markUnknown(): string {
    const doc = this.pick(this.docs);
    doc.text = undefined;
    doc.open = true;
    return doc.uri;
  }

  private closeDoc(): Frame {
    const r = this.random();
    if (r < 0.1) return this.notify('close with wrong types', 'textDocument/didClose', this.pick([{ textDocument: this.pick(JUNK) }, this.pick(JUNK)]));
    const open = this.docs.filter((d) => d.open);
    if (r < 0.3 || open.length === 0) {
      const uri = this.pick([...this.docs.filter((d) => !d.open).map((d) => d.uri), ...this.elsewhere]);
      return this.notify('close of a closed or unknown document', 'textDocument/didClose', { textDocument: { uri } });
    }
    const doc = this.pick(open);
    Object.assign(doc, { open: false, text: undefined });
    return this.notify('close', 'textDocument/didClose', { textDocument: { uri: doc.uri } });
  }

  /** A document and a position in it: real, past the end, or in a document never opened. */
  private target(): { uri: string; position: Position; pastEnd: boolean } {
    const known = this.docs.filter((d) => d.open && d.text !== undefined);
    if (known.length === 0 || this.random() < 0.2) {
      const uri = this.pick([...this.elsewhere, ...this.docs.filter((d) => !d.open).map((d) => d.uri), 'not a uri', 'file:///%zz', 'untitled:Untitled-1', '']);
      return { uri, position: { line: this.int(40), character: this.int(80) }, pastEnd: false };
    }
    const doc = this.pick(known);
    const text = doc.text!;
    if (this.random() < 0.15) return { uri: doc.uri, position: { line: text.split('\n').length + this.int(1000), character: this.int(100000) }, pastEnd: true };
    return { uri: doc.uri, position: this.position(text, this.int(text.length + 1)), pastEnd: false };
  }

  private hover(): Frame {
    const t = this.target();
    return this.call(t.pastEnd ? 'hover past the end' : 'hover', 'textDocument/hover', { textDocument: { uri: t.uri }, position: t.position }, 'result');
  }

  private codeAction(): Frame {
    const t = this.target();
    const end = { line: t.position.line + this.int(3), character: this.int(40) };
    const only = this.random() < 0.3 ? { only: [this.pick(['quickfix', 'refactor.rewrite', 'source', ''])] } : {};
    return this.call(t.pastEnd ? 'code action past the end' : 'code action', 'textDocument/codeAction', { textDocument: { uri: t.uri }, range: { start: t.position, end }, context: { diagnostics: [], ...only } }, 'result');
  }

  private command(): Frame {
    const t = this.target();
    return this.call('execute command', 'workspace/executeCommand', this.pick([
      { command: 'goEscape.analyzeNow', arguments: [] },
      { command: 'goEscape.showWhy', arguments: ['https://example.invalid/rule'] },
      { command: 'goEscape.showWhy', arguments: [t.uri] },
      { command: 'goEscape.showWhy', arguments: [] },
      { command: 'no.such.command', arguments: [1, 2] },
    ]), 'result');
  }

  /** A request cancelled at once, or a cancellation of an answered, unknown or junk id. */
  private cancel(): Frame[] {
    const r = this.random();
    if (r < 0.5) {
      const req = this.random() < 0.7 ? this.hover() : this.codeAction();
      req.kind = `${req.kind}, cancelled at once`;
      req.request!.expect = 'result-or-cancelled';
      return [req, this.notify('cancel before the answer', '$/cancelRequest', { id: req.request!.id })];
    }
    const done = this.answered();
    if (r < 0.8 && done.length > 0) return [this.notify('cancel after the answer', '$/cancelRequest', { id: this.pick(done) })];
    return [this.notify('cancel of an unknown id', '$/cancelRequest', this.pick([{ id: 'never-sent' }, { id: 987654321 }, { id: this.pick(JUNK) }, this.pick(JUNK)]))];
  }

  /** A request of ours whose params are certain to have a wrong type somewhere. */
  private wrongRequest(): Frame {
    const j = () => this.pick(JUNK);
    const bad = (xs: unknown[]) => () => this.pick(xs);
    const [notObject, notString, notArray, notLine] = [bad(NOT_OBJECT), bad(NOT_STRING), bad(NOT_ARRAY), bad(NOT_UINTEGER)];
    const textDocument = { uri: this.pick(this.docs).uri };
    const start = { line: 0, character: 0 };
    const range = { start, end: { line: 1, character: 0 } };
    const variants: Record<string, (() => unknown)[]> = {
      'textDocument/hover': [
        notObject,
        () => ({ textDocument: notObject(), position: j() }),
        () => ({ textDocument: { uri: notString() }, position: start }),
        () => ({ textDocument, position: { line: notLine(), character: j() } }),
        () => ({ textDocument, range: j(), context: j() }),
      ],
      'textDocument/codeAction': [
        notObject,
        () => ({ textDocument, range: notObject(), context: j() }),
        () => ({ textDocument, range: { start: { line: 0, character: notLine() }, end: start }, context: { diagnostics: [] } }),
        () => ({ textDocument, range, context: { diagnostics: [j(), { range: j(), message: j() }] } }),
        () => ({ textDocument, range, context: notObject() }),
      ],
      'workspace/executeCommand': [
        notObject,
        () => ({ command: notString(), arguments: j() }),
        () => ({ command: 'goEscape.showWhy', arguments: notArray() }),
      ],
    };
    const method = this.pick(Object.keys(variants));
    return this.call(`${method} with wrong types`, method, this.pick(variants[method])(), 'invalid-params');
  }

  private unknown(): Frame {
    if (this.random() < 0.5) return this.call('unknown request', this.pick(UNKNOWN_REQUESTS), this.pick(JUNK), 'method-not-found');
    return this.notify('unknown notification', this.pick(['foo/bar', '$/unknownNotification', 'textDocument/didFoo', '$/setTrace', '$/logTrace']), this.pick(JUNK));
  }

  private otherNotification(): Frame {
    const doc = this.pick(this.docs);
    const j = () => this.pick(JUNK);
    return this.pick([
      () => this.notify('save', 'textDocument/didSave', { textDocument: { uri: doc.uri } }),
      () => this.notify('save with wrong types', 'textDocument/didSave', this.pick([{ textDocument: j() }, j()])),
      // Settings of the wrong types only: valid ones would change the verdicts legitimately.
      () => this.notify('configuration with wrong types', 'workspace/didChangeConfiguration', this.pick([
        { settings: { goEscape: { debounceMs: this.pick(['x', -5, null]), include: 5, severity: { moved: 7 }, goBinary: 42, buildFlags: [1], env: { GOFLAGS: 3 }, predictions: 'yes' } } },
        { settings: j() },
        j(),
      ])),
      () => this.notify('workspace folders with wrong types', 'workspace/didChangeWorkspaceFolders', this.pick([{ event: j() }, j()])),
      () => this.notify('progress with wrong types', '$/progress', { token: j(), value: j() }),
      () => this.notify('initialized again', 'initialized', j()),
    ])();
  }

  /**
   * A frame the server cannot take as a message, or a message that is not one it must answer:
   * what JSON-RPC answers with id null says so (nullReply); a frame with a bad header block is
   * skipped, and what follows it is read.
   */
  private badFrame(): Frame {
    const hover = () => ({ textDocument: { uri: this.pick(this.docs).uri }, position: { line: 0, character: 0 } });
    const raw = (kind: string, body: string | Buffer, nullReply?: number, header?: string): Frame => ({ kind, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), header, nullReply });
    const valid = JSON.stringify({ jsonrpc: '2.0', id: 'cut', method: 'textDocument/hover', params: hover() });
    return this.pick([
      () => raw('JSON cut short', valid.slice(0, 1 + this.int(valid.length - 2)), PARSE_ERROR),
      () => raw('not JSON', this.pick(['', ' ', 'hello', '{"jsonrpc":"2.0",}', "{'a':1}", '\u0000\u0001\u0002']), PARSE_ERROR),
      () => raw('bytes that are not UTF-8', this.pick([Buffer.from([0xff, 0xfe, 0x7b, 0x80, 0xc3, 0x28]), Buffer.from(`{"jsonrpc":"2.0","method":"x","params":"\xff"}`, 'latin1')]), PARSE_ERROR),
      () => raw('JSON that is not an object', this.pick(['[]', '42', '"str"', 'null', 'true', `[${JSON.stringify({ jsonrpc: '2.0', id: 'batch', method: 'shutdown' })}]`]), INVALID_REQUEST),
      () => raw('id of the wrong type', JSON.stringify({ jsonrpc: '2.0', id: this.pick([{}, [], true, null]), method: 'textDocument/hover', params: hover() }), INVALID_REQUEST),
      () => this.frame('method of the wrong type', { jsonrpc: '2.0', id: this.id(), method: this.pick([42, null, {}, ['shutdown']]), params: {} }, 'invalid-request'),
      () => {
        const [what, header] = this.pick(BAD_HEADERS);
        return raw(`bad header (${what})`, valid, undefined, header);
      },
      () => raw('a response nobody asked for', JSON.stringify(this.pick([{ jsonrpc: '2.0', id: 424242, result: {} }, { jsonrpc: '2.0', id: 'x', error: { code: 1, message: 'm' } }, { jsonrpc: '2.0', id: null, result: null }]))),
      // Read as the requests they are: no client sends these, and refusing them helps nobody.
      () => this.frame('wrong jsonrpc field', { jsonrpc: this.pick(['1.0', 2, null, '']), id: this.id(), method: 'textDocument/hover', params: hover() }, 'result'),
      () => this.frame('no jsonrpc field', { id: this.id(), method: 'textDocument/hover', params: hover() }, 'result'),
      () => {
        // LSP knows only UTF-8: another charset is read as UTF-8, and said in the log.
        const f = this.call('unknown charset', 'textDocument/hover', hover(), 'result');
        f.header = `Content-Length: ${f.body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=koi8-r\r\n\r\n`;
        return f;
      },
      () => {
        // Header names are case-insensitive and may come with others: this one must be answered.
        const f = this.call('lower-case header with extras', 'textDocument/hover', hover(), 'result');
        f.header = `content-length:   ${f.body.length}  \r\nX-Fuzz: 1\r\n\r\n`;
        return f;
      },
    ])();
  }
}
