// Runs the typing path once on a private document while the server is idle after start.
// The first keystrokes of a session otherwise pay for compiling it: tree-sitter's incremental
// reparse (WebAssembly compiled on first use) and the JavaScript that carries declarations,
// predicts the edited function, moves entries and encodes a publish, which runs unoptimised at
// first. Nothing of it is sent or kept. It runs one keystroke per turn of the event loop, so
// that a real message is never held up by more than one, and stops at the first real edit.
import type { Parser } from 'web-tree-sitter';
import { findingRange } from '../core/ranges';
import type { Finding } from '../core/findings';
import { PredictionCache, predictFunctions } from '../core/predict/predictor';
import { isFunctionDecl, topLevelDecls } from '../core/treesitter/topLevel';
import { DocumentTree } from '../core/treesitter/documentTree';
import { DocEntries, entryOwning, functionLookupOf } from '../session/docEntries';
import { DEFAULT_SETTINGS } from '../session/settings';
import { DiagnosticBodies, ProtoContext } from '../lsp/toProto';
import { encodePublish } from '../lsp/wire/messageEncoder';

const FILE = '/go-escape/warm-up.go';

/**
 * A file of about 150 findings: the loops over a file's entries (moving, merging, encoding) must
 * run often enough for V8 to optimise them, as they will in a large file.
 */
const COPIES = 20;
const SOURCE = `package warm

import "fmt"
${Array.from({ length: COPIES }, (_, i) => `
type Item${i} struct {
	ID   int
	Name string
	Tags []string
}

func NewItem${i}(id int, name string) *Item${i} {
	it := Item${i}{ID: id, Name: name}
	it.Tags = make([]string, 0, 4)
	return &it
}

func (it *Item${i}) Describe() string {
	return fmt.Sprintf("%d:%s", it.ID, it.Name)
}

func Collect${i}(n int) []*Item${i} {
	out := make([]*Item${i}, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, NewItem${i}(i, fmt.Sprint(i)))
	}
	return out
}
`).join('')}`;
import { abortOnce } from '../core/util/abort';

/** Typed into a function body and then deleted again, one keystroke at a time. */
export const TYPED = '\n\tlabel := fmt.Sprint(id, name)\n\tit.Name = label';

/** Types the script into the private file; returns how many keystrokes it typed before `signal` stopped it. */
export async function warmUpTyping(parser: Parser, signal: AbortSignal): Promise<number> {
  let keystrokes = 0;
  if (signal.aborted) return keystrokes;
  const doc = new DocumentTree(parser, SOURCE);
  try {
    const cache = new PredictionCache();
    const tree = doc.tree;
    if (!tree) return keystrokes;
    const ctx: ProtoContext = {
      settings: DEFAULT_SETTINGS,
      uriOf: (f) => f,
      positionOf: () => ({ line: 0, character: 0 }),
      relatedInformation: false,
      codeDescription: false,
      testFile: false,
      ruleHref: (r) => r,
    };
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    // Predictions stand in for compiler results here: what matters is the work, not the verdicts.
    // They are made a function at a time, to keep each turn short.
    const findings: Finding[] = [];
    for (const d of topLevelDecls(tree).filter(isFunctionDecl)) {
      await turn();
      if (signal.aborted) return keystrokes;
      for (const f of predictFunctions(tree, FILE, doc.text, [{ start: d.start, end: d.end }], { cache })) findings.push(...f.findings);
    }
    const st = new DocEntries();
    const bodies = new DiagnosticBodies();
    st.setCompiler(findings.map((f) => entryOwning(f, findingRange(f, doc.lineIndex, tree))));
    doc.takeChangedRanges();
    const start = doc.text.indexOf('\treturn &it');
    let pos = doc.lineIndex.positionAt(start - 1);
    const typed: (typeof pos)[] = [];
    // A keystroke in steps, each in a turn of its own: the first ones run code not yet compiled,
    // and all of them at once held the event loop for longer than a request should wait.
    const keystroke = async (change: { range: { start: typeof pos; end: typeof pos }; text: string }) => {
      doc.applyChange(change);
      st.applyChange(change);
      const only = doc.takeChangedRanges();
      await turn();
      const predicted = predictFunctions(doc.tree!, FILE, doc.text, only, { cache }).flatMap((f) => f.findings);
      await turn();
      st.predictions = predicted.map((f) => ({ finding: f, range: findingRange(f, doc.lineIndex, doc.tree ?? undefined) }));
      const entries = st.merged(true, functionLookupOf(doc));
      await turn();
      encodePublish('untitled:warm-up', 0, entries.length, (i) => entries[i].range, (i) => bodies.bytes(entries[i].finding, ctx));
      keystrokes++;
    };
    for (const ch of TYPED) {
      await turn();
      if (signal.aborted) return keystrokes;
      await keystroke({ range: { start: pos, end: pos }, text: ch });
      typed.push(pos);
      pos = ch === '\n' ? { line: pos.line + 1, character: 0 } : { line: pos.line, character: pos.character + 1 };
    }
    for (let prev = typed.pop(); prev; prev = typed.pop()) {
      await turn();
      if (signal.aborted) return keystrokes;
      await keystroke({ range: { start: prev, end: pos }, text: '' });
      pos = prev;
    }
    return keystrokes;
  } finally {
    doc.delete();
  }
}

/**
 * Starts the warm-up once, after a document has had its first predictions (they are not delayed,
 * and they have compiled the predictor, which would otherwise make the warm-up's first turn
 * long), and stops it at the first real edit or at shutdown.
 */
export class WarmUp {
  private readonly controller = new AbortController();
  private started = false;

  constructor(private readonly log: (msg: string) => void) {}

  start(parser: Parser): void {
    if (this.started || this.controller.signal.aborted) return;
    this.started = true;
    setTimeout(() => {
      const t0 = performance.now();
      const signal = this.controller.signal;
      warmUpTyping(parser, signal).then(
        (n) => this.log(`typing path warm-up: ${n} keystrokes in ${Math.round(performance.now() - t0)} ms${signal.aborted ? ', stopped by an edit' : ''}`),
        (e) => this.log(`warm-up failed (harmless): ${(e as Error).message}`),
      );
    }, 50).unref();
  }

  stop(): void {
    abortOnce(this.controller);
  }
}
