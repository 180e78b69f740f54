import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const page = (file: string) => readFileSync(path.join(siteDir, file), 'utf8');
const attributes = (html: string, selector: RegExp) => [...html.matchAll(selector)].map((match) => match[1]);
const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/\s+/g, ' ').trim();
const VERSIONS = ['3.23', '3.22', '3.21', '3.20', '3.19', '3.18'];

describe('the version history in the built site', () => {
  it('lists releases v3.18 to v3.23, newest first, each with its Change History line', () => {
    const html = page('history/index.html');
    expect(attributes(html, /<li class="history-entry"[^>]* data-version="([^"]+)"/g)).toEqual(VERSIONS);
    expect(textOf(html)).toContain('Added DornerWorks Ltd');
    expect(textOf(html)).toContain('Added reference to SUPPORT.md');
    expect(html).toContain('The first release in this history');
    expect(textOf(html)).toContain('newest first, with its line from the Change History and the changes it made');
  });

  it('has a page for each release, marked as not current except the newest, linking to the current text', () => {
    for (const version of VERSIONS) {
      const html = page(`releases/${version}/index.html`);
      expect(html).toMatch(new RegExp(`<dd data-policy-version[^>]*>${version.replace('.', '\\.')}</dd>`));
      expect(html).toContain(`data-current="${version === '3.23' ? 'true' : 'false'}"`);
    }
    const organisations = (html: string) => html.slice(html.indexOf('data-section="organizations-on-the-pre-disclosure-list"'), html.indexOf('data-section="change-history"'));
    expect(organisations(page('releases/3.21/index.html'))).toContain('Linode');
    expect(organisations(page('releases/3.22/index.html'))).not.toContain('Linode');
    expect(page('releases/3.22/index.html')).toMatch(/not the current version[\s\S]*data-current-link/);
  });

  it('says where a release shows text repaired after it was made (content/releases.yaml), with the reason, and only there', () => {
    const repaired = (html: string) => textOf(html.slice(html.indexOf('data-release-repair'), html.indexOf('</p>', html.indexOf('data-release-repair'))));
    for (const file of ['history/index.html', 'releases/3.18/index.html']) {
      const html = page(file);
      expect(html.match(/data-release-repair/g), file).toHaveLength(1);
      expect(repaired(html), file).toMatch(/first released at commit [0-9a-f]{12}\b/);
      expect(repaired(html), file).toContain('flattened the nested list of the membership application section');
    }
    expect(repaired(page('releases/3.18/index.html'))).toContain('repaired after the release, at commit ea35c5369694');
    for (const version of VERSIONS.filter((version) => version !== '3.18')) {
      expect(page(`releases/${version}/index.html`), version).not.toContain('data-release-repair');
      expect(page(`releases/${version}/changes/index.html`), version).not.toContain('data-release-repair');
    }
  });

  it('shows in the v3.22 to v3.23 redline DornerWorks Ltd inserted, the new Change History line, and nothing else', () => {
    for (const file of ['releases/3.23/changes/index.html', 'releases/3.23/changes/side-by-side/index.html']) {
      const html = page(file);
      const body = html.slice(html.indexOf('data-redline-body'));
      const inserted = [...body.matchAll(/<ins\b[^>]*>([\s\S]*?)<\/ins>/g)].map((match) => textOf(match[1]!));
      expect(body).not.toMatch(/<del\b/);
      expect(inserted.join(' | ')).toContain('DornerWorks Ltd');
      expect(inserted.join(' | ')).toContain('v3.23 Aug 8th 2019: Added DornerWorks Ltd');
      expect(inserted.every((text) => text.includes('DornerWorks'))).toBe(true);
    }
  });

  it('lists on a section page the releases that changed it, linking into each redline at the section', () => {
    const html = page('sections/organizations-on-the-pre-disclosure-list/index.html');
    const list = html.slice(html.indexOf('data-section-history'));
    // The releases that changed it, then the first release, where its history begins (as its chart does).
    expect(attributes(list, /<li data-version="([^"]+)"/g)).toEqual(['3.23', '3.22', '3.21', '3.20', '3.19', '3.18']);
    expect(list).toMatch(/<li data-version="3\.18" data-first-release[^>]*>\s*<a href="\/releases\/3\.18\/#organizations-on-the-pre-disclosure-list"/);
    expect(list).toContain('href="/releases/3.19/changes/#organizations-on-the-pre-disclosure-list"');
    const introduction = page('sections/introduction/index.html');
    expect(attributes(introduction.slice(introduction.indexOf('data-section-history')), /<li data-version="([^"]+)"/g)).toEqual(['3.18']);
    expect(textOf(introduction)).toContain('the first release in this history, with the section as it began');
  });

  it('publishes an Atom feed of the releases and proposal versions, dated from the content, linked from every page', () => {
    const feed = page('feed.xml');
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(feed.match(/<category term="release" label="Release"\/>/g)).toHaveLength(6);
    expect(feed.match(/<category term="proposal" label="Proposal"\/>/g)).toHaveLength(4);
    expect(feed.match(/<category term="review" label="Review"\/>/g)).toHaveLength(1);
    expect(feed.match(/<entry>/g)).toHaveLength(11);
    // Dated by the newest entry (the v2 of the CVE note example, sent 25 November 2026), never the build clock.
    expect(feed).toMatch(/<updated>2026-11-25T11:10:00.000Z<\/updated>\n  <author>/);
    expect(feed).toContain('<link rel="alternate" type="text/html" href="https://security-policy.example.org/releases/3.23/changes/"/>');
    expect(feed).toContain('<link rel="alternate" type="text/html" href="https://security-policy.example.org/proposals/fix-spelling-mistakes/v2/"/>');
    for (const file of ['index.html', 'history/index.html', 'releases/3.19/index.html', 'compare/index.html', 'sections/scope-of-this-process/index.html', 'proposals/index.html']) {
      expect(page(file)).toContain('<link rel="alternate" type="application/atom+xml" title="Policy releases and proposals" href="/feed.xml">');
    }
  });

  it('serves each release as JSON for the compare page, and a compare page that works without script', () => {
    const json = JSON.parse(page('releases/3.19/policy.json')) as { metadata: { version: string }; sections: Array<{ id: string; source?: unknown }> };
    expect(json.metadata.version).toBe('3.19');
    expect(json.sections.some((section) => section.source)).toBe(false);
    const compare = page('compare/index.html');
    expect(compare).toMatch(/<form method="get"[^>]*data-compare-form/);
    expect(attributes(compare, /<a href="\/releases\/([\d.]+)\/changes\/"[^>]*>/g)).toEqual(['3.23', '3.22', '3.21', '3.20', '3.19']);
  });
});
