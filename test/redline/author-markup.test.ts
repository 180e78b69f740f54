import { describe, expect, it } from 'vitest';
import { renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import { computeRedline, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { bodyHtml, doc, losslessTexts } from './support.ts';

/** The redline of one section's body from `before` to `after`, with its HTML body and lossless texts. */
function redlineOf(before: string, after: string) {
  const oldDoc = doc('1', ['intro', 'Intro', before]);
  const newDoc = doc('2', ['intro', 'Intro', after]);
  const redline = computeRedline(oldDoc, newDoc);
  return { redline, html: bodyHtml(renderRedlineHtml(redline, { view: 'inline' })), texts: losslessTexts(redline, oldDoc, newDoc), newDoc };
}

describe('the author’s own strike-through', () => {
  it('stays <s> in the redline, so accepting all keeps it and rejecting all keeps it too', () => {
    const { redline, html, texts } = redlineOf('Fees are ~~waived~~ due.\n', 'Fees are ~~waived~~ now due.\n');
    expect(redline.changes.map((change) => [change.kind, change.newText])).toEqual([['insertion', 'now ']]);
    expect(html).toContain('<s>waived</s>');
    expect(html.match(/<del/g)).toBeNull();
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });

  it('shows striking words through as a formatting change', () => {
    const { redline, texts } = redlineOf('Fees are waived.\n', 'Fees are ~~waived~~.\n');
    expect(redline.changes.map((change) => change.kind)).toEqual(['formatting']);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });
});

describe('footnotes', () => {
  const before = 'The team[^1] will notify[^2] members.\n\nA second paragraph.\n\n[^1]: The security team.\n\n[^2]: By e-mail.\n';

  it('diffs the footnote list once, in the one footnote section, with its references still resolving', () => {
    const { redline, html, texts } = redlineOf(before, before.replace('By e-mail.', 'By encrypted e-mail.'));
    expect(redline.changes.map((change) => [change.kind, change.block, change.newText])).toEqual([['insertion', 'p', 'encrypted ']]);
    expect(html.match(/data-footnotes/g)).toHaveLength(1);
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));
    for (const [, target] of html.matchAll(/ (?:href="#|aria-describedby=")([^"]+)"/g)) expect(ids, target).toContain(target);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });

  it('shows a footnote added and one removed as an insertion and a deletion, once each', () => {
    const after = 'The team[^1] will notify members[^3].\n\nA second paragraph.\n\n[^1]: The security team.\n\n[^3]: All of them.\n';
    const { redline, html, texts } = redlineOf(before, after);
    expect(redline.changes.length).toBeGreaterThan(0);
    expect(html.match(/data-footnotes/g)).toHaveLength(1);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });

  it('lists the footnotes once when a definition moves into a list item or a quote, or out of one', () => {
    for (const nest of ['-   ', '> ']) {
      const after = before.replace('[^1]: The security team.\n\n[^2]: By e-mail.', `${nest}[^1]: The security team.\n\n${nest}[^2]: By e-mail.`);
      for (const [from, to] of [[before, after], [after, before]] as const) {
        const { html, texts } = redlineOf(from, to);
        expect(html.match(/data-footnotes/g), `${from} -> ${to}`).toHaveLength(1);
        expect(texts.accepted).toBe(texts.newText);
        expect(texts.rejected).toBe(texts.oldText);
      }
    }
  });

  it('renders a body with footnotes byte for byte like the page when nothing changed', () => {
    const policy = doc('1', ['intro', 'Intro', before], ['next', 'Next', 'Other[^1].\n\n[^1]: Note.\n']);
    const changed = doc('2', ['intro', 'Intro', before], ['next', 'Next', 'Other text[^1].\n\n[^1]: Note.\n']);
    expect(bodyHtml(renderRedlineHtml(computeRedline(policy, policy), { view: 'inline' }))).toBe(renderPolicyHtml(policy));
    // The unchanged section of a changed document, too.
    const html = bodyHtml(renderRedlineHtml(computeRedline(policy, changed), { view: 'inline' }));
    expect(html.slice(0, html.indexOf('data-section="next"'))).toBe(renderPolicyHtml(changed).slice(0, renderPolicyHtml(changed).indexOf('data-section="next"')));
  });
});
