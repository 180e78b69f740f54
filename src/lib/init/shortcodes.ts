/**
 * Hugo shortcodes on lines of their own (`{{< section md="true" >}}` … `{{< /section >}}`, or `{{% … %}}`): a website's
 * policy page wraps its text in them, and Markdown reads them as text, so the site would publish "{{}}" where they
 * were. Init takes those lines out; a shortcode inside a line of text is left as written, and reported.
 */

// A line that is one shortcode, opening or closing, and nothing else.
const SHORTCODE_LINE = /^[ \t]*\{\{[<%][^\n]*?[>%]\}\}[ \t]*$/;
// A shortcode anywhere in a line.
const SHORTCODE = /\{\{[<%].*?[>%]\}\}/;

/** What init did with the shortcodes of one revision's text. */
export interface ShortcodeLines {
  /** The text without the lines that held only a shortcode (blank lines around them kept as they were). */
  text: string;
  /** The lines taken out, as written. */
  removed: string[];
  /** The first shortcode left inside a line of text, when there is one. */
  inline?: string;
}

/** `text` without the lines that are only a Hugo shortcode; what went, and where one is left inside text. */
export function withoutShortcodeLines(text: string): ShortcodeLines {
  const removed: string[] = [];
  const kept: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    // (a fenced code block shows its lines as written: a shortcode there is an example)
    if (/^ {0,3}(?:```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && SHORTCODE_LINE.test(line)) removed.push(line.trim());
    else kept.push(line);
  }
  const inline = kept.map((line) => SHORTCODE.exec(line)?.[0]).find(Boolean);
  return { text: kept.join('\n'), removed, ...(inline ? { inline } : {}) };
}
