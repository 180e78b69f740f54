import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyFolder, loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { PolicyError } from '../../src/lib/errors.ts';
import { policyFiles, tempDir, writeFiles } from '../support/temp.ts';

/** A policy folder of one section, "first", with `files` written over it: the files under test beside a sound policy. */
function policyWith(files: Record<string, string>): string {
  const root = tempDir();
  writeFiles(root, { ...policyFiles('1.0', { first: 'One.\n' }), ...files });
  return root;
}

describe('loading the policy from a folder', () => {
  it('loads the shipped Xen policy with its sections in order', async () => {
    const policy = await loadPolicyFolder('.');
    expect(policy.metadata.title).toBe('Security Problem Response Process');
    expect(policy.sections.map((section) => section.id)).toEqual([
      'introduction',
      'scope-of-this-process',
      'specific-process',
      'embargo-and-disclosure-schedule',
      'pre-disclosure-list',
      'handling-of-embargoed-information',
      'information-sharing-amongst-predisclosure-list-members',
      'predisclosure-list-membership-application-process',
      'organizations-on-the-pre-disclosure-list',
      'change-history',
    ]);
    expect(policy.sections.find((section) => section.id === 'change-history')?.body).toMatch(/^-   \*\*v3\.23 Aug 8th 2019:\*\* Added DornerWorks Ltd$/m);
  });

  it('reads sections in order, with parents, and keeps the body as written', async () => {
    const root = tempDir();
    writeFiles(root, policyFiles('1.0', { first: 'One.\n', second: 'Two.\n' }));
    writeFiles(root, { 'content/policy/child.md': '---\nid: child\ntitle: Child\norder: 15\nparent: first\n---\n\nChild *text*.\n' });
    const policy = await loadPolicyFolder(root);
    expect(policy.sections.map((section) => [section.id, section.parent])).toEqual([
      ['first', undefined],
      ['child', 'first'],
      ['second', undefined],
    ]);
    expect(policy.sections[1]).toMatchObject({ body: 'Child *text*.\n', source: { file: 'content/policy/child.md', bodyLine: 8 } });
  });

  it('names the file, the line and the field of a schema error', async () => {
    const root = policyWith({ 'content/policy/bad.md': '---\nid: bad\ntitle: Bad\norder: "ten"\ncolour: red\n---\n\nText.\n' });
    const { document, problems } = await checkPolicyFolder(root);
    expect(document).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ file: 'content/policy/bad.md', line: 4, rule: 'schema', message: 'field "order" in the section front matter must be a number, not string' }),
      expect.objectContaining({ file: 'content/policy/bad.md', line: 5, rule: 'schema', message: expect.stringContaining('unknown field "colour"') }),
    ]);
    await expect(loadPolicyFolder(root)).rejects.toThrow(PolicyError);
    await expect(loadPolicyFolder(root)).rejects.toThrow(/content\/policy\/bad\.md:4:8 schema field "order"/);
  });

  it('says to quote a value that YAML reads as a number, a boolean or nothing, quoting it as the file writes it', async () => {
    // As a maintainer types them: version 3.20 is the number 3.2 to YAML, and the title "yes" a boolean in YAML 1.1 only.
    const root = policyWith({ 'content/policy.yaml': 'title: true\nversion: 3.20\ndate: "2024-01-01"\nlead: ~\n' });
    const { problems } = await checkPolicyFolder(root);
    expect(problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual([
      '1:8 field "title" in the policy metadata must be text, but YAML reads true as a boolean; put it in quotes: "true"',
      '2:10 field "version" in the policy metadata must be text, but YAML reads 3.20 as a number; put it in quotes: "3.20"',
      '4:7 field "lead" in the policy metadata must be text, but YAML reads ~ as nothing; put the text there, in quotes',
    ]);
  });

  it('refuses duplicate ids, misnamed files, missing parents and paths as ids', async () => {
    const root = policyWith({
      'content/policy/again.md': '---\nid: first\ntitle: Again\norder: 20\n---\nx\n',
      'content/policy/orphan.md': '---\nid: orphan\ntitle: Orphan\norder: 30\nparent: nowhere\n---\nx\n',
      'content/policy/escape.md': '---\nid: ../x\ntitle: Escape\norder: 40\n---\nx\n',
    });
    const rules = (await checkPolicyFolder(root)).problems.map((problem) => `${problem.file} ${problem.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'content/policy/again.md file-name',
        'content/policy/first.md duplicate-id',
        'content/policy/orphan.md parent',
        'content/policy/escape.md schema',
      ]),
    );
  });

  it('says what is missing when there is no policy at all', async () => {
    const { problems } = await checkPolicyFolder(tempDir());
    expect(problems.map((problem) => problem.file)).toEqual(['content/policy.yaml', 'content/policy']);
  });

  it('says in the author\'s words what a mistyped front matter line is, at its line', async () => {
    const root = policyWith({
      'content/policy/colon.md': '---\nid: colon\ntitle 3. Disclosure\norder: 30\n---\n\nText.\n',
      'content/policy/indented.md': '---\nid: indented\n  title: Indented\norder: 40\n---\n\nText.\n',
    });
    const { problems } = await checkPolicyFolder(root);
    expect(problems.map(({ file, line, rule, message }) => ({ file, line, rule, message }))).toEqual([
      { file: 'content/policy/colon.md', line: 3, rule: 'yaml', message: 'is not a "field: value" line; put a colon and a space after the field name (YAML: Implicit keys need to be on a single line)' },
      { file: 'content/policy/indented.md', line: 2, rule: 'yaml', message: 'has a field indented under one that has a value already; start each field at the beginning of its line (YAML: Nested mappings are not allowed in compact mappings)' },
    ]);
  });

  it('defuses YAML alias bombs and rejects NUL bytes', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const root = policyWith({ 'content/policy/bomb.md': `---\n${bomb}\n---\nx\n`, 'content/policy/nul.md': '---\nid: nul\ntitle: Nul\norder: 50\n---\nA\0B\n' });
    const problems = (await checkPolicyFolder(root)).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'content/policy/bomb.md', rule: 'yaml' }),
        expect.objectContaining({ file: 'content/policy/nul.md', line: 6, column: 2, rule: 'encoding' }),
      ]),
    );
  });

  it('reads a U+FFFD written in a file as text, and refuses bytes that are not UTF-8 at their place', async () => {
    const root = tempDir();
    writeFiles(root, policyFiles('1.0', { first: 'One \uFFFD, written as U+FFFD.\n' }));
    writeFileSync(path.join(root, 'content/policy/latin1.md'), Buffer.concat([Buffer.from('---\nid: latin1\ntitle: Latin\norder: 50\n---\nA \uFFFD then caf'), Buffer.from([0xe9, 0x0a])]));
    const { problems } = await checkPolicyFolder(root);
    expect(problems).toEqual([expect.objectContaining({ file: 'content/policy/latin1.md', line: 6, column: 13, rule: 'encoding' })]);
  });
});
