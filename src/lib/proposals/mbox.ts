/**
 * Reads the messages of an mbox: split by `git mailsplit`, each mail then read in process as `git mailinfo` reads it
 * (mail-decode.ts).
 * Refuses, before git sees it, an mbox larger than any real policy series, and every mail whose headers,
 * message or diff git cannot decode to UTF-8, naming the mail by its place, its subject and its mbox line.
 */
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError, UsageError, type Problem } from '../errors.ts';
import { git } from '../git.ts';
import { withTempFolder } from '../temp-folder.ts';
import { readSender, unsafeHeaderReason } from './headers.ts';
import { decodeMail, strictUtf8 } from './mail-decode.ts';
import { parseSubject } from './subject.ts';

/**
 * What `policy import` reads at most. A policy series is a few patches and well under 1 MiB, even with
 * the HTML redline `policy series` attaches; these bounds are far beyond that and keep a hostile mbox
 * from costing minutes or gigabytes of memory.
 */
export const MBOX_LIMITS = {
  /** Bytes of the whole mbox. */
  bytes: 16 * 1024 * 1024,
  /** Mails in the mbox: cover letter, patches and any replies. */
  mails: 500,
  /** Patches in the series (the n of `[PATCH k/n]`). */
  patches: 200,
  /** Characters of a Subject, a sender's name or a Message-Id once decoded: the longest line RFC 5322 allows. */
  headerCharacters: 998,
} as const;

/** Name prefix of the temporary folder an mbox is split in; the process id follows. */
const MBOX_TEMP_PREFIX = 'policy-mbox-';

/** One mail of a series, as git reads it. */
export interface MailMessage {
  /** 1-based position in the mbox. */
  position: number;
  /** 1-based line of the mbox where the mail starts, when found. */
  line?: number;
  /** The Message-Ids it answers, nearest first: In-Reply-To, then References from the last. */
  answers: string[];
  /** Subject as sent, prefix kept (`[PATCH v2 1/3] ...`). */
  subject: string;
  author: string;
  email: string;
  /** The Date header as sent. */
  date: string;
  /** Message-Id without angle brackets; empty when the mail has none. */
  messageId: string;
  /** The commit message (or the cover letter's text), as `git mailinfo` would give it. */
  body: string;
  /** The patch part (empty for a cover letter). */
  patch: string;
  /** The mail's bytes as split from the mbox, for `git am`. */
  raw: Buffer;
}

/** Where a refusal about a mail points: the mbox, and the line the mail starts at when known. */
export function mailPlace(file: string, mail: { line?: number }): { file: string; line?: number } {
  return { file, ...(mail.line !== undefined ? { line: mail.line } : {}) };
}

/** How a refusal names a mail (its mbox line is the problem's line): its place and its subject. */
export function mailName(mail: { position: number; subject: string }): string {
  return `message ${mail.position} "${mail.subject}"`;
}

