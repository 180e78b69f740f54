/**
 * Loads a PolicyDocument from one Markdown file: `##` headings are sections, `###` headings under them subsections,
 * front matter (when the file starts with it) is metadata, a `#` heading the title, the text before the first section
 * the lead. A file whose outline starts lower (only `###` and below, as many published policies do) has its sections
 * at its highest heading level instead.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { parseYamlSource } from '../yaml-source.ts';
import type { PolicyDocument, PolicyMetadata, PolicySection } from '../document.ts';
import { PolicyError, type Problem } from '../errors.ts';
import { groupDigits, MAX_POLICY_LENGTH, markdownLimitProblems, SIZE_LIMITS_TEXT } from '../markdown/limits.ts';
import { splitFrontMatter } from './parse.ts';

// ATX headings ("## Scope"); Setext ones ("Scope" over "-----") are found beside them in headings().
const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}(#{1,6})[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Reads and parses a Markdown file; throws a PolicyError (exit 2) naming the file when it is not a usable policy. */
export async function loadMarkdownFile(file: string): Promise<PolicyDocument> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyError({ file, rule: 'missing-file', message: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})` });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PolicyError({ file, rule: 'encoding', message: 'is not valid UTF-8; save the file as UTF-8' });
  }
  return parseMarkdownPolicy(text, file);
}

/** Splits Markdown text into a PolicyDocument (see the module comment). */
export function parseMarkdownPolicy(source: string, file: string): PolicyDocument {
  // (each section is held to the 1 MiB of a section file below, as in a folder)
  if (source.length > MAX_POLICY_LENGTH) {
    throw new PolicyError({ file, line: 1, rule: 'size', message: `is ${groupDigits(source.length)} characters long; ${SIZE_LIMITS_TEXT}` });
  }
  const nul = source.indexOf('\0');
  if (nul >= 0) throw new PolicyError({ file, line: source.slice(0, nul).split('\n').length, rule: 'encoding', message: 'contains a NUL byte; a policy must be UTF-8 text' });
  const { yaml, body, bodyLine } = splitFrontMatter(source.replace(/\r\n?/g, '\n'));
  const front = frontMatter(yaml, file);
  const lines = body.split('\n');
  const outline = headings(lines);
  const sectionDepth = outlineTop(outline);
  const slugger = new GithubSlugger();
  const sections: PolicySection[] = [];
  let title: string | undefined;
  let current: { section: PolicySection; start: number } | undefined;
  let parent: PolicySection | undefined;
  const preamble: string[] = [];
  // Blank lines trimmed off the start of each body, so problems found in a body can name the file's line.
  const skipped = new Map<PolicySection, number>();
  const close = (end: number) => {
    if (!current) return;
    const raw = lines.slice(current.start, end);
    current.section.body = trimBody(raw.join('\n'));
    skipped.set(current.section, Math.max(0, raw.findIndex((line) => line.trim() !== '')));
  };
  // The underline of a Setext heading that became the title or a section: it belongs to neither body.
  const consumed = new Set<number>();
  outline.forEach(({ line, depth: depthOrNone, title: text, setext }, index) => {
    if (consumed.has(index)) return;
    const depth = depthOrNone ?? 0;
    if (depth === 1 && !title && sections.length === 0) {
      title = text;
      if (setext) consumed.add(index + 1);
      return;
    }
    if (depth === sectionDepth || (depth === sectionDepth + 1 && parent)) {
      close(index);
      if (setext) consumed.add(index + 1);
      const headingTitle = text || `Section ${sections.length + 1}`;
      const section: PolicySection = {
        id: slugger.slug(headingTitle) || `section-${sections.length + 1}`,
        title: headingTitle,
        order: (sections.length + 1) * 10,
        ...(depth > sectionDepth ? { parent: parent!.id } : {}),
        body: '',
        source: { file, bodyLine: bodyLine + index + 1 },
      };
      if (depth === sectionDepth) parent = section;
      sections.push(section);
      current = { section, start: index + (setext ? 2 : 1) };
      return;
    }
    if (!current) preamble.push(line);
  });
  close(lines.length);
  shareDefinitions(lines, sections);
  if (sections.length === 0 && !source.trim()) throw new PolicyError({ file, line: 1, rule: 'not-a-policy', message: 'is empty; a policy file needs its text, with its sections as headings, such as "## Scope"' });
  if (sections.length === 0) {
    throw new PolicyError({ file, line: 1, rule: 'not-a-policy', message: 'has no "## " headings (nor any other heading below its title); a policy file needs its sections as headings, such as "## Scope"' });
  }
  // Markdown the renderer cannot take in bounded time and stack is refused before anything parses it, as the folder loader does.
  const limits = sections.flatMap((section) =>
    markdownLimitProblems(section.body).map((problem): Problem => ({ file, ...problem, line: problem.line + section.source!.bodyLine - 1 + (skipped.get(section) ?? 0), rule: 'markdown-limit' })),
  );
  const intro = withDefinitions(trimBody(preamble.join('\n')), definitionsOf(lines));
  // (the preamble is text like a section's; its line numbers count from the start of the text)
  limits.push(...markdownLimitProblems(intro).map((problem): Problem => ({ file, ...problem, line: problem.line + bodyLine - 1, rule: 'markdown-limit' })));
  if (limits.length) throw new PolicyError(limits);
  const metadata: PolicyMetadata = {
    title: front.title ?? title ?? path.basename(file, path.extname(file)),
    // Without a version of its own, the file is labelled by what the user typed (`old.md`, `v1.0:SECURITY.md`).
    version: front.version ?? file,
    date: front.date ?? '',
    ...(front.organisation ? { organisation: front.organisation } : {}),
    ...(front.linkBase ? { linkBase: front.linkBase } : {}),
    ...(intro ? { lead: intro } : {}),
  };
  const derived = [...((front.title ?? title) ? [] : ['title' as const]), ...(front.version ? [] : ['version' as const])];
  return { metadata, sections, ...(derived.length ? { derived } : {}) };
}

// A link reference definition at the top level: `[label]: destination "title"` (CommonMark 4.7, one line).
const DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:[ \t]*\S/;

/** A definition label as CommonMark matches it: case-folded, inner whitespace collapsed. */
function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** For each line, whether it belongs to fenced code (the fence lines included): no heading or definition there. */
function fencedLines(lines: string[]): boolean[] {
  let fence: string | undefined;
  return lines.map((line) => {
    const marker = FENCE.exec(line)?.[1];
    if (!marker) return fence !== undefined;
    if (!fence) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    return true;
  });
}

/** The file's link reference definitions outside fenced code, by normalized label; the first one of a label wins, as in CommonMark. */
function definitionsOf(lines: string[]): Map<string, string> {
  const definitions = new Map<string, string>();
  const fenced = fencedLines(lines);
  lines.forEach((line, index) => {
    const match = fenced[index] ? null : DEFINITION.exec(line);
    if (match && !definitions.has(normalizeLabel(match[1]!))) definitions.set(normalizeLabel(match[1]!), line.trim());
  });
  return definitions;
}

/** `body` with the definitions it refers to but does not hold appended: they render nothing, so only its links change. */
function withDefinitions(body: string, definitions: Map<string, string>): string {
  if (!body || definitions.size === 0) return body;
  const own = new Set(definitionsOf(body.split('\n')).keys());
  const used = new Set([...body.matchAll(/\[((?:[^\]\\]|\\.){1,999})\]/g)].map((match) => normalizeLabel(match[1]!)));
  const missing = [...definitions].filter(([label]) => used.has(label) && !own.has(label)).map(([, line]) => line);
  return missing.length ? `${body}\n${missing.join('\n')}\n` : body;
}

/**
 * Links in a file are resolved against definitions anywhere in it (often all at the end), but each section is rendered
 * on its own: give every section a copy of the definitions it uses, so `[text][ref]` renders as the link it is.
 */
function shareDefinitions(lines: string[], sections: PolicySection[]): void {
  const definitions = definitionsOf(lines);
  for (const section of sections) section.body = withDefinitions(section.body, definitions);
}

/** A line of a file, and the heading that starts at it, if one does. */
interface OutlineLine {
  line: string;
  depth?: number;
  title?: string;
  /** A Setext heading: its text is this line, its underline the next. */
  setext?: boolean;
}

const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
// Lines that open a block of their own, so a line of "-" or "=" under them is no Setext underline.
const BLOCK_START = /^(?: {4}| {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||<|#|`{3}|~{3}))/;

