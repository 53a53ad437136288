// Reads the hover notes of test/fixtures/hover/*.go (see the comment at the top of hover.go):
// `HOVER "message regexp" "present" NOT "absent"` and `GROUP<=N "present" NOT "absent"`.
export interface HoverNote {
  line: number;
  /** The finding's message, or undefined for a GROUP note (every heap finding of the line). */
  message?: RegExp;
  maxLines?: number;
  present: string[];
  absent: string[];
}

const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

export function readHoverNotes(text: string): HoverNote[] {
  const out: HoverNote[] = [];
  text.split('\n').forEach((src, i) => {
    const at = src.search(/\/\/ (HOVER|GROUP)/);
    if (at < 0 || src.trimStart().startsWith('//')) return;
    let current: HoverNote | undefined;
    let negate = false;
    let needMessage = false;
    for (const m of src.slice(at + 3).matchAll(TOKEN)) {
      const [, quoted, word] = m;
      if (word === 'HOVER' || word?.startsWith('GROUP')) {
        const group = /^GROUP<=(\d+)$/.exec(word);
        if (word !== 'HOVER' && !group) throw new Error(`line ${i + 1}: bad note ${word}`);
        current = { line: i + 1, present: [], absent: [], maxLines: group ? Number(group[1]) : undefined };
        needMessage = word === 'HOVER';
        out.push(current);
        continue;
      }
      if (word === 'NOT') {
        negate = true;
        continue;
      }
      if (!current || quoted === undefined) throw new Error(`line ${i + 1}: unexpected ${word}`);
      const value = quoted.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      if (needMessage) {
        current.message = new RegExp(quoted.replace(/\\"/g, '"'));
        needMessage = false;
      } else (negate ? current.absent : current.present).push(value);
      negate = false;
    }
  });
  return out;
}
