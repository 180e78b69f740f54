/** The block layer's fingerprints and plain text: white space folded as HTML shows it, kept inside code. */
import type { Element, ElementContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { fingerprint, plainText, splitUnits } from '../../src/lib/redline/blocks.ts';
import { text } from '../../src/lib/redline/hast.ts';

const element = (tagName: string, children: ElementContent[]): Element => ({ type: 'element', tagName, properties: {}, children });
const unit = (block: Element) => splitUnits([block]).units[0]!;

describe('block fingerprints', () => {
  it('aligns blocks that differ only in reflowed white space, but not code that does', () => {
    const flowed = unit(element('p', [text('keep it\n  short'), element('em', [text('  now\t')])]));
    const plain = unit(element('p', [text('keep it short'), element('em', [text(' now ')])]));
    expect(fingerprint(flowed)).toBe(fingerprint(plain));
    expect(plainText(flowed)).toBe('keep it short now');
    expect(plainText(plain)).toBe('keep it short now');
    expect(fingerprint(unit(element('p', [element('code', [text('a  b')])])))).not.toBe(fingerprint(unit(element('p', [element('code', [text('a b')])]))));
  });
});
