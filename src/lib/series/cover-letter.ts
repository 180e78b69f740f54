/** The cover letter: git format-patch's template filled with the title, the blurb and the redline section by section in plain text. */
import { createHash } from 'node:crypto';
import { MAIL_WIDTH, wrapLine, type CoverRedlineText } from './cover-redline.ts';
import { describePatchChanges, wrapRangeDiff, type PatchChange } from './range-diff.ts';

/** What the cover letter says, besides git's own shortlog, diffstat and base-commit. */
export interface CoverContent {
  title: string;
  blurb: string;
  version: number;
  total: number;
  /** The redline between the base and the tip, as plain text per section; absent when no redline could be made. */
  redline?: CoverRedlineText;
  /** Where the whole redline is: "attached as redline-v2.html", or "on the proposal's page …" with its URL. */
  fullRedline?: { where: string; url?: string };
  /** From v2 on: the previous version, its patch count, the range-diff against it and the redline from its tip to this one. */
  previous?: { version: number; total: number; changes: PatchChange[]; redline?: CoverRedlineText };
}

/** Reads a title and blurb from a cover file or branch description: the first paragraph is the title, the rest the blurb. */
export function splitCoverText(text: string): { title: string; blurb: string } {
  const paragraphs = text.replace(/\r\n/g, '\n').trim().split(/\n[ \t]*\n/);
  const title = (paragraphs.shift() ?? '').split('\n').map((line) => line.trim()).join(' ').trim();
  return { title, blurb: paragraphs.join('\n\n').trim() };
}

/** The body that replaces git's "*** BLURB HERE ***": the blurb, the redline section by section, and what changed since the last version. */
export function coverBody(content: CoverContent): string {
  const parts: string[] = [];
  // The author's lines as written, but a long one (a paragraph on one line) wrapped for a plain-text reader.
  if (content.blurb) parts.push(content.blurb.split('\n').flatMap((line) => (line.length > MAIL_WIDTH ? wrapLine(line) : [line])).join('\n'));
  if (content.redline) {
    const marks = ['[-deleted-] {+inserted+}', /\{~/.test(content.redline.text) ? '; {~text~} is text whose formatting changed (emphasis, a link\'s target, a list\'s numbers)' : '', content.redline.text.includes('¶') ? '; ¶ is a paragraph split or joined there' : ''].join('');
    const lead = [`What changes, section by section. Words are marked as git diff --word-diff marks them: ${marks}.`];
    if (content.fullRedline) lead.push(`The whole redline is ${content.fullRedline.where}${content.fullRedline.url ? ':' : '.'}`);
    parts.push([...lead.flatMap((line) => wrapLine(line)), ...(content.fullRedline?.url ? [content.fullRedline.url] : [])].join('\n'));
    parts.push(content.redline.text || 'No change to the text of any section.', ...omittedNote(content.redline, content.fullRedline));
  }
  if (content.previous) {
    const lines = describePatchChanges(content.previous.changes, content.total, content.previous.total);
    parts.push(`Changes since v${content.previous.version}:\n\n${lines.flatMap((line) => wrapLine(line)).join('\n')}`);
    const since = content.previous.redline;
    if (since) {
      parts.push(wrapLine(`The same changes in words, section by section (v${content.previous.version} against v${content.version}):`).join('\n'));
      parts.push(since.text || `No change to the text of any section since v${content.previous.version}.`, ...omittedNote(since, content.fullRedline));
    }
  }
  return mailSafe(parts.join('\n\n'));
}

/** Says which sections were left out to keep the mail small, and where to read them. */
function omittedNote(text: CoverRedlineText, fullRedline: CoverContent['fullRedline']): string[] {
  if (!text.omitted.length) return [];
  const where = fullRedline ? ` (the whole redline is ${fullRedline.url ?? fullRedline.where})` : '';
  return [wrapLine(`Left out to keep this mail within a mailing list's size limit${where}: ${text.omitted.join('; ')}.`).join('\n')];
}

/** Keeps text from being read as mail structure: a "From " line as a new message, a "---" or "diff -" line as the start of a patch. */
export function mailSafe(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^(From |---|diff -|Index: )/.test(line) ? ` ${line}` : line))
    .join('\n');
}

/** Fills git's cover letter template: the subject after the prefix, and the blurb. */
export function fillCoverTemplate(template: string, title: string, body: string): string {
  if (!template.includes('*** SUBJECT HERE ***') || !template.includes('*** BLURB HERE ***')) {
    throw new Error('git format-patch wrote a cover letter without its "*** SUBJECT HERE ***" and "*** BLURB HERE ***" placeholders');
  }
  return wrapRangeDiff(template.replace('*** SUBJECT HERE ***', () => encodeHeaderText(title)).replace('*** BLURB HERE ***', () => body));
}

/**
 * RFC 2047: ASCII stays as it is; anything else becomes UTF-8 base64 encoded-words of at most 75 characters, on one
 * line (b4 0.12 cannot read a folded Subject from a file).
 */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    const next = chunk + character;
    if (Buffer.byteLength(next) > 45) {
      words.push(chunk);
      chunk = character;
    } else chunk = next;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join(' ');
}

const MIME_HEADER = /^(mime-version|content-type|content-transfer-encoding):/i;

/**
 * Turns a plain cover letter into multipart/mixed: its text as the first part, `html` as a base64 attachment.
 * A cover letter is never applied by git am, and git mailinfo reads multipart mail, so the series still applies.
 */
export function attachHtml(message: string, filename: string, html: string): string {
  const split = message.indexOf('\n\n');
  const body = message.slice(split + 2);
  // Whole headers (a header and its folded continuation lines), without the old MIME declaration.
  const headers = message
    .slice(0, split)
    .split(/\n(?![ \t])/)
    .filter((header) => !MIME_HEADER.test(header));
  const boundary = `policy-series-${createHash('sha256').update(message).update(html).digest('hex').slice(0, 24)}`;
  const base64 = Buffer.from(html, 'utf8').toString('base64').replace(/.{1,76}/g, '$&\n');
  return [
    ...headers,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body.replace(/\n+$/, ''),
    `--${boundary}`,
    `Content-Type: text/html; charset=UTF-8; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64 + `--${boundary}--`,
    '',
    '',
  ].join('\n');
}