/** The header block of a raw mail, folded lines joined, as latin1 text (one character per byte). */
function rawHeaders(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

/** One raw header's value, or undefined. */
function rawHeader(raw: Buffer, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(rawHeaders(raw))?.[1];
}

/** The Message-Id header of one mail, without its angle brackets; empty when it has none. */
export function messageIdOf(raw: Buffer): string {
  const match = /^<?([^>\s]+)>?/.exec(rawHeader(raw, 'message-id') ?? '');
  return match ? match[1]! : '';
}

/** The Message-Ids a mail answers, nearest first: its In-Reply-To, then its References from the last; no duplicates. */
export function answeredIds(raw: Buffer): string[] {
  const ids = (value: string | undefined) => [...(value ?? '').matchAll(/<([^>\s]+)>/g)].map((match) => match[1]!);
  return [...new Set([...ids(rawHeader(raw, 'in-reply-to')), ...ids(rawHeader(raw, 'references')).reverse()])];
}

/** A raw header shown safely in a message: printable ASCII as is, every other byte as \xNN, cut short. */
function printable(value: string): string {
  const shown = value.replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}

/** The 1-based line of the mbox where each split mail starts (searched in order; undefined when not found). */
function mailLines(mbox: Buffer, mails: Buffer[]): (number | undefined)[] {
  let offset = 0;
  let line = 1;
  return mails.map((raw) => {
    const first = raw.subarray(0, Math.max(0, raw.indexOf(0x0a))).toString('latin1').replace(/\r$/, '');
    const at = first ? mbox.indexOf(first, offset, 'latin1') : -1;
    if (at < 0) return undefined;
    for (let i = offset; i < at; i++) if (mbox[i] === 0x0a) line++;
    // Past this mail's first character (not a newline), so a next mail with the same "From " line is found after it.
    offset = at + 1;
    return line;
  });
}

/** Where a patch first has bytes that are not UTF-8: the file (from its `+++ b/` line) and the hunk header; undefined when it is all UTF-8. */
export function firstNonUtf8(patch: Buffer): { file: string; hunk: string } | undefined {
  let file = '(before the first file)';
  let hunk = '';
  let start = 0;
  while (start < patch.length) {
    const newline = patch.indexOf(0x0a, start);
    const end = newline < 0 ? patch.length : newline;
    const line = strictUtf8(patch.subarray(start, end));
    start = end + 1;
    if (line === undefined) return { file, hunk };
    const target = /^\+\+\+ (?:b\/)?(.*)$/.exec(line);
    if (target) [file, hunk] = [target[1]!, ''];
    else if (line.startsWith('@@')) hunk = /^@@[^@]*@@/.exec(line)?.[0] ?? line;
  }
  return undefined;
}

/** Why the mbox `display` cannot be read, in words: no such file, a folder, or the system's own message. */
function unreadableMbox(display: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `no such file ${display}; give the mbox of the series (as "git format-patch" or "policy series" wrote it, or as your mail client saved it)`;
  if (error.code === 'EISDIR') return `${display} is a folder; give the mbox file of the series`;
  return `cannot read ${display}: ${error.message}`;
}

/** Reads an mbox file, refusing one larger than MBOX_LIMITS.bytes before (or while) reading it. */
export async function readMboxFile(file: string, display: string): Promise<Buffer> {
  const tooLarge = (size: string) =>
    new PolicyError({
      file: display,
      rule: 'import-limit',
      message: `is ${size}; policy import reads at most ${MBOX_LIMITS.bytes / 1024 / 1024} MiB (a policy series is well under 1 MiB); check that this is the series you meant`,
    });
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new UsageError(unreadableMbox(display, error as NodeJS.ErrnoException));
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile() && stat.size > MBOX_LIMITS.bytes) throw tooLarge(`${(stat.size / 1024 / 1024).toFixed(1)} MiB`);
    // Room for the file as its size says (a pipe or device has none), grown while it reads on, up to one byte past the
    // limit: a buffer of the limit for every mbox of a few kilobytes cost each import 16 MiB to clear.
    let buffer = Buffer.allocUnsafe(stat.isFile() ? stat.size + 1 : 64 * 1024);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer], Math.min(buffer.length * 2, MBOX_LIMITS.bytes + 1));
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MBOX_LIMITS.bytes) throw tooLarge(`larger than ${MBOX_LIMITS.bytes / 1024 / 1024} MiB`);
    }
    return Buffer.from(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw new UsageError(unreadableMbox(display, error as NodeJS.ErrnoException));
  } finally {
    await handle.close();
  }
}

/** Refuses an mbox beyond MBOX_LIMITS before any mail is split: its bytes, and its mails counted by their "From " lines. */
function checkMboxSize(mbox: Buffer, file: string): void {
  const limit = (message: string) => new PolicyError({ file, rule: 'import-limit', message });
  if (mbox.length > MBOX_LIMITS.bytes) throw limit(`is ${(mbox.length / 1024 / 1024).toFixed(1)} MiB; policy import reads at most ${MBOX_LIMITS.bytes / 1024 / 1024} MiB`);
  // Every mail starts with a "From " line, so their count bounds the mails git mailsplit finds.
  let separators = mbox.subarray(0, 5).toString('latin1') === 'From ' ? 1 : 0;
  for (let at = mbox.indexOf('\nFrom ', 0, 'latin1'); at >= 0; at = mbox.indexOf('\nFrom ', at + 1, 'latin1')) {
    if (++separators > MBOX_LIMITS.mails) {
      throw limit(`holds more than ${MBOX_LIMITS.mails} mails; policy import reads at most ${MBOX_LIMITS.mails} (a series of at most ${MBOX_LIMITS.patches} patches, its cover letter and replies); give the mbox of one series`);
    }
  }
}

