/** Builds a PolicyDocument from the text of its files, wherever they were read from. */
import type { PolicyDocument, PolicyMetadata, PolicySection } from '../document.ts';
import { PolicyError, type Problem } from '../errors.ts';
import { groupDigits, MAX_MARKDOWN_LENGTH, MAX_POLICY_LENGTH, markdownLimitProblems, SIZE_LIMITS_TEXT } from '../markdown/limits.ts';
import { metadataSchema, sectionFrontMatterSchema } from '../schema.ts';
import { parseYamlSource, validateYaml } from '../yaml-source.ts';
import { appendAll } from '../append.ts';
import { TreeMemo } from '../markdown/tree-memo.ts';

/** Where the policy lives inside a repository. */
export const POLICY_LAYOUT = {
  metadataFile: 'content/policy.yaml',
  sectionsDir: 'content/policy',
} as const;

/** A file's path (repository-relative) and its text. */
export interface SourceFile {
  path: string;
  text: string;
  /** Where in `text` the first byte sequence that is not UTF-8 was decoded (as U+FFFD); absent when the bytes are all UTF-8. */
  invalidAt?: number;
}

const LENIENT_UTF8 = new TextDecoder('utf-8');
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A policy file's bytes as text, marking where they stop being UTF-8. A U+FFFD written in the file (bytes EF BF BD)
 * is text like any other; only one the decoder had to make up marks a broken file.
 */
export function decodeSourceFile(path: string, bytes: Uint8Array): SourceFile {
  const text = LENIENT_UTF8.decode(bytes);
  try {
    STRICT_UTF8.decode(bytes);
    return { path, text };
  } catch {
    // Up to the first made-up U+FFFD every character is faithful, so the bytes before it are its UTF-8 length.
    let byte = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let from = 0;
    for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
      byte += Buffer.byteLength(text.slice(from, at));
      if (!(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd)) return { path, text, invalidAt: at };
      byte += 3;
      from = at + 1;
    }
    return { path, text, invalidAt: 0 };
  }
}

