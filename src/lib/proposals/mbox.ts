/** Reads the messages of an mbox with git's own mail tools: `git mailsplit`, then `git mailinfo` on each. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git } from '../git.ts';

/** One mail of a series, as git reads it. */
export interface MailMessage {
  /** 1-based position in the mbox. */
  position: number;
  /** Subject as sent, prefix kept (`[PATCH v2 1/3] ...`). */
  subject: string;
  author: string;
  email: string;
  /** The Date header as sent. */
  date: string;
  /** Message-Id without angle brackets; empty when the mail has none. */
  messageId: string;
  /** The commit message (or the cover letter's text), as `git mailinfo` gives it. */
  body: string;
  /** The patch part (empty for a cover letter). */
  patch: string;
  /** The mail's bytes as split from the mbox, for `git am`. */
  raw: Buffer;
}

/**
 * The Message-Id header of one mail. `git mailinfo` prints Author, Email, Subject and Date but not the
 * Message-Id (it appends it to the message only when there is a patch), so only this header is read by
 * hand: the header block ends at the first empty line, and folded lines continue with white space.
 */
export function messageIdOf(raw: Buffer): string {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const header = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*<?([^>\s]+)>?/im.exec(header);
  return match ? match[1]! : '';
}

/** Parses `git mailinfo`'s header output (`Key: value` lines). */
function parseInfo(text: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon > 0) info[line.slice(0, colon)] = line.slice(colon + 2);
  }
  return info;
}

/** Splits an mbox (or a single mail) into its messages and reads each with `git mailinfo -k`. */
export async function readMbox(mbox: Buffer): Promise<MailMessage[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'policy-mbox-'));
  try {
    const source = path.join(dir, 'series.mbox');
    await writeFile(source, mbox);
    const splitDir = path.join(dir, 'split');
    await mkdir(splitDir);
    await git(['mailsplit', '-b', `-o${splitDir}`, '--', source], { cwd: dir });
    const names = (await readdir(splitDir)).sort();
    const messages: MailMessage[] = [];
    for (const [offset, name] of names.entries()) {
      const raw = await readFile(path.join(splitDir, name));
      const msgFile = path.join(dir, `${name}.msg`);
      const patchFile = path.join(dir, `${name}.patch`);
      const { stdout } = await git(['mailinfo', '-k', msgFile, patchFile], { cwd: dir, input: raw });
      const info = parseInfo(stdout.toString('utf8'));
      messages.push({
        position: offset + 1,
        subject: info['Subject'] ?? '',
        author: info['Author'] ?? '',
        email: info['Email'] ?? '',
        date: info['Date'] ?? '',
        messageId: messageIdOf(raw),
        body: (await readFile(msgFile, 'utf8')).replace(/\n+$/, ''),
        patch: await readFile(patchFile, 'utf8'),
        raw,
      });
    }
    return messages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
