/** The headers a received mail shows on the site: the sender as a mail parser reads it, and no control or bidi character. */
import { describe, expect, it } from 'vitest';
import { readSender, unsafeHeaderReason } from '../../src/lib/proposals/headers.ts';

const mail = (from: string) => Buffer.from(`From: ${from}\nSubject: x\n\nbody\n`);

describe('the sender of a mail', () => {
  it.each([
    ['Name <a@b.org>', { name: 'Name', address: 'a@b.org' }],
    ['"Last, First" <a@b.org>', { name: 'Last, First', address: 'a@b.org' }],
    ['a@b.org', { name: 'a@b.org', address: 'a@b.org' }],
    ['=?UTF-8?q?J=C3=BCrgen_M?= <j@x.org>', { name: 'Jürgen M', address: 'j@x.org' }],
    ['a@b.org (Name Here)', { name: 'Name Here', address: 'a@b.org' }],
    ['"Mal \\"q\\" X" <m@x.org>', { name: 'Mal "q" X', address: 'm@x.org' }],
  ])('reads %s as git and mail clients do', async (from, sender) => {
    expect(await readSender(mail(from))).toEqual(sender);
  });

  it.each(['"Mal xyzw <m@x.org>', 'Mal xyzw" <m@x.org>', 'nobody', ''])('refuses %s, which git 2.39 reads differently on every run', async (from) => {
    expect(await readSender(mail(from))).toBeUndefined();
  });

  it('is the same on every run', async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => readSender(mail('"Mal xyzw <m@x.org>'))));
    expect(new Set(runs.map((run) => JSON.stringify(run))).size).toBe(1);
  });
});

describe('a header shown on the site', () => {
  it('may hold any printable text, a literal U+FFFD and emoji among it', () => {
    expect(unsafeHeaderReason('[PATCH v2 0/3] Fix the “process” 😀 \uFFFD')).toBeUndefined();
  });

  it('may not hold a control character, naming it and its column', () => {
    expect(unsafeHeaderReason('Fix\u0001 a word')).toBe('holds the control character U+0001 at column 4, which no web page or feed can show');
    expect(unsafeHeaderReason('a\u007fb')).toContain('U+007F');
    expect(unsafeHeaderReason('a\nb')).toContain('U+000A');
  });

  it('may not hold a bidirectional control', () => {
    expect(unsafeHeaderReason('Fix a \u202Edrow')).toBe('holds the bidirectional control character U+202E at column 7, which would make it read as something it is not');
    expect(unsafeHeaderReason('x\u2066y')).toContain('U+2066');
  });
});
