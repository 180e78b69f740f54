/** Slugs as the schema takes them: what init makes section ids of, and series and import name proposals by. */
import { describe, expect, it } from 'vitest';
import { sectionIdSchema } from '../../src/lib/schema.ts';
import { asciiSlug, proposalSlug } from '../../src/lib/slug.ts';

describe('asciiSlug', () => {
  it('is GitHub\'s anchor slug for plain titles', () => {
    expect(asciiSlug('Scope of this process')).toBe('scope-of-this-process');
    expect(asciiSlug('Pre-disclosure list: members')).toBe('pre-disclosure-list-members');
  });

  it('takes accents off letters, spells out those without, and makes anything else one hyphen or nothing at the ends', () => {
    expect(asciiSlug('Cómo informar')).toBe('como-informar');
    expect(asciiSlug('Straße und Größe')).toBe('strasse-und-grosse');
    expect(asciiSlug('🔒 Reporting')).toBe('reporting');
    expect(asciiSlug('Q&A -- FAQ')).toBe('qa-faq');
    expect(asciiSlug('Intro: café — naïve')).toBe('intro-cafe-naive');
    expect(asciiSlug('Политика')).toBe('');
  });

  it('gives only what the schema takes', () => {
    for (const title of ['Cómo informar', '🔒 Reporting', 'Q&A -- FAQ', '--x--', 'a_b', 'Ünïcödé 2024', '日本語 and English']) {
      const slug = asciiSlug(title);
      expect(sectionIdSchema.safeParse(slug).success, `${title} → ${slug}`).toBe(true);
    }
  });
});

describe('proposalSlug', () => {
  it('names a proposal by its title, and "proposal" when the title has no ASCII letter or digit', () => {
    expect(proposalSlug('Intro: café — naïve')).toBe('intro-cafe-naive');
    expect(proposalSlug('Политика')).toBe('proposal');
  });
});