/**
 * Refuses an mbox that git read as one mail although several of its lines start a mail (a "From " line with a header
 * under it): their dates are not in the form git reads, as a delivery script writing `date`'s own form
 * ("... 16:18:35 UTC 2026") makes them, and the series would otherwise be refused as missing its patches.
 */
function refuseUnreadSeparators(mbox: Buffer, file: string): void {
  const lines = mbox.toString('latin1').split('\n');
  const starts = lines.flatMap((line, index) => (line.startsWith('From ') && /^[!-9;-~]+:/.test(lines[index + 1] ?? '') ? [index + 1] : []));
  if (starts.length < 2) return;
  throw new PolicyError({
    file,
    line: starts[0]!,
    rule: 'import-series',
    message: `holds ${starts.length} mails by their "From " lines, but git reads it as one: their form is not the one git reads ("${printable(lines[starts[0]! - 1]!.slice(0, 80))}"; git reads "From <address> <weekday> <month> <day> <hh:mm:ss> <year>", as mutt and git format-patch write it); save the thread again as an mbox from the mail client or the list's archive`,
  });
}

/** How a mail is named in a refusal: its place, the patch number its subject gives, and the subject as sent. */
function mailLabel(position: number, raw: Buffer, subject?: string): string {
  const shown = subject ?? printable(rawHeader(raw, 'subject') ?? '');
  const numbered = /\[[^\]]*?\b(\d+)\/(\d+)\b[^\]]*\]/.exec(shown);
  return `message ${position}${numbered ? ` (patch ${numbered[1]}/${numbered[2]})` : ''} "${shown}"`;
}

const RESEND = 'ask the sender to send the series again with git format-patch and git send-email (which encode headers as UTF-8), or correct the header in the mbox';

/**
 * Splits an mbox (or a single mail) into its messages and reads each as `git mailinfo -k` does. `file` names
 * the mbox in refusals: one beyond MBOX_LIMITS, and each mail git cannot decode to UTF-8.
 */
