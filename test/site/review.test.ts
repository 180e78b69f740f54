/**
 * The review a thread held, as the built site shows it (the shared build of the shipped examples, whose v2 of
 * "Fix spelling mistakes" was imported with a Reviewed-by on patch 3 and an Acked-by on the cover letter): per patch
 * who acked or reviewed it and how many replies it had, the replies themselves, and a feed entry for the review.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { readableText, readPage } from './html.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();

describe('a proposal version with its review', () => {
  it('shows per patch who acked or reviewed it and its reply count, and each reply', () => {
    const tree = readPage(siteDir, '/proposals/fix-spelling-mistakes/v2/');
    const perPatch = selectAll('[data-review]', tree).map((element) => readableText(element).replace(/\s+/g, ' ').trim());
    // The cover letter's ack counts for every patch; the review of patch 3 for patch 3 alone.
    expect(perPatch).toEqual([
      'Acked-by: Example Maintainer.',
      'Acked-by: Example Maintainer.',
      'Reviewed-by: Example Reviewer. Acked-by: Example Maintainer. 1 reply to this patch.',
    ]);
    const replies = selectAll('[data-replies] > li', tree).map((element) => readableText(element).replace(/\s+/g, ' ').trim());
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('Example Reviewer, 2026-11-24, on patch 3');
    expect(replies[0]).toContain('Right: the advisory carries what steps 1 to 4 produce.');
    expect(replies[1]).toContain('Example Maintainer, 2026-11-25, on the cover letter');
    // v1 had no review: no per-patch line, no replies section.
    expect(selectAll('[data-review], [data-replies]', readPage(siteDir, '/proposals/fix-spelling-mistakes/v1/'))).toEqual([]);
  });

  it('has a feed entry saying the proposal gained a review', () => {
    const feed = readFileSync(path.join(siteDir, 'feed.xml'), 'utf8');
    const entry = feed.split('<entry>').find((text) => text.includes('Review: Fix spelling mistakes (v2)'));
    expect(entry).toBeDefined();
    expect(entry).toContain('2 replies');
    expect(entry).toContain('<category term="review"');
    expect(entry).toContain('Example Reviewer, Example Maintainer replied on the list: 1 Acked-by, 1 Reviewed-by.');
    expect(entry).toMatch(/<updated>2026-11-25T09:00:00(\.000)?Z<\/updated>/);
  });
});
