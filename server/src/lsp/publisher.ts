// Publishes a document's diagnostics whenever the session says it changed: the entries of the
// categories the settings include, at most MAX_PER_FILE, written straight into one message.
import type { Connection } from 'vscode-languageserver/node';
import type { Entry } from '../session/docEntries';
import type { Session } from '../session/session';
import { DiagnosticBodies, ProtoContext } from './toProto';
import { encodePublish } from './wire/messageEncoder';

/** VS Code shows at most this many diagnostics per file; more is noise anyway. */
export const MAX_PER_FILE = 1000;
/**
 * Above this many diagnostics in a file, they go out without related information and rule links
 * (the hover still shows both): every keystroke republishes the whole file, and these extras
 * make it about three times larger, in the server, in transit and in the client.
 */
export const MAX_DETAILED_PER_FILE = 200;

/**
 * Whether a file's diagnostics carry those extras, given whether its last publish did. A file that
 * lost them gets them back only below 90% of the limit: near it, typing would otherwise switch
 * on every keystroke, and each switch rebuilds every diagnostic of the file.
 */
export function detailedDiagnostics(wasDetailed: boolean, count: number): boolean {
  return count <= (wasDetailed ? MAX_DETAILED_PER_FILE : Math.floor(MAX_DETAILED_PER_FILE * 0.9));
}

/**
 * The entries a publish carries: those of the categories the settings include, at most
 * MAX_PER_FILE. Usually that is all of them, and then the merged list itself is sent.
 */
export function shownEntries(all: Entry[], include: ReadonlySet<string>): Entry[] {
  let i = 0;
  while (i < all.length && i < MAX_PER_FILE && include.has(all[i].finding.category)) i++;
  if (i === all.length) return all;
  // Sized once and cut to length, as in DocEntries.merged.
  const shown = new Array<Entry>(Math.min(all.length, MAX_PER_FILE));
  let n = 0;
  for (let j = 0; j < all.length && n < MAX_PER_FILE; j++) if (include.has(all[j].finding.category)) shown[n++] = all[j];
  shown.length = n;
  return shown;
}

export interface PublishCapabilities {
  relatedInformation: boolean;
  codeDescription: boolean;
}

export class Publisher {
  private readonly bodies = new DiagnosticBodies();
  /** Documents whose last publish went out without related information and rule links. */
  private readonly plain = new Set<string>();

  constructor(private readonly connection: Connection, private readonly session: Session, private readonly caps: PublishCapabilities) {}

  publish(uri: string): void {
    const v = this.session.view(uri);
    if (!v) return;
    const settings = v.settings;
    const shown = shownEntries(v.entries(), settings.include);
    const detailed = detailedDiagnostics(!this.plain.has(uri), shown.length);
    if (detailed) this.plain.delete(uri);
    else this.plain.add(uri);
    const ctx: ProtoContext = {
      settings,
      uriOf: (f) => this.session.docs.uriOfFile(f),
      positionOf: (f, l, c) => this.session.positions.position(f, l, c),
      goVersion: v.goVersion,
      reasons: v.pkg?.reasons,
      relatedInformation: this.caps.relatedInformation && settings.relatedInformation && detailed,
      codeDescription: this.caps.codeDescription && detailed,
    };
    void this.connection.sendDiagnostics(encodePublish(uri, v.doc.doc.version, shown.length, (i) => shown[i].range, (i) => this.bodies.bytes(shown[i].finding, ctx)));
  }

  clear(uri: string): void {
    this.plain.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
