/** The cover letter: git format-patch's template filled with the title, the blurb and what changes section by section, then the redline attached. */
import { createHash } from 'node:crypto';
import type { RedlineSummary } from '../redline/types.ts';
import { describePatchChanges, type PatchChange } from './range-diff.ts';

/** What the cover letter says, besides git's own shortlog, diffstat and base-commit. */
export interface CoverContent {
  title: string;
  blurb: string;
  version: number;
  total: number;
  /** Per-section summary of the redline between the base and the tip; absent when no redline could be made. */
  sections?: RedlineSummary;
  /** File name of the attached (or accompanying) redline. */
  redlineFile?: string;
  /** From v2 on: the previous version, its patch count and the range-diff against it. */
  previous?: { version: number; total: number; changes: PatchChange[] };
}

/** Reads a title and blurb from a cover file or branch description: the first paragraph is the title, the rest the blurb. */
export function splitCoverText(text: string): { title: string; blurb: string } {
  const paragraphs = text.replace(/\r\n/g, '\n').trim().split(/\n[ \t]*\n/);
  const title = (paragraphs.shift() ?? '').split('\n').map((line) => line.trim()).join(' ').trim();
  return { title, blurb: paragraphs.join('\n\n').trim() };
}

/** The body that replaces git's "*** BLURB HERE ***". */
export function coverBody(content: CoverContent): string {
  const parts: string[] = [];
  if (content.blurb) parts.push(mailSafe(content.blurb));
  const changed = content.sections?.sections.filter((section) => section.status !== 'unchanged' || section.insertions + section.deletions + section.moves + section.formatting > 0) ?? [];
  if (content.sections) {
    const where = content.redlineFile ? ` (redline attached as ${content.redlineFile})` : '';
    const lines = changed.map((section) => `- ${section.title} (#${section.id}): ${sectionChange(section)}`);
    parts.push(`What changes, section by section${where}:\n\n${lines.length ? lines.join('\n') : '- no change to the text of any section'}`);
  }
  if (content.previous) {
    const lines = describePatchChanges(content.previous.changes, content.total, content.previous.total);
    parts.push(`Changes since v${content.previous.version}:\n\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}

/** "modified, 3 insertions, 1 deletion, 1 move". */
function sectionChange(section: RedlineSummary['sections'][number]): string {
  const count = (n: number, word: string) => (n ? `${n} ${word}${n === 1 ? '' : 's'}` : '');
  const counts = [count(section.insertions, 'insertion'), count(section.deletions, 'deletion'), count(section.moves, 'move'), count(section.formatting, 'formatting change')].filter(Boolean);
  return [section.status, ...counts].join(', ');
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
  return template.replace('*** SUBJECT HERE ***', () => encodeHeaderText(title)).replace('*** BLURB HERE ***', () => body);
}

/** RFC 2047: ASCII stays as it is; anything else becomes UTF-8 base64 encoded-words of at most 75 characters, folded. */
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
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\n ');
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

/** Declares UTF-8 for a plain cover letter with non-ASCII text, which git leaves undeclared. */
export function declareUtf8(message: string): string {
  const split = message.indexOf('\n\n');
  if (/^[\x00-\x7f]*$/.test(message) || /^content-type:/im.test(message.slice(0, split))) return message;
  return `${message.slice(0, split)}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit${message.slice(split)}`;
}
