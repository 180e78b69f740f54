import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { reservedSectionIdReason } from '../../src/lib/page-ids.ts';
import { sectionFrontMatterSchema } from '../../src/lib/schema.ts';
import { renderLeadHtml, renderPolicyHtml, renderSectionHtml, tableOfContents } from '../../src/lib/markdown/policy-html.ts';

/** A document from sections given as [id, title, body, parent?]. */
function documentOf(...sections: [string, string, string, string?][]): PolicyDocument {
  return {
    metadata: { title: 'T', version: '1.0', date: '2024-01-01', linkBase: 'https://example.org', lead: 'See [history](#history).' },
    sections: sections.map(([id, title, body, parent], index) => ({ id, title, body, order: index, ...(parent ? { parent } : {}) })),
  };
}

describe('rendering policy text', () => {
  it('gives each section a heading with its id and a self-link, and each block an anchor', () => {
    const html = renderPolicyHtml(documentOf(['scope', 'Scope', 'First paragraph.\n\nSecond.\n\n-   item one\n-   item two\n']));
    // The self-link's name does not repeat the title, which would make the heading's name say it twice.
    expect(html).toContain('<h2 id="scope">Scope<a class="self-link" href="#scope" aria-label="Link to this section"></a></h2>');
    expect(html).toContain('<p id="scope-p1">First paragraph.<a class="pilcrow" href="#scope-p1" aria-label="Link to this paragraph"></a></p>');
    expect(html).toContain('<p id="scope-p2">Second.');
    expect(html).toContain('<li id="scope-p3">item one<a class="pilcrow" href="#scope-p3" aria-label="Link to this list item"></a></li>');
    expect(html).toContain('<li id="scope-p4">item two');
  });

  it('keeps heading ids out of the paragraph anchors: `## p1` cannot take `<section>-p1`', () => {
    const html = renderPolicyHtml(documentOf(['scope', 'Scope', '## p1\n\nFirst.\n\n## P2\n\nSecond.\n']));
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(['scope', 'scope-p1-heading', 'scope-p1', 'scope-p2-heading', 'scope-p2']);
  });

  it('refuses section ids that could produce the page’s own ids or a change anchor', () => {
    for (const id of ['main', 'change', 'change-1', 'policy', 'toc', 'compare']) expect(reservedSectionIdReason(id), id).toBeDefined();
    for (const id of ['change-history', 'scope', 'maintainers', 'policy-scope']) expect(reservedSectionIdReason(id), id).toBeUndefined();
    expect(sectionFrontMatterSchema.safeParse({ id: 'change-1', title: 'C', order: 1 }).error?.issues[0]?.message).toMatch(/kept for the redline's change anchors/);
  });

  it('puts a list item’s mark before its nested list, and anchors the nested items too', () => {
    const html = renderPolicyHtml(documentOf(['s', 'S', '1.  outer\n    1.  inner\n']));
    expect(html).toMatch(/<li id="s-p1">outer<a class="pilcrow" href="#s-p1"[^>]*><\/a>\s*<ol>\s*<li id="s-p2">inner/);
  });

  it('nests subsections in their parent and lists them in the table of contents', () => {
    const document = documentOf(['list', 'List', 'Intro.\n'], ['members', 'Members', '-   A\n', 'list'], ['history', 'History', 'Old.\n']);
    const html = renderPolicyHtml(document);
    expect(html).toMatch(/<section[^>]*data-section="list"><h2 id="list">.*<section[^>]*data-section="members"><h3 id="members">.*<\/section><\/section><section[^>]*data-section="history">/s);
    expect(tableOfContents(document)).toEqual([
      { id: 'list', title: 'List', level: 2, children: [{ id: 'members', title: 'Members', level: 3, children: [] }] },
      { id: 'history', title: 'History', level: 2, children: [] },
    ]);
  });

  it('resolves root-relative links against the link base and section anchors as asked', () => {
    const document = documentOf(['a', 'A', 'See [team](/developers/teams/) and [b](#b).\n'], ['b', 'B', 'B.\n']);
    expect(renderPolicyHtml(document)).toContain('<a href="https://example.org/developers/teams/">team</a> and <a href="#b">b</a>');
    const section = renderSectionHtml(document, document.sections[0]!, { anchorHref: (id) => `/sections/${id}/` });
    expect(section).toContain('<a href="/sections/b/">b</a>');
    expect(renderLeadHtml(document)).toBe('<p class="lead">See <a href="#history">history</a>.</p>');
  });

  it('never lets raw HTML, event handlers or script URLs through', () => {
    const body = [
      '<script>window.pwned = 1</script>',
      '',
      'Text <img src=x onerror="alert(1)"> <b onclick="x()">bold</b>',
      '',
      '[js](javascript:alert(1)) [vb](vbscript:msgbox) [data](data:text/html;base64,PHNjcmlwdD4=) ![img](javascript:alert(2))',
      '',
      '<!-- <script>hidden()</script> -->',
      '',
      'Escaped &lt;script&gt; stays text.',
      '',
    ].join('\n');
    const html = renderPolicyHtml(documentOf(['s', 'S', body]));
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|vbscript:|data:text|<b>|hidden\(/i);
    expect(html).toContain('<img alt="img">');
    expect(html).toContain('&#x3C;script>');
    expect(html).toContain('<a>js</a>');
  });

  it('renders GFM tables, and the author’s strike-through as <s> (in a redline <del> means only a deletion)', () => {
    const html = renderPolicyHtml(documentOf(['t', 'T', '| a | b |\n|---|---|\n| 1 | ~~2~~ |\n']));
    expect(html).toContain('<table>');
    expect(html).toContain('<s>2</s>');
    expect(html).not.toMatch(/<del|<ins/);
  });

  it('writes white space as the page shows it, so Markdown spelling of spaces changes no text', () => {
    const text = (body: string) => renderPolicyHtml(documentOf(['s', 'S', body]));
    // Soft wraps and runs of spaces are one space; code blocks keep theirs.
    expect(text('A  soft\nwrapped\tline.\n')).toContain('<p id="s-p1">A soft wrapped line.');
    expect(text('```\na  b\n  c\n```\n')).toContain('<code>a  b\n  c\n</code>');
    // A loose list's items hold their paragraphs without white space around them, as a tight item holds its text.
    const tight = text('- one\n    - inner\n- two\n').replace(/<\/?p>/g, '');
    const loose = text('- one\n\n    - inner\n\n- two\n').replace(/<\/?p>/g, '');
    expect(loose).toBe(tight);
    // A no-break space shows, so it stays.
    expect(text('Xen\u00a0Project.\n')).toContain('Xen\u00a0Project.');
  });

  describe('footnotes', () => {
    const body = 'Text[^1] and more[^note].\n\n[^1]: First.\n\n[^note]: Second.\n';
    const html = renderPolicyHtml(documentOf(['a', 'A', body], ['b', 'B', 'Other[^1].\n\n[^1]: Third.\n']));
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]!);
    const targets = [...html.matchAll(/ (?:href="#|aria-describedby=")([^"]+)"/g)].map((match) => match[1]!);

    it('scopes footnote ids by section, prefixed once', () => {
      expect(html).toContain('<a href="#a-fn-1" id="a-fnref-1" data-footnote-ref aria-describedby="a-footnote-label">1</a>');
      expect(html).toContain('<li id="a-fn-note">');
      expect(html).toContain('<li id="b-fn-1">');
      expect(html).not.toContain('user-content-');
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('keeps footnote ids from the paragraph anchors, so every reference and backreference resolves', () => {
      expect(html).toContain('<h2 class="sr-only" id="a-footnote-label">Footnotes</h2>');
      expect(html).toContain('<a href="#a-fnref-note" data-footnote-backref');
      for (const target of targets) expect(ids, `#${target}`).toContain(target);
      // The footnotes have their backreferences; the paragraph anchors number only the body's own blocks.
      expect(html).not.toMatch(/<li id="a-p\d+">\s*<p>First/);
    });

    it('names them under user-content- outside a section (the lead)', () => {
      expect(renderLeadHtml({ ...documentOf(), metadata: { ...documentOf().metadata, lead: 'Lead[^x].\n\n[^x]: Note.' } })).toContain('href="#user-content-fn-x" id="user-content-fnref-x"');
    });
  });
});

describe('bidirectional controls in link text', () => {
  it('are shown as their code points, so the text cannot pass for another address', () => {
    const document = { metadata: { title: 'T', version: '1', date: '2024-01-01' }, sections: [{ id: 'a', title: 'A', order: 1, body: 'See [https://example.org\u202E\u2066gro.live](https://evil.example).' }] };
    const html = renderSectionHtml(document, document.sections[0]!);
    expect(html).toContain('<a href="https://evil.example">https://example.org&#x3C;U+202E>&#x3C;U+2066>gro.live</a>');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});
