/**
 * What a mailing list and the maintainer's tools need of every mail of a series: a size under the list's limit, a
 * Subject on one header line (b4 0.12 cannot read a folded one from a file), one declared charset and transfer
 * encoding (else git send-email stops to ask, and b4 cannot apply the mail).
 */
import type { Problem } from '../errors.ts';
import { commitLabel, type SeriesCommit } from './commits.ts';

/** Mailman's default `max_message_size`: 40 KB. */
export const DEFAULT_MAX_MAIL_BYTES = 40 * 1024;

/** The longest line mail allows (RFC 5322 2.1.1: 998 characters); a header is unfolded up to it. */
export const MAX_LINE = 998;

/** One written mail of the series, with the commit it carries (none for the cover letter). */
export interface SeriesMail {
  file: string;
  text: string;
  commit?: SeriesCommit;
}

/** The header block of a mail as its lines, folded continuations kept as separate lines. */
function headerLines(text: string): string[] {
  const end = text.indexOf('\n\n');
  return (end < 0 ? text : text.slice(0, end)).split('\n');
}

/**
 * Joins the folded lines of the headers b4 0.12 copies into a new message (From, Date, Subject) into one line each:
 * b4 am reading a file refuses a header value with a line break. Unfolding never changes a header's meaning (RFC 5322
 * 2.2.3); the line may pass the 78 characters mail recommends, which git send-email and b4 take, but not the 998 it
 * allows (the Subject is checked for that: it is the author's to shorten).
 */
export function unfoldHeaders(text: string, names = ['from', 'date', 'subject']): string {
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const headers = head.split(/\n(?![ \t])/).map((header) => {
    const name = header.slice(0, header.indexOf(':')).toLowerCase();
    return names.includes(name) ? header.replace(/\n[ \t]+/g, ' ') : header;
  });
  return headers.join('\n') + (end < 0 ? '' : text.slice(end));
}

/** The headers a mail may carry once (RFC 2045), which git writes again beside those it is given for a non-ASCII mail. */
const ONCE = ['mime-version', 'content-type', 'content-transfer-encoding'];

/** `text` with a second header of the same name and value as an earlier one dropped, for the headers a mail carries once. */
export function withoutRepeatedHeaders(text: string): string {
  const end = text.indexOf('\n\n');
  if (end < 0) return text;
  const seen = new Set<string>();
  const headers = text
    .slice(0, end)
    .split(/\n(?![ \t])/)
    .filter((header) => {
      const name = header.slice(0, header.indexOf(':')).toLowerCase();
      if (!ONCE.includes(name)) return true;
      const key = header.toLowerCase().replace(/\s+/g, ' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return headers.join('\n') + text.slice(end);
}

/** The Subject header of a mail: its first line and the continuation lines folded under it. */
export function subjectLines(text: string): string[] {
  const lines = headerLines(text);
  const start = lines.findIndex((line) => /^subject:/i.test(line));
  if (start < 0) return [];
  let end = start + 1;
  while (end < lines.length && /^[ \t]/.test(lines[end]!)) end++;
  return lines.slice(start, end);
}

/** How a Subject that does not fit on one line of mail is refused: by how much, and what to do. */
export function subjectProblem(file: string, subjectHeader: string, owner: string, fix: string): Problem | undefined {
  const subjectLine = subjectHeader.replace(/\n[ \t]+/g, ' ');
  if (subjectLine.length <= MAX_LINE) return undefined;
  const encoded = /=\?[^?]+\?[bq]\?/i.test(subjectLine);
  const over = encoded ? 'once its non-ASCII characters are encoded' : `by ${subjectLine.length - MAX_LINE} characters`;
  return { file, rule: 'series-subject', message: `${owner} makes the Subject header longer than the ${MAX_LINE} characters of a line of mail ${over}. ${fix}` };
}

/** Checks each mail: size, one-line Subject, no body line an mbox reader takes for a new message, declared charset and transfer encoding. */
export function checkSeriesMails(mails: SeriesMail[], maxBytes: number): Problem[] {
  const problems: Problem[] = [];
  for (const mail of mails) {
    const owner = mail.commit ? `the subject of ${commitLabel(mail.commit)}` : 'the series title';
    const fix = mail.commit ? 'Shorten it (git rebase -i <base>, "reword").' : 'Shorten the first paragraph of the branch description (git branch --edit-description) or of --cover FILE.';
    const subject = subjectLines(mail.text);
    const problem = subjectProblem(mail.file, subject.join('\n'), owner, fix);
    if (problem) problems.push(problem);
    const bytes = Buffer.byteLength(mail.text);
    if (bytes > maxBytes) {
      const what = mail.commit ? `the mail of ${commitLabel(mail.commit)}` : 'the cover letter';
      const fix2 = mail.commit ? 'split the commit into smaller ones' : 'leave out --attach-redline, or shorten the blurb';
      problems.push({
        file: mail.file,
        rule: 'series-size',
        message: `${what} is ${(bytes / 1024).toFixed(1)} KB, over the ${Math.round(maxBytes / 1024)} KB a mailing list accepts by default (Mailman holds bigger mails for moderation); ${fix2}, or pass --max-mail-size KB if your list takes more`,
      });
    }
    // Past the header block (and the mbox's own first "From <commit> <date>" line), a line that starts with "From "
    // begins a new message to b4 and mail clients reading the thread's mbox: the mail would be split there.
    // (the cover letter is the tool's to write: mailSafe keeps such lines off the start of a line)
    const fromLine = mail.commit
      ? mail.text
          .slice(mail.text.indexOf('\n\n') + 2)
          .split('\n')
          .find((line) => line.startsWith('From '))
      : undefined;
    if (mail.commit && fromLine !== undefined) {
      problems.push({
        file: mail.file,
        rule: 'series-from-line',
        message: `the message of ${commitLabel(mail.commit)} has a line that starts with "From " ("${fromLine.slice(0, 40)}"), which begins a new message in an mbox file: b4 and mail clients reading the thread would split the mail there; reword it (git rebase -i <base>, "reword") so that the line starts otherwise`,
      });
    }
    const headers = headerLines(mail.text).join('\n');
    // A multipart cover letter (--attach-redline) declares charset and encoding in each part.
    const declared = /^content-type:\s*multipart\/mixed;/im.test(headers) || (/^content-type:\s*text\/plain;\s*charset="?utf-8"?/im.test(headers) && /^content-transfer-encoding:/im.test(headers));
    if (!declared) problems.push({ file: mail.file, rule: 'series-charset', message: 'declares no "Content-Type: text/plain; charset=UTF-8" and transfer encoding; git send-email would ask which 8-bit encoding to declare' });
  }
  return problems;
}
