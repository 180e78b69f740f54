/**
 * Pairs sections whose ids differ by what they hold, as git's rename detection pairs files: a heading renumbered or
 * relabelled (`D. Transparency` → `E. Transparency`) changes a single file's slug, but the section is the same one,
 * retitled, and must read so rather than as one section removed and another added.
 */
import type { PolicySection } from '../document.ts';

/** Least similarity (0..1) of a removed and an added section to be read as one section renamed (git's default too). */
export const RENAME_THRESHOLD = 0.5;

/** Most candidate pairs scored one by one; past it only sections with the same body or the same unlabelled title pair. */
const MAX_SCORED_PAIRS = 40_000;

// A heading's label: "4.", "4.2", "D.", "iv)", "Section 3:", "§ 2", "Article 12 -" …
const LABEL = /^(?:(?:section|article|part|chapter|clause|schedule|annex|appendix|§)\s*)?(?:\d+(?:\.\d+)*|[a-z]|[ivxlcdm]+)?[.):\-–—]?\s+(?=\S)/i;

/** What a section is compared by: its title without its label, and the word pairs of its body. */
interface Profile {
  title: string[];
  shingles: Map<string, number>;
  size: number;
  body: string;
}

/**
 * For sections of `oldSections` whose id `newSections` lacks, the id of the added section each is the same as, when
 * one is similar enough: old id → new id. Ids both sides share always pair with themselves (they are authoritative).
 */
export function pairRenamedSections(oldSections: readonly PolicySection[], newSections: readonly PolicySection[]): Map<string, string> {
  const newIds = new Set(newSections.map((section) => section.id));
  const oldIds = new Set(oldSections.map((section) => section.id));
  const removed = oldSections.filter((section) => !newIds.has(section.id));
  const added = newSections.filter((section) => !oldIds.has(section.id));
  const pairs = new Map<string, string>();
  if (removed.length === 0 || added.length === 0) return pairs;

  const oldProfiles = removed.map(profileOf);
  const newProfiles = added.map(profileOf);
  const candidates: { old: number; new: number; score: number; distance: number }[] = [];
  const consider = (i: number, j: number, shared?: number) => {
    const score = similarityOf(oldProfiles[i]!, newProfiles[j]!, shared);
    if (score >= RENAME_THRESHOLD) candidates.push({ old: i, new: j, score, distance: Math.abs(i / removed.length - j / added.length) });
  };
  if (removed.length * added.length <= MAX_SCORED_PAIRS) {
    const index = shingleIndex(newProfiles);
    for (let i = 0; i < removed.length; i++) {
      const shared = sharedShingles(oldProfiles[i]!, index, added.length);
      for (let j = 0; j < added.length; j++) consider(i, j, shared[j]!);
    }
  } else {
    // Too many to score each: only exact matches of body or of unlabelled title are looked up.
    const byKey = new Map<string, number[]>();
    newProfiles.forEach((profile, j) => {
      for (const key of keysOf(profile)) byKey.set(key, [...(byKey.get(key) ?? []), j]);
    });
    oldProfiles.forEach((profile, i) => {
      const seen = new Set<number>();
      for (const key of keysOf(profile)) for (const j of byKey.get(key) ?? []) if (!seen.has(j)) seen.add(j), consider(i, j);
    });
  }
  // Best pairs first; among equals, the one nearest in position.
  candidates.sort((a, b) => b.score - a.score || a.distance - b.distance || a.old - b.old);
  const usedNew = new Set<number>();
  for (const candidate of candidates) {
    const oldId = removed[candidate.old]!.id;
    if (pairs.has(oldId) || usedNew.has(candidate.new)) continue;
    pairs.set(oldId, added[candidate.new]!.id);
    usedNew.add(candidate.new);
  }
  return pairs;
}

