import { describe, expect, it } from 'vitest';
import { parseMarkdownPolicy } from '../../src/lib/load/markdown-file.ts';
import { renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import { computeRedline, renderRedlineStandalone } from '../../src/lib/redline/index.ts';

/** Each section as `id (parent)`, in order. */
const outline = (source: string) => parseMarkdownPolicy(source, 'policy.md').sections.map((section) => (section.parent ? `${section.id} (${section.parent})` : section.id));

describe('a policy as one Markdown file', () => {
  it('takes ## headings as sections and ### under them as subsections; the title and lead stay out of the sections', () => {
    const document = parseMarkdownPolicy('# Security Policy\n\nLead text.\n\n## Scope\n\nScope.\n\n### In scope\n\nA.\n\n#### Detail\n\nD.\n\n## Reporting\n\nMail us.\n', 'policy.md');
    expect(document.metadata).toMatchObject({ title: 'Security Policy', lead: 'Lead text.\n' });
    expect(document.sections.map((section) => [section.id, section.parent, section.body])).toEqual([
      ['scope', undefined, 'Scope.\n'],
      ['in-scope', 'scope', 'A.\n\n#### Detail\n\nD.\n'],
      ['reporting', undefined, 'Mail us.\n'],
    ]);
  });

  it('takes the highest heading level as sections when the file has no ## headings, as many published policies do', () => {
    const source = '---\ntitle: Privacy Statement\n---\n\nEffective date: **July 2, 2019**\n\n### The short version\n\nShort.\n\n### What we collect\n\n#### From users\n\nU.\n\n##### Why\n\nW.\n\n### Contact\n\nC.\n';
    expect(outline(source)).toEqual(['the-short-version', 'what-we-collect', 'from-users (what-we-collect)', 'contact']);
    expect(parseMarkdownPolicy(source, 'policy.md').metadata.lead).toBe('Effective date: **July 2, 2019**\n');
  });

  it('ignores headings inside fenced code when it finds the outline', () => {
    expect(outline('# T\n\n```\n## not a section\n```\n\n### One\n\n1.\n\n### Two\n\n2.\n')).toEqual(['one', 'two']);
  });

  it('still refuses a file with no heading below its title, saying what a policy file needs', () => {
    expect(() => parseMarkdownPolicy('# Title\n\nJust text.\n', 'plain.md')).toThrow(/plain\.md:1 not-a-policy has no "## " headings \(nor any other heading below its title\)/);
    expect(() => parseMarkdownPolicy('\n \n', 'blank.md')).toThrow('blank.md:1 not-a-policy is empty; a policy file needs its text');
  });

  it('names the line and column of front matter that is not YAML, in a whole sentence', () => {
    expect(() => parseMarkdownPolicy('---\nversion: 1.0\ntitle: [broken\n---\n## Scope\n\nAll.\n', 'front.md')).toThrow(
      /^front\.md:3:\d+ yaml has front matter that is not YAML: Flow sequence in block collection must be sufficiently indented and end with a \]; fix the YAML syntax$/,
    );
  });

  it('resolves reference links in every section against definitions anywhere in the file, as one Markdown document does', () => {
    const source = '# Policy\n\nSee [the team][Team].\n\n## Scope\n\nAsk [us][team] or [the form].\n\n## Reporting\n\nUse [the form].\n\n[team]: https://example.org/team\n[the form]: https://example.org/form "Form"\n';
    const document = parseMarkdownPolicy(source, 'policy.md');
    const html = renderPolicyHtml(document);
    expect(html).toContain('<a href="https://example.org/team">us</a>');
    expect(html).toContain('<a href="https://example.org/form" title="Form">the form</a>');
    expect(html).not.toMatch(/\[(us|the form)\]/);
    expect(document.metadata.lead).toBe('See [the team][Team].\n\n[team]: https://example.org/team\n');
    // Writing the links inline instead is Markdown spelling only: the redline shows no change.
    const inline = '# Policy\n\nSee [the team](https://example.org/team).\n\n## Scope\n\nAsk [us](https://example.org/team) or [the form](https://example.org/form "Form").\n\n## Reporting\n\nUse [the form](https://example.org/form "Form").\n';
    expect(computeRedline(document, parseMarkdownPolicy(inline, 'policy.md')).changes).toEqual([]);
  });

  it('reads Setext headings ("Scope" over a line of "-") as it reads ATX ones, and a thematic break as a break', () => {
    const source = 'Security Policy\n===============\n\nLead.\n\nScope\n-----\n\nIn scope.\n\n---\n\n- item\n---\n\nReporting\n---------\n\nMail us.\n';
    const document = parseMarkdownPolicy(source, 'policy.md');
    expect(document.metadata).toMatchObject({ title: 'Security Policy', lead: 'Lead.\n' });
    expect(document.sections.map((section) => [section.id, section.body])).toEqual([
      ['scope', 'In scope.\n\n---\n\n- item\n---\n'],
      ['reporting', 'Mail us.\n'],
    ]);
    // The same outline written with "#" and "##" is Markdown spelling only: no change.
    const atx = parseMarkdownPolicy('# Security Policy\n\nLead.\n\n## Scope\n\nIn scope.\n\n***\n\n- item\n---\n\n## Reporting\n\nMail us.\n', 'policy.md');
    expect(computeRedline(document, atx).changes).toEqual([]);
  });

  it('labels a file without front matter by its name, and that label is no change between two files', () => {
    const text = '## Scope\n\nScope.\n';
    const a = parseMarkdownPolicy(text, 'dir/a.md');
    const b = parseMarkdownPolicy(text, 'dir/b.md');
    expect([a.metadata.title, a.metadata.version, a.derived]).toEqual(['a', 'dir/a.md', ['title', 'version']]);
    const redline = computeRedline(a, b);
    expect(redline.metadataChanges).toEqual([]);
    // Labelled by what the user typed, in the header only: no "version" wording, no empty date, no detail changed.
    const html = renderRedlineStandalone(redline);
    const header = /<header>[\s\S]*?<\/header>/.exec(html)![0];
    expect(header).toContain('dir/a.md → dir/b.md.');
    expect(header).not.toMatch(/version|\(\)/);
    expect(html).not.toContain('Version changed');
    expect(html).not.toContain('redline-details');
    // A version the file states is content: its change is listed.
    const stated = (version: string) => parseMarkdownPolicy(`---\ntitle: Policy\nversion: "${version}"\n---\n\n${text}`, 'policy.md');
    expect(stated('1.0').derived).toBeUndefined();
    expect(computeRedline(stated('1.0'), stated('1.1')).metadataChanges).toEqual([{ field: 'version', old: '1.0', new: '1.1' }]);
  });

  it('takes the same sizes as a folder: 8 MiB in all, 1 MiB a section, and says so', () => {
    const paragraph = `${'word '.repeat(15)}\n\n`;
    const sections = (count: number, size: number) => Array.from({ length: count }, (_, k) => `## Part ${k}\n\n${paragraph.repeat(Math.ceil(size / paragraph.length))}`).join('\n');
    // 2 MiB in sections of 512 KiB: too big for one section file, fine for a policy.
    expect(parseMarkdownPolicy(sections(4, 512 * 1024), 'big.md').sections).toHaveLength(4);
    const oneSection = () => parseMarkdownPolicy(sections(1, 1100 * 1024), 'big.md');
    expect(oneSection).toThrow(/big\.md:3:1 .*in all and 1,048,576 \(1 MiB\) in one section/s);
    const tooBig = () => parseMarkdownPolicy(sections(20, 450 * 1024), 'big.md');
    expect(tooBig).toThrow(/big\.md:1.*at most 8,388,608 characters \(8 MiB\) in all and 1,048,576 \(1 MiB\) in one section/s);
  });
});
