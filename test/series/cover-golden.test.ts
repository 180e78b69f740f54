/**
 * Golden cover letters: what a list reviewer reads for a one-word change, a moved sentence, a new section and a v2
 * with a reworded patch and git's range-diff. Every line outside git's diffstat fits in 72 columns; the files hold the
 * whole mail.
 */
import { describe, expect, it } from 'vitest';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { coverBody, fillCoverTemplate, type CoverContent } from '../../src/lib/series/cover-letter.ts';
import { MAIL_WIDTH, redlineText, wrapLine } from '../../src/lib/series/cover-redline.ts';
import { doc } from '../redline/support.ts';

const EMBARGO =
  'Organizations on the pre-disclosure list are expected to maintain the confidentiality of the vulnerability up to the embargo date which security@xenproject have agreed with the discoverer. They are committing to ensuring that any members of that organisation who come into contact with confidential information will do so as well.';
const INTRO =
  'Computer systems have bugs. Currently recognised best practice for bugs with security implications is to notify significant downstream users in private; leave a reasonable interval for downstreams to respond and prepare updated software packages; then make public disclosure.';
const LIST = '-   Patches\n-   Advisories\n-   Exploits';

const BASE = doc(
  '3.23',
  ['introduction', 'Introduction', `${INTRO}\n\nWe want to encourage people to report bugs they find to us.\n`],
  ['handling-of-embargoed-information', 'Handling of embargoed information', `${EMBARGO}\n\nSpecifically, members should not make available:\n\n${LIST}\n`],
);

/** git format-patch's cover letter template, as it writes one for a series of `total` patches. */
function template(version: number, total: number, shortlog: string[], diffstat: string, rangeDiff = ''): string {
  return `From 0123456789012345678901234567890123456789 Mon Sep 17 00:00:00 2001
Message-Id: <cover.1795777771.git.contributor@example.org>
From: Example Contributor <contributor@example.org>
Date: Wed, 18 Nov 2026 14:10:00 +0000
Subject: [PATCH v${version} 0/${total}] *** SUBJECT HERE ***
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

*** BLURB HERE ***

Example Contributor (${total}):
${shortlog.map((subject) => `  ${subject}`).join('\n')}

${diffstat}
${rangeDiff}
base-commit: 7286a4f52aa1fdffcf0771de975aa10eaaed55c3
-- 
2.39.5
`;
}

const DIFFSTAT = ' content/policy/handling-of-embargoed-information.md | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n';
const LINK = { where: "on the proposal's page once the series is imported", url: 'https://security-policy.example.org/proposals/clarify-the-embargo/v1/' };

/** The whole cover letter for `content`, checked for line length everywhere outside git's diffstat. */
function coverLetter(content: CoverContent, shortlog: string[], rangeDiff = ''): string {
  const mail = fillCoverTemplate(template(content.version, content.total, shortlog, DIFFSTAT, rangeDiff), content.title, coverBody(content));
  const body = mail.slice(mail.indexOf('\n\n') + 2).replace(DIFFSTAT, '');
  for (const line of body.split('\n')) expect(line.length, line).toBeLessThanOrEqual(MAIL_WIDTH);
  return mail;
}

/** The range-diff git format-patch --range-diff writes for v1 and v2 of the last item, one line per policy paragraph. */
const RANGE_DIFF = `Range-diff against v1:
1:  1a2b3c4 ! 1:  5d6e7f8 Embargo: proofs of concept are exploits, and so are the tools that make them
    @@ Metadata
     Author: Example Contributor <contributor@example.org>
     
      ## Commit message ##
         Embargo: proofs of concept are exploits
     
         Signed-off-by: Example Contributor <contributor@example.org>
     
      ## content/policy/handling-of-embargoed-information.md ##
    + ## content/policy/predisclosure-list-membership-application-process-and-its-rules.md ##
    -@@ content/policy/handling-of-embargoed-information.md: Organizations on the pre-disclosure list are expected
    +@@ content/policy/handling-of-embargoed-information.md: Specifically, members should not make available:
      
    - ${EMBARGO}
    + ${EMBARGO.replace('agreed', 'settled')}
      
      -   Patches
      -   Advisories
    --   Exploits
    -+-   Exploits
    -+-   Proofs of concept
    +-   Exploits or proofs of concept
`;