/** The old sections with each paired section under its new id (and its subsections' parent renamed to match). */
export function renameSections(sections: readonly PolicySection[], pairs: ReadonlyMap<string, string>): PolicySection[] {
  if (pairs.size === 0) return [...sections];
  return sections.map((section) => {
    const id = pairs.get(section.id);
    const parent = section.parent !== undefined ? pairs.get(section.parent) : undefined;
    return id === undefined && parent === undefined ? section : { ...section, ...(id !== undefined ? { id } : {}), ...(parent !== undefined ? { parent } : {}) };
  });
}

/** What a section is compared by (Profile): its title without its label, and its body's word pairs with their counts. */
function profileOf(section: PolicySection): Profile {
  const words = wordsOf(section.body);
  const shingles = new Map<string, number>();
  // Word pairs rather than words: two unrelated paragraphs share many words ("the", "of") but few pairs.
  for (let k = 0; k < words.length; k++) {
    const key = k + 1 < words.length ? `${words[k]} ${words[k + 1]}` : words[k]!;
    shingles.set(key, (shingles.get(key) ?? 0) + 1);
  }
  return { title: wordsOf(section.title.replace(LABEL, '')), shingles, size: words.length, body: words.join(' ') };
}

/** The exact keys a section is found by: its title without its label, and its whole body when it has one. */
function keysOf(profile: Profile): string[] {
  return [`title:${profile.title.join(' ')}`, ...(profile.size ? [`body:${profile.body}`] : [])];
}

/** Lower-case words and numbers of a text, Markdown punctuation dropped. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Where each word pair occurs: for every pair, the profiles holding it and how often, as flat `[profile, count, …]`. */
type ShingleIndex = Map<string, number[]>;

function shingleIndex(profiles: Profile[]): ShingleIndex {
  const index: ShingleIndex = new Map();
  profiles.forEach((profile, position) => {
    for (const [key, count] of profile.shingles) {
      const postings = index.get(key);
      if (postings) postings.push(position, count);
      else index.set(key, [position, count]);
    }
  });
  return index;
}

/**
 * How many word pairs `profile` shares with each of the `count` indexed profiles (the multiset intersection `dice`
 * counts): each indexed profile is visited once per pair it shares rather than once per pair it has, so unrelated
 * sections cost next to nothing (100 × 100 unrelated sections took 3 s compared one pair of sections at a time).
 */
function sharedShingles(profile: Profile, index: ShingleIndex, count: number): Float64Array {
  const shared = new Float64Array(count);
  for (const [key, times] of profile.shingles) {
    const postings = index.get(key);
    if (postings) for (let k = 0; k < postings.length; k += 2) shared[postings[k]!]! += Math.min(times, postings[k + 1]!);
  }
  return shared;
}

/** Dice coefficient of two multisets: 2·|shared| / (|a| + |b|). */
function dice(a: Map<string, number>, b: Map<string, number>, sizeA: number, sizeB: number): number {
  if (sizeA + sizeB === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [key, count] of small) shared += Math.min(count, large.get(key) ?? 0);
  return (2 * shared) / (sizeA + sizeB);
}

function bag(words: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of words) out.set(word, (out.get(word) ?? 0) + 1);
  return out;
}

/**
 * How alike two sections are, 0..1: a title that only changed its label makes them the same section; otherwise mostly
 * their bodies, the title weighing more the shorter the bodies are (an empty section is only its title). `sharedShingles`:
 * the word pairs their bodies share, when already counted.
 */
function similarityOf(a: Profile, b: Profile, sharedShingles?: number): number {
  const title = dice(bag(a.title), bag(b.title), a.title.length, b.title.length);
  if (a.size + b.size === 0) return title;
  const body = sharedShingles === undefined ? dice(a.shingles, b.shingles, a.size, b.size) : (2 * sharedShingles) / (a.size + b.size);
  // The same title under another label is the same section, however its body was rewritten; the body ranks candidates.
  if (a.title.length > 0 && a.title.join(' ') === b.title.join(' ')) return 0.9 + 0.1 * body;
  // Bodies of 40 words or more decide alone at most 80%; shorter ones leave more to the title.
  const bodyWeight = Math.min(0.8, 0.4 + (a.size + b.size) / 200);
  return bodyWeight * body + (1 - bodyWeight) * title;
}
