/**
 * `policy import` of a whole thread, as `b4 mbox` writes one: every version in order, each with the replies to it;
 * trailers attributed to the patch or cover letter they answer; broken threading refused with nothing changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { replyExcerpt, reviewTrailers, trailersForPatch, type ReviewTrailer } from '../../src/lib/proposals/thread.ts';
import { tempDir } from '../support/temp.ts';
import { makeSeries, policyRepo, replaceIn, repoSnapshot, runImport } from './support.ts';

const intro = replaceIn('content/policy/introduction.md', 'controverial', 'controversial', 'Fix spelling of controversial');
const process1 = replaceIn('content/policy/process.md', 'We fix it.', 'We fix it quickly.', 'Say how fast');
const process2 = replaceIn('content/policy/process.md', 'We fix it.', 'We fix it within a week.', 'Say how fast, in days');

/** The Message-Id of the mail of `mbox` whose subject starts with `subject`. */
function idOf(mbox: string, subject: string): string {
  const mail = mbox.split(/^From [0-9a-f]{40} /m).find((text) => text.includes(`\nSubject: ${subject}`));
  return /^Message-I[dD]: <([^>]+)>/m.exec(mail ?? '')![1]!;
}

/** A plain-text reply, as a list member's mail client writes one. */
function reply(options: { id: string; to: string; references?: string[]; from: string; subject: string; body: string; date?: string }): string {
  return [
    'From mboxrd@z Thu Jan  1 00:00:00 1970',
    `From: ${options.from}`,
    `Date: ${options.date ?? 'Mon, 23 Nov 2026 10:00:00 +0000'}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${options.id}>`,
    `In-Reply-To: <${options.to}>`,
    `References: ${[...(options.references ?? []), options.to].map((id) => `<${id}>`).join(' ')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body,
    '',
  ].join('\n');
}

/** v1 and v2 of a two-patch series, with a review: an ack on a v1 patch, a review of the v2 cover letter, a nack and a nested reply. */
function thread(repo: string, base: string) {
  const v1 = makeSeries(repo, base, [intro, process1], { cover: 'Clarify the process' });
  // git format-patch makes Message-Ids from the commit and the second: made within one second, v1 and v2 would share
  // them (the same cover, the same first patch), which no real thread does.
  const v2 = makeSeries(repo, base, [intro, process2], { cover: 'Clarify the process', version: 2 }).replaceAll('.git.', '.v2.git.');
  const v1Patch1 = idOf(v1, '[PATCH v1 1/2]');
  const v2Cover = idOf(v2, '[PATCH v2 0/2]');
  const v2Patch2 = idOf(v2, '[PATCH v2 2/2]');
  const replies = [
    reply({ id: 'r1@example.org', to: v1Patch1, from: 'Jan Beulich <jbeulich@example.org>', subject: 'Re: [PATCH v1 1/2] Fix spelling of controversial', body: 'On Mon, someone wrote:\n> -It has a controverial word.\n\nGood catch.\n\nAcked-by: Jan Beulich <jbeulich@example.org>' }),
    reply({ id: 'r2@example.org', to: v2Cover, from: 'George Dunlap <george@example.org>', subject: 'Re: [PATCH v2 0/2] Clarify the process', body: 'The whole series reads well now.\nThanks for the quick turnaround.\n\nReviewed-by: George Dunlap <george@example.org>' }),
    reply({ id: 'r3@example.org', to: v2Patch2, from: 'Ian Jackson <ian@example.org>', subject: 'Re: [PATCH v2 2/2] Say how fast, in days', body: '> +2.  We fix it within a week.\n\nA week is too short for some issues.\n\nNacked-by: Ian Jackson <ian@example.org>' }),
    reply({ id: 'r4@example.org', to: 'r3@example.org', references: [v2Cover, v2Patch2], from: 'Jan Beulich <jbeulich@example.org>', subject: 'Re: [PATCH v2 2/2] Say how fast, in days', body: '> A week is too short\n\nAgreed; say "as fast as we can".' }),
  ];
  return { v1, v2, mbox: [v1, v2, ...replies].join(''), ids: { v1Patch1, v2Cover, v2Patch2 } };
}

function write(mbox: string): string {
  const file = path.join(tempDir('policy-thread-'), 'thread.mbox');
  writeFileSync(file, mbox);
  return file;
}

describe('importing a thread', () => {
  it('stores every version in order with its replies, and attributes each trailer to what it answers', { timeout: 180_000 }, async () => {
    const { repo, base } = policyRepo();
    const { mbox } = thread(repo, base);
    const result = await runImport(repo, [write(mbox), '--archive-url', 'https://lore.example.org/xen-devel/{messageId}/']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported v1 of "Clarify the process" (2 patches, base');
    expect(result.stdout).toMatch(/imported v2 of "Clarify the process" \(2 patches, base [0-9a-f]{12}, 3 replies, 2 review trailers\)/);
    const folder = path.join(repo, 'content/proposals/clarify-the-process');
    const metadata = parse(readFileSync(path.join(folder, 'proposal.yaml'), 'utf8'));
    expect(metadata.versions.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    const [v1, v2] = metadata.versions;
    expect(v1.review.trailers).toEqual([{ kind: 'Acked-by', who: 'Jan Beulich <jbeulich@example.org>', patch: 1, messageId: 'r1@example.org' }]);
    expect(v1.review.replies[0]).toMatchObject({ author: 'Jan Beulich', email: 'jbeulich@example.org', date: '2026-11-23T10:00:00.000Z', patch: 1, excerpt: 'Good catch.', link: 'https://lore.example.org/xen-devel/r1@example.org/' });
    expect(v2.review.trailers).toEqual([
      { kind: 'Reviewed-by', who: 'George Dunlap <george@example.org>', patch: 0, messageId: 'r2@example.org' },
      { kind: 'Nacked-by', who: 'Ian Jackson <ian@example.org>', patch: 2, messageId: 'r3@example.org' },
    ]);
    // The nested reply answers a reply to patch 2, so it counts for patch 2.
    expect(v2.review.replies.map((entry: { patch: number; excerpt: string }) => [entry.patch, entry.excerpt])).toEqual([
      [0, 'The whole series reads well now.\nThanks for the quick turnaround.'],
      [2, 'A week is too short for some issues.'],
      [2, 'Agreed; say "as fast as we can".'],
    ]);
    // Each version's mbox holds its own mails and the replies to them, as received.
    const stored2 = readFileSync(path.join(folder, 'v2.mbox'), 'utf8');
    expect(stored2).toContain('Nacked-by: Ian Jackson');
    expect(stored2).not.toContain('[PATCH v1');
    expect(readFileSync(path.join(folder, 'v1.mbox'), 'utf8')).toContain('Acked-by: Jan Beulich');
  });

  it('imports one version with --version, and the rest of the thread later', { timeout: 240_000 }, async () => {
    const { repo, base } = policyRepo();
    const file = write(thread(repo, base).mbox);
    expect((await runImport(repo, [file, '--version', '1'])).code).toBe(0);
    const later = await runImport(repo, [file]);
    expect(later.stderr).toBe('');
    expect(later.stdout).toContain('imported v2 of');
    expect(later.stdout).not.toContain('imported v1 of');
    expect((await runImport(repo, [file, '--version', '3'])).stderr).toContain('holds v1, v2, not v3; give --version with one of those');
  });

  it('refuses a reply that answers nothing in the thread, naming it, and changes nothing', { timeout: 180_000 }, async () => {
    const { repo, base } = policyRepo();
    const { mbox } = thread(repo, base);
    const stray = reply({ id: 'r9@example.org', to: 'missing@example.org', from: 'A Reader <reader@example.org>', subject: 'Re: [PATCH v2 1/2] Fix spelling of controversial', body: 'Reviewed-by: A Reader <reader@example.org>' });
    const before = repoSnapshot(repo);
    const result = await runImport(repo, [write(mbox + stray)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/thread\.mbox:\d+ import-thread message 11 "Re: \[PATCH v2 1\/2\] Fix spelling of controversial" answers <missing@example\.org>, none of which is a mail of the series in this mbox; export the whole thread/);
    expect(repoSnapshot(repo)).toBe(before);
  });

  it('refuses mails that share a Message-Id, naming each by its mbox line and subject, and changes nothing', { timeout: 180_000 }, async () => {
    const { repo, base } = policyRepo();
    const { v1, v2, mbox } = thread(repo, base);
    const v1Cover = idOf(v1, '[PATCH v1 0/2]');
    // v2's cover letter under v1's Message-Id, as git format-patch gives two runs within one second.
    const shared = mbox.replace(`<${idOf(v2, '[PATCH v2 0/2]')}>`, `<${v1Cover}>`);
    const lineOf = (text: string, subject: string) => text.slice(0, text.lastIndexOf(`\nSubject: ${subject}`)).split('\n').findLastIndex((line) => line.startsWith('From ')) + 1;
    const before = repoSnapshot(repo);
    const result = await runImport(repo, [write(shared)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`thread.mbox:${lineOf(shared, '[PATCH v2 0/2]')} import-thread message 4 "[PATCH v2 0/2] Clarify the process" has the Message-Id <${v1Cover}> of message 1 "[PATCH v1 0/2] Clarify the process" (line 1); `);
    expect(result.stderr).toContain('ask the sender to send the later one again with git send-email');
    // The same reply twice: named as a copy of the first.
    const replyText = mbox.slice(mbox.indexOf('From mboxrd@z'), mbox.indexOf('From mboxrd@z', mbox.indexOf('From mboxrd@z') + 1));
    const twice = mbox + replyText;
    const repeated = await runImport(repo, [write(twice)]);
    expect(repeated.code).toBe(2);
    expect(repeated.stderr).toMatch(new RegExp(`thread\\.mbox:${twice.split('\n').length - replyText.split('\n').length + 1} import-thread message 11 "Re: \\[PATCH v1 1/2\\] Fix spelling of controversial" is message 7 \\(line \\d+\\) again, the same mail twice; remove one copy`));
    expect(repoSnapshot(repo)).toBe(before);
  });

  it('reads trailers and first lines as b4 does: quoted lines and attributions left out', async () => {
    expect(reviewTrailers('> Acked-by: Quoted <q@example.org>\nreviewed-by:  Ann <ann@example.org>\nTested-by: Bo <bo@example.org>')).toEqual([
      { kind: 'Reviewed-by', who: 'Ann <ann@example.org>' },
      { kind: 'Tested-by', who: 'Bo <bo@example.org>' },
    ]);
    expect(replyExcerpt('On Tue, Ann wrote:\n> quoted\n\nFirst.\nSecond.\nThird.\nFourth.')).toBe('First.\nSecond.\nThird.');
    // A top-posted reply stops where the mail it quotes begins, and a reply at its signature.
    expect(replyExcerpt('Looks good to me.\n\n-----Original Message-----\nFrom: Ann\nSent: Tuesday\n')).toBe('Looks good to me.');
    expect(replyExcerpt('Fine by me.\n________________________________\nFrom: Ann <ann@example.org>\n')).toBe('Fine by me.');
    expect(replyExcerpt('> quoted\n\nAgreed.\n\n-- \nBob, Example Ltd\n+1 555 0100\n')).toBe('Agreed.');
    expect(replyExcerpt('On Sun, Dec 6, 2026 at 3:18 PM Ann Example <\nann@example.org> wrote:\n> quoted\n\nYes.\n')).toBe('Yes.');
    const trailers: ReviewTrailer[] = [
      { kind: 'Acked-by', who: 'Ann <a@x>', patch: 0, messageId: '1' },
      { kind: 'Acked-by', who: 'ann <A@x>', patch: 2, messageId: '2' },
      { kind: 'Reviewed-by', who: 'Bo <b@x>', patch: 1, messageId: '3' },
    ];
    expect(trailersForPatch(trailers, 2).map((trailer) => trailer.messageId)).toEqual(['1']);
    expect(trailersForPatch(trailers, 1).map((trailer) => trailer.messageId)).toEqual(['1', '3']);
  });
});
