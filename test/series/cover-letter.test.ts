import { describe, expect, it } from 'vitest';
import { attachHtml, coverBody, encodeHeaderText, fillCoverTemplate, mailSafe, splitCoverText } from '../../src/lib/series/cover-letter.ts';
import { describePatchChanges } from '../../src/lib/series/range-diff.ts';
import { mailinfo } from '../../src/lib/series/verify.ts';
import { tempRepo } from '../support/temp.ts';

const TEMPLATE = `From 0123456789012345678901234567890123456789 Mon Sep 17 00:00:00 2001
Message-Id: <cover.1.git.author@example.org>
From: Test Author <author@example.org>
Date: Fri, 27 Nov 2026 07:00:00 +0000
Subject: [PATCH v1 0/2] *** SUBJECT HERE ***

*** BLURB HERE ***

Test Author (2):
  One
  Two

 content/policy/a.md | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)


base-commit: 0123456789012345678901234567890123456789
-- 
2.39.5

`;

describe('the cover letter', () => {
  it('takes the first paragraph of the description as the title and the rest as the blurb', () => {
    expect(splitCoverText('Deployment during\nembargo\n\nPermit deployment.\n\nSecond paragraph.\n')).toEqual({ title: 'Deployment during embargo', blurb: 'Permit deployment.\n\nSecond paragraph.' });
    expect(splitCoverText('')).toEqual({ title: '', blurb: '' });
  });

  it('wraps a blurb line longer than a mail line at 72 columns, and keeps the author\'s shorter lines as written', () => {
    const long = `We support 3.x from today and ${'shorten the embargo to match what the other projects on the list do, '.repeat(3)}as discussed.`;
    const body = coverBody({ title: 'T', blurb: `${long}\n\n- one\n- two`, version: 1, total: 1, redline: { text: '', omitted: [] } });
    const blurb = body.split('\n\n- one')[0]!;
    expect(blurb.split('\n').length).toBeGreaterThan(2);
    expect(blurb.split('\n').every((line) => line.length <= 72)).toBe(true);
    expect(blurb.split(/\s+/).join(' ')).toBe(long);
    expect(body).toContain('\n\n- one\n- two');
  });

  it('puts the redline text after the blurb, and patch by patch what changed since the previous version', () => {
    const body = coverBody({
      title: 'T',
      blurb: 'Why.\nFrom the team.\n--- not a patch',
      version: 2,
      total: 3,
      fullRedline: { where: 'attached as redline-v2.html' },
      redline: { text: 'Introduction (modified: 1 insertion)\n====\n\nComputer systems {+always+} have bugs.', omitted: [] },
      previous: {
        version: 1,
        total: 3,
        changes: [
          { status: 'unchanged', oldIndex: 1, newIndex: 1, subject: 'One' },
          { status: 'changed', oldIndex: 3, newIndex: 2, subject: 'Three' },
          { status: 'dropped', oldIndex: 2, subject: 'Two' },
          { status: 'new', newIndex: 3, subject: 'Four' },
        ],
        redline: { text: '', omitted: [] },
      },
    });
    expect(body).toBe(
      [
        'Why.\n From the team.\n --- not a patch',
        'What changes, section by section. Words are marked as git diff\n--word-diff marks them: [-deleted-] {+inserted+}.\nThe whole redline is attached as redline-v2.html.',
        'Introduction (modified: 1 insertion)\n====\n\nComputer systems {+always+} have bugs.',
        'Changes since v1:\n\n- [1/3] One (unchanged)\n- [2/3] Three (changed; was 3/3)\n- [3/3] Four (new)\n- [was 2/3] Two (dropped)',
        'The same changes in words, section by section (v1 against v2):',
        'No change to the text of any section since v1.',
      ].join('\n\n'),
    );
    expect(describePatchChanges([], 1, 1)).toEqual([]);
    expect(mailSafe('diff -u a b\nIndex: x\nfine')).toBe(' diff -u a b\n Index: x\nfine');
  });

  it('encodes a non-ASCII title (RFC 2047) on one line, so git mailinfo reads it back and b4 needs no unfolding', async () => {
    const title = 'Répondre aux découvreurs: “deployment” during the embargo, with a long title';
    expect(encodeHeaderText('Plain title')).toBe('Plain title');
    const encoded = encodeHeaderText(title);
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=( =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)+$/);
    for (const word of encoded.split(' ')) expect(word.length).toBeLessThanOrEqual(75);
    const message = fillCoverTemplate(TEMPLATE.replace('\n\n', '\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n'), title, 'Blurb with ünïcode.');
    const info = await mailinfo(tempRepo(), message);
    expect(info.subject).toBe(title);
    expect(info.body).toContain('Blurb with ünïcode.');
    expect(info.patch).toBe('');
  });

  it('attaches the redline as base64 HTML; git mailinfo still reads a cover letter without a patch', async () => {
    const html = '<!doctype html>\n<p>Text with <ins>an insertion</ins> and “quotes”.</p>\n' + 'x'.repeat(300) + '\n';
    const message = attachHtml(fillCoverTemplate(TEMPLATE, 'Title', 'Blurb.'), 'redline-v1.html', html);
    expect(message).toMatch(/^MIME-Version: 1\.0\nContent-Type: multipart\/mixed; boundary="(policy-series-[0-9a-f]+)"\n\n--\1\nContent-Type: text\/plain; charset=UTF-8\n/m);
    for (const line of message.split('\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(message.match(/^Content-Type:/gm)).toHaveLength(3);
    const base64 = /Content-Transfer-Encoding: base64\n\n([^-]+)--/.exec(message)![1]!;
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe(html);
    const info = await mailinfo(tempRepo(), message);
    expect(info.subject).toBe('Title');
    expect(info.patch).toBe('');
    expect(info.body).toContain('base-commit: 0123456789012345678901234567890123456789');
  });

  it('replaces an earlier MIME declaration rather than adding a second one', () => {
    const declared = fillCoverTemplate(TEMPLATE.replace('\n\n', '\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n'), 'Title', 'Ünïcode.');
    const message = attachHtml(declared, 'r.html', '<p>x</p>');
    expect(message.match(/^MIME-Version:/gm)).toHaveLength(1);
    expect(message.match(/^Content-Transfer-Encoding:/gm)).toHaveLength(2);
  });
});
