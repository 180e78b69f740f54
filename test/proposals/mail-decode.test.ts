/**
 * The in-process mail reader against `git mailinfo -k` itself: for every mail of the shipped proposals, the hostile
 * mbox corpus, replies as mail clients write them (quoted-printable Latin-1, format=flowed, multipart/alternative in
 * base64, CRLF) and series git format-patch writes with --attach, --inline and encoded headers, the subject, date,
 * message and patch bytes are git's, and a mail git refuses is refused.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMail, isPatchBreak } from '../../src/lib/proposals/mail-decode.ts';
import { gitSync, tempDir, tempRepo } from '../support/temp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The mails of an mbox, split by git mailsplit. */
function split(mbox: string): Buffer[] {
  const dir = tempDir('policy-mailsplit-');
  // An mbox git cannot split (the empty one of the hostile corpus) has no mails to compare.
  if (spawnSync('git', ['mailsplit', '-b', `-o${dir}`, '--', mbox]).status !== 0) return [];
  return readdirSync(dir).sort().map((name) => readFileSync(path.join(dir, name)));
}

/** What git mailinfo -k makes of one mail: its header lines, message and patch bytes, or undefined when it fails. */
function mailinfo(raw: Buffer): { output: Buffer; info: Record<string, string>; message: Buffer; patch: Buffer } | undefined {
  const dir = tempDir('policy-mailinfo-');
  const result = spawnSync('git', ['mailinfo', '-k', path.join(dir, 'msg'), path.join(dir, 'patch')], { input: raw, env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0) return undefined;
  const info = Object.fromEntries(
    result.stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
  );
  return { output: result.stdout, info, message: readFileSync(path.join(dir, 'msg')), patch: readFileSync(path.join(dir, 'patch')) };
}

/** Series git format-patch writes in the forms a sender may choose, from a repository with non-ASCII text and an in-body From. */
function formatPatchSeries(): string[] {
  const repo = tempRepo();
  const dir = tempDir('policy-format-');
  writeFileSync(path.join(repo, 'a.md'), 'Hello.\n');
  gitSync(repo, ['add', '.']);
  gitSync(repo, ['commit', '-qm', 'Start']);
  writeFileSync(path.join(repo, 'a.md'), 'Hello, café wörld.\nSecond line.\n');
  gitSync(repo, ['commit', '-qam', `Add café: ${'a subject long enough for git to fold it '.repeat(3)}`, '-m', 'Body with ünïcödé.\n\nSigned-off-by: Jöhn Dœ <j@example.org>']);
  writeFileSync(path.join(repo, 'a.md'), 'Hello, café wörld.\nSecond line.\nx\n');
  gitSync(repo, ['commit', '-qam', 'Second', '-m', 'From: Other Person <o@example.org>\n\nBody of the second.']);
  const forms: Record<string, string[]> = { plain: ['--cover-letter', '--thread'], attach: ['--attach'], inline: ['--inline'], encoded: ['--encode-email-headers'] };
  return Object.entries(forms).map(([name, args]) => {
    const file = path.join(dir, `${name}.mbox`);
    writeFileSync(file, gitSync(repo, ['format-patch', '--stdout', ...args, 'HEAD~2']));
    return file;
  });
}

describe('decodeMail reads a mail as git mailinfo -k does', () => {
  it('on real series, hostile mails and replies as mail clients write them', { timeout: 60_000 }, () => {
    const mboxes = [
      ...['cve-note', 'fix-spelling-mistakes'].flatMap((slug) => ['v1', 'v2'].map((version) => path.join(ROOT, 'content/proposals', slug, `${version}.mbox`))),
      ...readdirSync(path.join(ROOT, 'test/fixtures/hostile/mbox')).filter((name) => name.endsWith('.mbox')).map((name) => path.join(ROOT, 'test/fixtures/hostile/mbox', name)),
      path.join(ROOT, 'test/fixtures/mail/replies.mbox'),
      // Nested MIME parts: git's boundary stack, its first line of a part never a boundary, and its limit of four.
      path.join(ROOT, 'test/fixtures/mail/nested-parts.mbox'),
      ...formatPatchSeries(),
    ];
    let compared = 0;
    for (const mbox of mboxes) {
      for (const [index, raw] of split(mbox).entries()) {
        const where = `${path.basename(mbox)} mail ${index + 1}`;
        const git = mailinfo(raw);
        const mine = decodeMail(raw);
        if (!git) {
          expect(mine.ok, `${where}: git refuses it`).toBe(false);
          continue;
        }
        if (!mine.ok) {
          // Refused only where what git gives is not UTF-8 (its headers or its message), which policy import refuses.
          expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat([git.output, git.message])), where).toThrow();
          continue;
        }
        expect({ subject: mine.subject, date: mine.date, message: mine.message }, where).toEqual({ subject: git.info['Subject'] ?? '', date: git.info['Date'] ?? '', message: git.message.toString('utf8') });
        expect(mine.patch.equals(git.patch), `${where}: patch bytes`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('starts the patch where git does', () => {
    expect(['---\n', '--- \n', '--- a/x\n', 'diff --git a/x b/x\n', 'Index: x\n'].every(isPatchBreak)).toBe(true);
    expect(['--\n', '----\n', '--- \tfoo\n', '-- \n', 'Acked-by: x\n'].some(isPatchBreak)).toBe(false);
  });

  it('refuses an unknown charset and a broken encoded-word, as git does', () => {
    const mail = (subject: string, extra = '') => Buffer.from(`From: A <a@example.org>\nSubject: ${subject}\n${extra}\nBody.\n`, 'latin1');
    expect(decodeMail(mail('=?x-klingon?Q?=FF?='))).toMatchObject({ ok: false, where: 'headers', reason: 'cannot convert from x-klingon to UTF-8' });
    expect(decodeMail(mail('=?utf-8?B?'))).toMatchObject({ ok: false, where: 'headers' });
    expect(decodeMail(mail('caf\xe9'))).toMatchObject({ ok: false, header: 'Subject' });
    expect(decodeMail(mail('x', 'Content-Type: text/plain; charset=x-klingon\n'))).toMatchObject({ ok: false, where: 'message' });
    expect(decodeMail(mail('=?iso-8859-1?Q?caf=E9?= =?utf-8?B?w6k=?='))).toMatchObject({ ok: true, subject: 'caféé' });
  });
});