export async function readMbox(mbox: Buffer, file = 'the mbox'): Promise<MailMessage[]> {
  checkMboxSize(mbox, file);
  if (!/\S/.test(mbox.subarray(0, 64 * 1024).toString('latin1'))) {
    throw new PolicyError({ file, rule: 'import-series', message: 'is empty; give the mbox that "git format-patch" or "policy series" wrote, or save the series from your mail client as an mbox' });
  }
  // Removed however the import ends; one left by SIGKILL is named by its process, so the next run removes it.
  return withTempFolder(MBOX_TEMP_PREFIX, async (dir) => {
    const source = path.join(dir, 'series.mbox');
    await writeFile(source, mbox);
    const splitDir = path.join(dir, 'split');
    await mkdir(splitDir);
    const split = await git(['mailsplit', '-b', `-o${splitDir}`, '--', source], { cwd: dir, okCodes: [1, 128] });
    if (split.code !== 0) {
      // git names its own temporary copy of the mbox; the user gave `file`.
      throw new PolicyError({ file, rule: 'import-series', message: 'is not an mbox git can split into mails (no "From " line starts a mail); give the mbox that "git format-patch" or "policy series" wrote' });
    }
    const names = (await readdir(splitDir)).sort();
    if (names.length === 1) refuseUnreadSeparators(mbox, file);
    const raws = await Promise.all(names.map((name) => readFile(path.join(splitDir, name))));
    const lines = mailLines(mbox, raws);
    const messages: MailMessage[] = [];
    const problems: Problem[] = [];
    for (const [offset, raw] of raws.entries()) {
      const position = offset + 1;
      const where = { file, ...(lines[offset] !== undefined ? { line: lines[offset] } : {}), rule: 'import-headers' };
      const decoded = decodeMail(raw);
      if (!decoded.ok) {
        if (decoded.where === 'message') {
          problems.push({ ...where, message: `${mailLabel(position, raw)}: its message is ${decoded.reason === 'not valid UTF-8' ? 'not valid UTF-8 (the Content-Type charset is missing or wrong)' : `in a charset that cannot be read (${decoded.reason})`}; ask the sender to send the series again with git send-email, which declares the charset` });
        } else if (decoded.header) {
          problems.push({ ...where, message: `${mailLabel(position, raw)}: its ${decoded.header} header is not valid UTF-8 once decoded (raw 8-bit bytes, a wrong charset or a broken encoded-word); ${RESEND}` });
        } else {
          problems.push({ ...where, message: `${mailLabel(position, raw)} has headers that cannot be decoded (${decoded.reason}); ${RESEND}` });
        }
        continue;
      }
      const subject = decoded.subject;
      const sender = await readSender(raw);
      if (!sender && rawHeader(raw, 'from') === undefined && rawHeader(raw, 'subject') === undefined) {
        // A file of text given as the mbox: git mailsplit takes a file without a "From " line as one mail.
        problems.push({ ...where, message: `message ${position} is not a mail: it has no From or Subject header; give the mbox that "git format-patch" or "policy series" wrote, or save the series from your mail client as an mbox` });
        continue;
      }
      if (!sender) {
        problems.push({ ...where, message: `${mailLabel(position, raw, printable(subject))}: its From header is not one name and address a mail parser reads for certain (an unbalanced quote or bracket?): From: ${printable(rawHeader(raw, 'from') ?? '')}; ${RESEND}` });
        continue;
      }
      const messageId = messageIdOf(raw);
      const unsafe = ([['Subject', subject], ['From', sender.name], ['Message-Id', messageId]] as const).flatMap(([header, value]) => {
        // Shown as page titles, feed entries and links: a header longer than a mail line is no title but a flood.
        if (value.length > MBOX_LIMITS.headerCharacters) return [`its ${header} header is ${value.length.toLocaleString('en')} characters long; policy import takes at most ${MBOX_LIMITS.headerCharacters}`];
        const reason = unsafeHeaderReason(value);
        return reason ? [`its ${header} header ${reason}`] : [];
      });
      if (unsafe.length) {
        problems.push({ ...where, message: `${mailLabel(position, raw, printable(subject))}: ${unsafe.join('; ')}; ${RESEND}` });
        continue;
      }
      const total = parseSubject(subject);
      if (total.isPatch && total.total > MBOX_LIMITS.patches) {
        throw new PolicyError({ ...where, rule: 'import-limit', message: `${mailLabel(position, raw, subject)} numbers a series of ${total.total} patches; policy import takes at most ${MBOX_LIMITS.patches}; split the proposal into smaller series` });
      }
      const patchBytes = decoded.patch;
      const patch = strictUtf8(patchBytes);
      if (patch === undefined) {
        const broken = firstNonUtf8(patchBytes);
        const at = broken?.hunk ? `the hunk ${broken.hunk} of ${broken.file}` : (broken?.file ?? 'its diff');
        problems.push({ ...where, rule: 'import-encoding', message: `${mailLabel(position, raw, subject)}: ${at} is not valid UTF-8; the policy is UTF-8 text, so ask the sender to save the file as UTF-8 and send the series again` });
        continue;
      }
      messages.push({
        position,
        ...(lines[offset] !== undefined ? { line: lines[offset] } : {}),
        answers: answeredIds(raw),
        subject,
        author: sender.name,
        email: sender.address,
        date: decoded.date,
        messageId,
        body: decoded.message.replace(/\n+$/, ''),
        patch,
        raw,
      });
    }
    if (problems.length) throw new PolicyError(problems);
    return messages;
  });
}