describe('golden cover letters', () => {
  it('a one-word change', async () => {
    const tip = doc('3.23', BASE.sections[0]! && ['introduction', 'Introduction', BASE.sections[0]!.body], ['handling-of-embargoed-information', 'Handling of embargoed information', BASE.sections[1]!.body.replace('the confidentiality', 'the strict confidentiality')]);
    const mail = coverLetter(
      { title: 'Embargo: say strict confidentiality', blurb: 'One word, as discussed after XSA-108.', version: 1, total: 1, fullRedline: LINK, redline: redlineText(computeRedline(BASE, tip)) },
      ['Embargo: say strict confidentiality'],
    );
    expect(mail).toContain('{+strict+}');
    await expect(mail).toMatchFileSnapshot('../fixtures/cover-letters/one-word.txt');
  });

  it('a moved sentence', async () => {
    const [first, second] = EMBARGO.split(/(?<=\.) /);
    const moved = BASE.sections[1]!.body.replace(EMBARGO, `${second} ${first}`);
    const tip = doc('3.23', ['introduction', 'Introduction', BASE.sections[0]!.body], ['handling-of-embargoed-information', 'Handling of embargoed information', moved]);
    const mail = coverLetter(
      { title: 'Embargo: the duty of members first', blurb: 'Reorders the first paragraph.', version: 1, total: 1, fullRedline: LINK, redline: redlineText(computeRedline(BASE, tip)) },
      ['Embargo: the duty of members first'],
    );
    await expect(mail).toMatchFileSnapshot('../fixtures/cover-letters/moved-sentence.txt');
  });

  it('a new section', async () => {
    const tip = doc(
      '3.23',
      ['introduction', 'Introduction', BASE.sections[0]!.body],
      ['deployment-during-embargo', 'Deployment during embargo', 'Members may deploy fixed software during the embargo.\n\nThey may not say which issue a deployment fixes.\n'],
      ['handling-of-embargoed-information', 'Handling of embargoed information', BASE.sections[1]!.body],
    );
    const mail = coverLetter(
      { title: 'Permit deployment during the embargo', blurb: '', version: 1, total: 1, fullRedline: LINK, redline: redlineText(computeRedline(BASE, tip)) },
      ['Add a section on deployment during the embargo'],
    );
    expect(mail).toContain('{+Members may deploy fixed software during the embargo.+}');
    await expect(mail).toMatchFileSnapshot('../fixtures/cover-letters/new-section.txt');
  });

  it('a v2 with a reworded patch', async () => {
    const section = (body: string) => doc('3.23', ['introduction', 'Introduction', BASE.sections[0]!.body], ['handling-of-embargoed-information', 'Handling of embargoed information', body]);
    const v1 = section(BASE.sections[1]!.body.replace('-   Exploits', '-   Exploits\n-   Proofs of concept'));
    const v2 = section(BASE.sections[1]!.body.replace('-   Exploits', '-   Exploits or proofs of concept'));
    const mail = coverLetter(
      {
        title: 'Embargo: name proofs of concept',
        blurb: 'v2 folds the new item into the last one, as Jan asked.',
        version: 2,
        total: 1,
        fullRedline: { ...LINK, url: LINK.url.replace('/v1/', '/v2/') },
        redline: redlineText(computeRedline(BASE, v2)),
        previous: { version: 1, total: 1, changes: [{ status: 'changed', oldIndex: 1, newIndex: 1, subject: 'Embargo: proofs of concept are exploits' }], redline: redlineText(computeRedline(v1, v2)) },
      },
      ['Embargo: proofs of concept are exploits'],
      RANGE_DIFF,
    );
    expect(mail).toContain('Changes since v1:');
    // A long line of the range-diff is folded as RFC 8792 folds one: a "\\" at its end, its markers not repeated, and
    // the heading says so; unfolded, it is the line git wrote.
    expect(mail).toContain('\nRange-diff against v1:\n(a line ending in \\ goes on in the next, as RFC 8792 folds long lines)\n');
    expect(mail).toContain('\n    - Organizations on the pre-disclosure list are expected to \\\n      maintain the confidentiality');
    const rangeDiff = mail.slice(mail.indexOf('Range-diff against v1:'), mail.indexOf('\nbase-commit:'));
    expect(rangeDiff.replace(/\\\n */g, '').replace(/^\(a line ending.*\n/m, '').trimEnd()).toBe(RANGE_DIFF.trimEnd());
    await expect(mail).toMatchFileSnapshot('../fixtures/cover-letters/v2-reworded.txt');
  });

  it('leaves out whole sections past its size budget, and says which', () => {
    const tip = doc('3.23', ['introduction', 'Introduction', BASE.sections[0]!.body.replace('have bugs', 'always have bugs')], ['handling-of-embargoed-information', 'Handling of embargoed information', BASE.sections[1]!.body.replace('Exploits', 'Exploit code')]);
    const text = redlineText(computeRedline(BASE, tip), 400);
    expect(text.omitted).toEqual(['Handling of embargoed information']);
    expect(text.text).toContain('{+always+}');
    expect(coverBody({ title: 'T', blurb: '', version: 1, total: 1, redline: text })).toContain('Left out to keep this mail within a mailing list\'s size limit: Handling\nof embargoed information.');
  });

  it('wraps at spaces under a list marker, and keeps a word longer than the line whole', () => {
    expect(wrapLine(`• ${'word '.repeat(20).trim()}`, 30)).toEqual(['• word word word word word', '  word word word word word', '  word word word word word', '  word word word word word']);
    const url = `https://example.org/${'x'.repeat(80)}`;
    expect(wrapLine(`see ${url} now`)).toEqual(['see', url, 'now']);
    expect(wrapLine('')).toEqual(['']);
  });
});
