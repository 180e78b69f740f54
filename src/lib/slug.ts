/** Slugs for ids, file names and URL segments: lowercase ASCII letters and digits with single hyphens, as the schema takes them. */
import { slug as githubSlug } from 'github-slugger';

// Letters that Unicode does not decompose into a base letter and marks.
const SPELLED_OUT: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * `text` as a slug of ASCII letters, digits and single hyphens: GitHub's anchor slug ("Scope of this process" →
 * "scope-of-this-process"), with accents taken off their letters ("Cómo informar" → "como-informar") and anything
 * else that is not an ASCII letter or digit (an emoji, "--", another script) made one hyphen or dropped at the ends.
 * Empty when nothing is left.
 */
export function asciiSlug(text: string): string {
  const plain = githubSlug(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/g, (letter) => SPELLED_OUT[letter] ?? '-');
  return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The slug of a proposal titled `title`, as `policy series` links it and `policy import` stores it: "proposal" when the title has no ASCII letter or digit. */
export function proposalSlug(title: string): string {
  return asciiSlug(title) || 'proposal';
}