/** Each line with the heading that starts at it: ATX, or a one-line Setext heading; none inside fenced code. */
function headings(lines: string[]): OutlineLine[] {
  const fenced = fencedLines(lines);
  const out: OutlineLine[] = [];
  lines.forEach((line, index) => {
    if (fenced[index]) {
      out.push({ line });
      return;
    }
    const heading = ATX.exec(line);
    if (heading) {
      out.push({ line, depth: (heading[1] ?? heading[3])!.length, title: (heading[2] ?? '').trim() });
      return;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    const text = lines[index - 1];
    const before = lines[index - 2];
    // Only a one-line paragraph (a blank line or a heading above it) is taken: a longer one is rare in a policy's outline.
    if (underline && text?.trim() && !BLOCK_START.test(text) && out[index - 1]?.depth === undefined && (before === undefined || !before.trim() || out[index - 2]?.depth !== undefined)) {
      out[index - 1] = { line: text, depth: underline[1]!.startsWith('=') ? 1 : 2, title: text.trim(), setext: true };
    }
    out.push({ line });
  });
  return out;
}

/** The heading level of sections: 2, or the highest level below the title when the file has no `##` headings. */
function outlineTop(outline: OutlineLine[]): number {
  const depths = outline.flatMap(({ depth }) => (depth ? [depth] : []));
  // A leading `#` heading is the title; every further `#` heading is read as body text, as before.
  const below = depths.filter((depth) => depth >= 2);
  return below.reduce((lowest, depth) => Math.min(lowest, depth), below[0] ?? 2);
}

/** The front matter fields a single-file policy's metadata is read from; anything else (a site generator's) is ignored. */
export const FRONT_MATTER_FIELDS = ['title', 'version', 'date', 'organisation', 'linkBase'] as const;

/** Known metadata fields of the front matter; anything else (a site generator's fields) is ignored. */
function frontMatter(yaml: string | undefined, file: string): Partial<Record<(typeof FRONT_MATTER_FIELDS)[number], string>> {
  if (yaml === undefined) return {};
  // (the front matter starts on the file's second line, under its "---")
  const source = parseYamlSource(yaml, file, 2);
  if (source.problems.length) throw new PolicyError(source.problems.map((problem) => ({ ...problem, message: `has front matter that is not YAML: ${problem.message}` })));
  const data = source.data;
  if (!data || typeof data !== 'object') return {};
  const record = data as Record<string, unknown>;
  const out: Partial<Record<(typeof FRONT_MATTER_FIELDS)[number], string>> = {};
  for (const key of FRONT_MATTER_FIELDS) {
    const value = record[key];
    if (value instanceof Date) out[key] = value.toISOString().slice(0, 10);
    else if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return out;
}

/** A body without its leading and trailing blank lines, ending in one newline. */
function trimBody(body: string): string {
  const trimmed = body.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
  return trimmed ? `${trimmed}\n` : '';
}
