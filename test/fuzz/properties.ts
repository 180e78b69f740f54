/**
 * Property tests for hostile input, shared by the CI suite (fixed seed, small budget: fuzz.test.ts) and the longer
 * `npm run fuzz` (random seed, printed, so any failure can be replayed). They hold the loaders to "every failure is
 * a PolicyError with problems, never another exception", the renderer to "nothing dangerous survives", and the
 * redline to "no crash, lossless (the exact text content, white space included), bounded time".
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { PolicyError } from '../../src/lib/errors.ts';
import { assemblePolicy, parseMetadataFile, parsePolicyFiles, parseSectionFile, type SourceFile } from '../../src/lib/load/parse.ts';
import { renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import type { ElementContent } from 'hast';
import { documentTree } from '../../src/lib/markdown/policy-html.ts';
import { textOf } from '../../src/lib/redline/hast.ts';
import { acceptAll, computeRedline, redlineBodyTree, rejectAll, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { dangerousMarkup } from '../hostile/support/dangerous.ts';
import { applyEdits, edit, sections, toDocument as toGeneratedDocument } from '../redline/arbitraries.ts';
import { losslessTexts } from '../redline/support.ts';

/** Pieces of Markdown, HTML and URL syntax that hostile text is made of. */
const FRAGMENTS = [
  ' ', 'word', 'Text.', '\n', '\n\n', '\r\n', '\t', '    ', '- ', '* ', '+ ', '1. ', '2) ', '> ', '# ', '## ', '---', '***', '```', '~~~', '|', '| --- |',
  '*', '**', '_', '__', '~~', '`', '[', ']', '(', ')', '![', '](', '[^1]', '[^1]: note', '[ref]: ', '<', '>', '</', '/>', '&', '&#x6A;', '&#106;', '&lt;', '&colon;', '"', "'", '=', '\\',
  '<script>', '</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<iframe src=javascript:alert(1)>', '<a href="javascript:alert(1)">', '<style>', '<!--', '-->', '<![CDATA[',
  'javascript:', 'JaVaScRiPt:', 'java\tscript:', 'vbscript:', 'data:text/html,', 'data:image/svg+xml,', 'https://example.org/', 'mailto:a@b.org', 'www.example.org', '//evil.example',
  ' onclick=', ' onerror=', ' style=', 'x()', '\u0000', '\uFFFD', '\uFEFF', '\u202E', '\u200B', '👩‍💻', 'é', 'ｊ',
];

/** Hostile Markdown: fragments and arbitrary text run together. */
export const hostileMarkdown = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) }), { maxLength: 80 })
  .map((pieces) => pieces.join(''));

