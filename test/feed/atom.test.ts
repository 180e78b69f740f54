import { describe, expect, it } from 'vitest';
import { atomDate, renderAtomFeed, type AtomEntry, type AtomFeed } from '../../src/lib/feed/atom.ts';

const feed = (entries: AtomEntry[]): AtomFeed => ({
  title: 'Policy: releases & proposals',
  subtitle: 'Everything',
  id: 'https://example.org/history/',
  self: 'https://example.org/feed.xml',
  alternate: 'https://example.org/history/',
  author: 'Example <Project>',
  fallbackUpdated: atomDate('2020-01-02'),
  entries,
});

const entry = (title: string, updated: string, term?: string): AtomEntry => ({
  title,
  id: `https://example.org/${encodeURIComponent(title)}/`,
  link: `https://example.org/${encodeURIComponent(title)}/?a=1&b=2`,
  updated,
  summary: `About "${title}"`,
  ...(term ? { category: { term, label: term } } : {}),
});

/** The entries' titles and categories, as a feed reader reads them. */
function parsed(xml: string): Array<{ title: string; term?: string }> {
  return [...xml.matchAll(/<entry>\n {4}<title>(.*?)<\/title>[\s\S]*?(?:<category term="(.*?)"[\s\S]*?)?<\/entry>/g)].map((match) => ({
    title: match[1]!,
    ...(match[2] ? { term: match[2] } : {}),
  }));
}

describe('renderAtomFeed', () => {
  it('lists entries newest first, whatever their kind, and dates the feed by the newest', () => {
    const xml = renderAtomFeed(
      feed([entry('Version 1.0', atomDate('2019-08-08'), 'release'), entry('Proposal v1', '2026-11-20T10:10:00.000Z', 'proposal'), entry('Version 0.9', atomDate('2018-01-01'), 'release')]),
    );
    expect(parsed(xml)).toEqual([
      { title: 'Proposal v1', term: 'proposal' },
      { title: 'Version 1.0', term: 'release' },
      { title: 'Version 0.9', term: 'release' },
    ]);
    expect(xml).toMatch(/\n {2}<updated>2026-11-20T10:10:00.000Z<\/updated>\n {2}<author>/);
  });

  it('keeps the given order for entries of the same time, so every build writes the same bytes', () => {
    const same = atomDate('2024-05-05');
    expect(parsed(renderAtomFeed(feed([entry('b', same), entry('a', same), entry('c', same)]))).map((item) => item.title)).toEqual(['b', 'a', 'c']);
  });

  it('escapes text and URLs, and falls back to the given date when there is nothing to list', () => {
    const xml = renderAtomFeed(feed([entry('A <b> & "c"', atomDate('2021-03-04'))]));
    expect(xml).toContain('<title>Policy: releases &amp; proposals</title>');
    expect(xml).toContain('<author><name>Example &lt;Project&gt;</name></author>');
    expect(xml).toContain('<title>A &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(xml).toContain('?a=1&amp;b=2"/>');
    expect(xml).not.toContain('<category');
    expect(renderAtomFeed(feed([]))).toMatch(/<updated>2020-01-02T00:00:00Z<\/updated>\n {2}<author>/);
    expect(renderAtomFeed(feed([]))).not.toContain('<entry>');
  });

  it('never carries a character XML forbids, whatever reached an entry', () => {
    const xml = renderAtomFeed(feed([{ ...entry('Fix\u0001 a\u000b word\u001b', atomDate('2021-03-04')), summary: 'lone \ud800 surrogate, \uffff, tab\tand emoji 😀' }]));
    // XML 1.0 Char: tab, newline, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF.
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
    expect(xml).toContain('<title>Fix\uFFFD a\uFFFD word\uFFFD</title>');
    expect(xml).toContain('tab\tand emoji 😀');
  });
});
