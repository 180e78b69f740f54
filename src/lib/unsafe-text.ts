/**
 * Characters that text from outside (mail headers, section titles, link text) must not carry into an output as they
 * are: those XML 1.0 forbids, which make a feed ill-formed, and the Unicode bidirectional controls, which make text
 * read differently from what it is (a link reading `https://example.org` that points elsewhere).
 */

/** Characters XML 1.0 does not allow anywhere in a document: C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF. */
// With the u flag a surrogate class matches only a lone surrogate: a pair is one code point.
const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;

/** Other control characters no header or title needs: DEL and the C1 controls. */
const OTHER_CONTROLS = /[\u007f-\u009f]/g;

/** The Unicode bidirectional formatting characters: embeddings, overrides, isolates and the implicit marks. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A character as a person can name it: `U+001B`. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first control (but tab), XML-illegal or bidirectional formatting character of a one-line text, with its 1-based column; undefined when there is none. */
export function firstUnsafeCharacter(text: string): { char: string; column: number; kind: 'control' | 'bidi' } | undefined {
  let first: { char: string; column: number; kind: 'control' | 'bidi' } | undefined;
  for (const [pattern, kind] of [[XML_ILLEGAL, 'control'], [/[\n\r]/g, 'control'], [OTHER_CONTROLS, 'control'], [BIDI_CONTROLS, 'bidi']] as const) {
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    if (match && (!first || match.index < first.column - 1)) first = { char: match[0], column: match.index + 1, kind };
  }
  return first;
}

/** Text XML can hold: every character XML 1.0 forbids becomes U+FFFD, so a feed stays well-formed whatever reached it. */
export function xmlSafe(text: string): string {
  return text.replace(XML_ILLEGAL, '\ufffd');
}

/** Text with its bidirectional formatting characters shown as `<U+202E>`, so a reader sees them instead of their effect. */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `<${codePoint(char)}>`);
}

/** Whether the text holds a bidirectional formatting character. */
export function hasBidiControls(text: string): boolean {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(text);
}