/** The document, or as much of it as could be read, and every problem found on the way. */
export interface ParseResult {
  document?: PolicyDocument;
  problems: Problem[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---` front matter from a Markdown file; `bodyLine` is the 1-based line the body starts on. */
export function splitFrontMatter(text: string): { yaml?: string; body: string; bodyLine: number } {
  const clean = text.replace(/^\uFEFF/, '');
  const match = FRONT_MATTER.exec(clean);
  if (!match) return { body: clean, bodyLine: 1 };
  const body = clean.slice(match[0].length);
  return { yaml: match[1], body, bodyLine: match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0) + 1 };
}

/**
 * Section files read before, by path and text. A site build reads the same file at many commits (every release, and
 * each proposal's base and patches): in the shipped site 37 distinct files in 250 reads, and the YAML parser that
 * keeps positions is the slow part. Handed out as copies, like the parsed Markdown.
 */
const parsedSections = new TreeMemo<{ section?: PolicySection; problems: Problem[] }>(2_000_000);

/** Reads one section file: front matter validated, body kept as written (a leading blank line dropped). */
export function parseSectionFile(file: SourceFile): { section?: PolicySection; problems: Problem[] } {
  return parsedSections.get(`${file.path}\0${file.invalidAt ?? ''}\0${file.text}`, file.text, () => parseSectionFileFresh(file));
}

/** What parseSectionFile reads, each time. */
function parseSectionFileFresh(file: SourceFile): { section?: PolicySection; problems: Problem[] } {
  const problems = checkText(file);
  if (problems.length) return { problems };
  const { yaml, body, bodyLine } = splitFrontMatter(file.text);
  if (yaml === undefined) {
    // A first line of --- that nothing closes is front matter begun, not front matter missing.
    const message = /^\uFEFF?---[ \t]*\r?\n/.test(file.text)
      ? 'opens its front matter with --- but never closes it; end the fields id, title and order with a line of ---'
      : 'has no front matter; start the file with --- and the fields id, title and order';
    return { problems: [{ file: file.path, line: 1, column: 1, rule: 'schema', message }] };
  }
  const { value, problems: schemaProblems } = validateYaml(parseYamlSource(yaml, file.path, 2), sectionFrontMatterSchema, file.path, 'the section front matter');
  if (!value) return { problems: schemaProblems };
  const leading = /^(?:[ \t]*\r?\n)*/.exec(body)![0];
  const section: PolicySection = {
    id: value.id,
    title: value.title,
    order: value.order,
    ...(value.parent ? { parent: value.parent } : {}),
    body: body.slice(leading.length).replace(/\r\n/g, '\n'),
    source: { file: file.path, bodyLine: bodyLine + leading.split('\n').length - 1 },
  };
  // Markdown the renderer cannot take in bounded time and stack is refused here, before anything parses it.
  const limits = markdownLimitProblems(section.body).map((problem): Problem => ({ file: file.path, ...problem, line: problem.line + section.source!.bodyLine - 1, rule: 'markdown-limit' }));
  if (limits.length) return { problems: limits };
  return { section, problems: [] };
}

/** Reads the metadata file. */
export function parseMetadataFile(file: SourceFile): { metadata?: PolicyMetadata; problems: Problem[] } {
  const problems = checkText(file);
  if (problems.length) return { problems };
  const source = parseYamlSource(file.text, file.path);
  const { value, problems: schemaProblems } = validateYaml(source, metadataSchema, file.path, 'the policy metadata');
  if (!value) return { problems: schemaProblems };
  const limits = markdownLimitProblems(value.lead ?? '').map((problem): Problem => ({ file: file.path, ...source.positionOf(['lead']), rule: 'markdown-limit', message: `field "lead" ${problem.message}` }));
  return limits.length ? { problems: limits } : { metadata: stripUndefined(value), problems: [] };
}

/** Assembles a document from its metadata file and section files, checking ids, order and parents. */
export function parsePolicyFiles(metadataFile: SourceFile | undefined, sectionFiles: SourceFile[]): ParseResult {
  const problems: Problem[] = [];
  let metadata: PolicyMetadata | undefined;
  if (!metadataFile) {
    problems.push({ file: POLICY_LAYOUT.metadataFile, rule: 'missing-file', message: 'is missing; a policy needs its metadata file (title, version, date)' });
  } else {
    const parsed = parseMetadataFile(metadataFile);
    appendAll(problems, parsed.problems);
    metadata = parsed.metadata;
  }
  const total = [metadataFile, ...sectionFiles].reduce((sum, file) => sum + (file?.text.length ?? 0), 0);
  if (total > MAX_POLICY_LENGTH) {
    problems.push({ file: POLICY_LAYOUT.sectionsDir, rule: 'size', message: `holds ${groupDigits(total)} characters with the metadata file; ${SIZE_LIMITS_TEXT}` });
  }
  if (sectionFiles.length === 0) {
    problems.push({ file: POLICY_LAYOUT.sectionsDir, rule: 'missing-file', message: 'holds no section files (*.md); a policy needs at least one section' });
  }
  const sections: PolicySection[] = [];
  for (const file of [...sectionFiles].sort((a, b) => compareStrings(a.path, b.path))) {
    const parsed = parseSectionFile(file);
    appendAll(problems, parsed.problems);
    if (parsed.section) sections.push(parsed.section);
  }
  appendAll(problems, checkSections(sections));
  sections.sort((a, b) => a.order - b.order || compareStrings(a.id, b.id));
  return { document: metadata && problems.length === 0 ? { metadata, sections } : undefined, problems };
}

/** Like parsePolicyFiles, but throws a PolicyError listing every problem. */
export function assemblePolicy(metadataFile: SourceFile | undefined, sectionFiles: SourceFile[]): PolicyDocument {
  const { document, problems } = parsePolicyFiles(metadataFile, sectionFiles);
  if (!document) throw new PolicyError(problems);
  return document;
}

/** Cross-section rules: unique ids and orders, file named by id, parents that exist and are top-level. */
function checkSections(sections: PolicySection[]): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, PolicySection>();
  const byOrder = new Map<number, PolicySection>();
  const at = (section: PolicySection, rule: string, message: string): Problem => ({ file: section.source?.file ?? section.id, line: 2, column: 1, rule, message });
  for (const section of sections) {
    const file = section.source?.file;
    if (file && !file.endsWith(`/${section.id}.md`) && file !== `${section.id}.md`) {
      problems.push(at(section, 'file-name', `declares id "${section.id}" but the file is not named ${section.id}.md; rename the file or fix the id`));
    }
    const twin = byId.get(section.id);
    if (twin) problems.push(at(section, 'duplicate-id', `repeats the id "${section.id}" of ${twin.source?.file}; ids must be unique`));
    else byId.set(section.id, section);
    const sameOrder = byOrder.get(section.order);
    if (sameOrder) problems.push(at(section, 'duplicate-order', `has order ${section.order}, as ${sameOrder.source?.file} has; give each section its own order`));
    else byOrder.set(section.order, section);
  }
  for (const section of sections) {
    if (!section.parent) continue;
    const parent = byId.get(section.parent);
    if (!parent) problems.push(at(section, 'parent', `names parent "${section.parent}", which is no section's id`));
    else if (parent.parent) problems.push(at(section, 'parent', `names parent "${section.parent}", which is itself a subsection; only two levels are allowed`));
    else if (parent.order > section.order) problems.push(at(section, 'parent', `comes before its parent "${section.parent}"; give it a larger order than ${parent.order}`));
  }
  return problems;
}

/** Refuses text that cannot be Markdown: NUL bytes, undecodable UTF-8, or more than a policy file ever needs. */
function checkText(file: SourceFile): Problem[] {
  if (file.text.length > MAX_MARKDOWN_LENGTH) {
    return [{ file: file.path, line: 1, column: 1, rule: 'size', message: `is ${groupDigits(file.text.length)} characters long; ${SIZE_LIMITS_TEXT}, split it into sections` }];
  }
  const nul = file.text.indexOf('\0');
  const bad = file.invalidAt ?? -1;
  const offset = nul >= 0 ? nul : bad;
  if (offset < 0) return [];
  const before = file.text.slice(0, offset).split('\n');
  return [{
    file: file.path,
    line: before.length,
    column: before.at(-1)!.length + 1,
    rule: 'encoding',
    message: nul >= 0 ? 'contains a NUL byte; policy files must be UTF-8 text' : 'is not valid UTF-8; save the file as UTF-8',
  }];
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Code-point order, independent of the locale, so output is reproducible. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