/** Values a front matter field might hold, well or badly typed. */
const fieldValue = fc.oneof(
  fc.constantFrom('intro', 'a-b', '../x', '/etc/passwd', '__proto__', 'constructor', '', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Front matter: a YAML mapping of likely and unlikely fields, or arbitrary text between the fences. */
const frontMatter = fc.oneof(
  fc
    .record({ id: fieldValue, title: fieldValue, order: fieldValue, parent: fieldValue, extra: fieldValue }, { requiredKeys: [] })
    .map((fields) => stringify(fields)),
  fc.constantFrom('id: a\ntitle: A\norder: 1\n', 'a: &a [1,2]\nb: [*a,*a,*a]\n', 'id: a\nid: b\n', '[[[[[[', '!!binary aGk=', 'title: !!js/function "f"\n'),
  fc.string({ maxLength: 60 }),
);

/** A section file: front matter (well formed, broken or missing) and a hostile body. */
export const sectionFile = fc
  .tuple(fc.oneof({ weight: 5, arbitrary: frontMatter.map((yaml) => `---\n${yaml}\n---\n\n`) }, { weight: 1, arbitrary: fc.constantFrom('', '\uFEFF---\r\n', '---\n') }), hostileMarkdown)
  .map(([head, body]): SourceFile => ({ path: 'content/policy/fuzz.md', text: head + body }));

/** A valid section, id and order fixed, with a hostile body: it loads, and then must render safely. */
export const loadableSection = hostileMarkdown.map((body): SourceFile => ({ path: 'content/policy/fuzz.md', text: `---\nid: fuzz\ntitle: Fuzz\norder: 1\n---\n\n${body}` }));

const METADATA: SourceFile = { path: 'content/policy.yaml', text: 'title: Fuzz\nversion: "1.0"\ndate: "2024-01-01"\n' };

/** Asserts that a thrown value is a PolicyError carrying problems that a person can read. */
function assertPolicyError(error: unknown): void {
  assert.ok(error instanceof PolicyError, `expected a PolicyError, got ${String(error)}`);
  assert.ok(error.problems.length > 0);
  for (const problem of error.problems) {
    assert.equal(typeof problem.file, 'string');
    assert.equal(typeof problem.rule, 'string');
    assert.ok(problem.message.length > 0);
    if (problem.line !== undefined) assert.ok(Number.isInteger(problem.line) && problem.line >= 1, `line ${problem.line}`);
  }
}

/** How long one run of a property may take at most, in milliseconds (generous: the inputs are small). */
export const RUN_LIMIT_MS = 5_000;

/** Asserts `run` finished within RUN_LIMIT_MS. */
function timed<T>(run: () => T): T {
  const start = performance.now();
  const result = run();
  const elapsed = performance.now() - start;
  assert.ok(elapsed < RUN_LIMIT_MS, `one run took ${elapsed.toFixed(0)} ms`);
  return result;
}

/** The named properties. */
export const properties = {
  /** Any section file loads or fails with problems; assembling it fails only with a PolicyError. */
  'loader: never throws anything but a PolicyError': fc.property(sectionFile, (file) => {
    timed(() => {
      const parsed = parseSectionFile(file);
      assert.ok(parsed.section || parsed.problems.length > 0);
      const whole = parsePolicyFiles(METADATA, [file]);
      assert.ok(whole.document || whole.problems.length > 0);
      try {
        assemblePolicy(METADATA, [file]);
      } catch (error) {
        assertPolicyError(error);
      }
    });
  }),
  /** Any metadata text loads or fails with problems, never an exception. */
  'loader: metadata never throws': fc.property(fc.oneof(frontMatter, fc.string({ maxLength: 200 })), (text) => {
    timed(() => {
      const parsed = parseMetadataFile({ path: 'content/policy.yaml', text });
      assert.ok(parsed.metadata || parsed.problems.length > 0);
    });
  }),
  /** Whatever hostile text loads renders with no script, handler or dangerous URL left. */
  'renderer: nothing dangerous survives': fc.property(loadableSection, (file) => {
    timed(() => {
      let document: PolicyDocument;
      try {
        document = assemblePolicy(METADATA, [file]);
      } catch (error) {
        assertPolicyError(error);
        return;
      }
      const problems = dangerousMarkup(renderPolicyHtml(document));
      assert.deepEqual(problems, [], `dangerous markup in the rendering of ${JSON.stringify(file.text)}`);
    });
  }),
  /** A redline between two hostile versions does not crash, is lossless, and takes bounded time. */
  'redline: no crash, lossless, bounded time': fc.property(fc.array(hostileMarkdown, { minLength: 1, maxLength: 4 }), fc.array(hostileMarkdown, { minLength: 1, maxLength: 4 }), (oldBodies, newBodies) => {
    const toDocument = (bodies: string[]): PolicyDocument | undefined => {
      try {
        return assemblePolicy(METADATA, bodies.map((body, index) => ({ path: `content/policy/s${index}.md`, text: `---\nid: s${index}\ntitle: S ${index}\norder: ${index}\n---\n\n${body}` })));
      } catch (error) {
        assertPolicyError(error);
        return undefined;
      }
    };
    const oldDoc = toDocument(oldBodies);
    const newDoc = toDocument(newBodies);
    if (!oldDoc || !newDoc) return;
    timed(() => {
      const body = redlineBodyTree(computeRedline(oldDoc, newDoc), { view: 'inline' }).children as ElementContent[];
      assert.equal(textOf(acceptAll(body)), textOf(documentTree(newDoc).children as ElementContent[]), 'accepting every change gives the new text, exactly');
      assert.equal(textOf(rejectAll(body)), textOf(documentTree(oldDoc).children as ElementContent[]), 'rejecting every change gives the old text, exactly');
    });
  }),
  /** A redline between a generated document and a random edit of it is lossless, and its change ids run in page order. */
  'redline: lossless on generated documents and random edits': fc.property(sections, fc.array(edit, { minLength: 1, maxLength: 6 }), (generated, edits) => {
    const oldDoc = toGeneratedDocument(generated, '1');
    const newDoc = toGeneratedDocument(applyEdits(generated, edits), '2');
    const redline = computeRedline(oldDoc, newDoc);
    const texts = losslessTexts(redline, oldDoc, newDoc);
    assert.equal(texts.accepted, texts.newText, 'accepting every change gives the new text, exactly');
    assert.equal(texts.rejected, texts.oldText, 'rejecting every change gives the old text, exactly');
    const html = renderRedlineHtml(redline, { view: 'inline' });
    const anchors = [...html.matchAll(/ id="(change-\d+)"/g)].map((match) => match[1]);
    assert.deepEqual(anchors, redline.changes.map((change) => change.id), 'every change has its anchor, in page order');
    assert.deepEqual(redline.changes.map((change) => change.id), redline.changes.map((_, index) => `change-${index + 1}`), 'change ids count up from 1');
  }),
};

/** Runs one property; throws fast-check's report (with seed and path for replay) when it fails. */
export function runProperty(name: keyof typeof properties, options: { seed: number; numRuns: number }): void {
  fc.assert(properties[name] as fc.IRawProperty<unknown[]>, { seed: options.seed, numRuns: options.numRuns, endOnFailure: false });
}
