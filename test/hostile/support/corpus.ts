/** The hostile corpus under test/fixtures/hostile: cases with their expected outcome, and the files they stand for. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the hostile fixtures. */
export const CORPUS_DIR = path.resolve(fileURLToPath(new URL('../../fixtures/hostile', import.meta.url)));

/** One piece of a generated file: text repeated `times` (default 1), or raw bytes in hex. */
export type Piece = { text: string; times?: number } | { hex: string };

/** One case of a corpus, as written in its cases.json. */
export interface HostileCase {
  name: string;
  /** A Markdown body, or a whole file when `wholeFile` is true (markdown corpus). */
  file?: string;
  /** Whole section files that make the case together (front-matter corpus). */
  files?: string[];
  /** A file built from pieces, for inputs too big or too binary to commit. */
  generate?: Piece[];
  /** Name of the generated file (front-matter corpus). */
  fileName?: string;
  wholeFile?: boolean;
  expect: 'sanitized' | 'error';
  /** Rule of the expected problem, message fragment and exit code of `policy check`. */
  rule?: string;
  message?: string;
  exitCode?: number;
  /** Generous bound on the time the case may take. */
  seconds: number;
  /** False keeps the case out of the hostile site build. */
  site?: boolean;
}

/** Reads `<corpus>/cases.json`. */
export function readCases(corpus: string): HostileCase[] {
  return (JSON.parse(readFileSync(path.join(CORPUS_DIR, corpus, 'cases.json'), 'utf8')) as { cases: HostileCase[] }).cases;
}

/** Builds the bytes of generated pieces. */
export function generate(pieces: Piece[]): Buffer {
  return Buffer.concat(pieces.map((piece) => ('hex' in piece ? Buffer.from(piece.hex, 'hex') : Buffer.from(piece.text.repeat(piece.times ?? 1), 'utf8'))));
}

/** Replaces `{{id}}`, `{{order}}` and `{{title}}` in a file's bytes without touching any other byte. */
function fill(bytes: Buffer, values: Record<string, string>): Buffer {
  let text = bytes.toString('latin1');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, Buffer.from(value, 'utf8').toString('latin1'));
  return Buffer.from(text, 'latin1');
}

/** The section id a Markdown case is loaded under. */
export function caseId(hostile: HostileCase): string {
  return `hostile-${hostile.name}`;
}

/**
 * The section files of a case, by file name under content/policy/: a Markdown case becomes one section
 * `hostile-<name>.md`; a front-matter case is its files as they are. `order` fills `{{order}}`.
 */
export function caseFiles(corpus: 'markdown' | 'front-matter', hostile: HostileCase, order: number): Map<string, Buffer> {
  const values = { id: caseId(hostile), order: String(order), title: hostile.name };
  if (corpus === 'front-matter') {
    if (hostile.generate) return new Map([[hostile.fileName ?? `${hostile.name}.md`, fill(generate(hostile.generate), values)]]);
    return new Map((hostile.files ?? []).map((file) => [file, fill(readFileSync(path.join(CORPUS_DIR, corpus, file)), values)]));
  }
  const body = hostile.generate ? generate(hostile.generate) : readFileSync(path.join(CORPUS_DIR, corpus, hostile.file!));
  const text = hostile.wholeFile ? fill(body, values) : Buffer.concat([Buffer.from(`---\nid: ${values.id}\ntitle: "Hostile: ${hostile.name}"\norder: ${order}\n---\n\n`), body]);
  return new Map([[`${values.id}.md`, text]]);
}
