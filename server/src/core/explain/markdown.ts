// Markdown pieces shared by chains and hovers.

/** Inline code that survives backticks inside the code (raw strings in compiler text). */
export function code(text: string): string {
  let fence = '`';
  while (text.includes(fence)) fence += '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The text with its first letter in upper case, for a sentence that starts with it. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
