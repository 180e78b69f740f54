/** YAML parsing that keeps positions, so schema errors can name the line of the field. */
import { LineCounter, parseDocument, isNode, isScalar } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './errors.ts';

/** Parsed YAML with a way back from a field path to its line and column. */
export interface YamlSource {
  data: unknown;
  problems: Problem[];
  /** Position of the value at `path` (or of the nearest parent that exists), 1-based. */
  positionOf(path: readonly PropertyKey[]): { line: number; column: number };
  /** The text of the value at `path` as the file writes it (`3.20`, where the data holds the number 3.2), if there is one. */
  textOf(path: readonly PropertyKey[]): string | undefined;
}

/** What the YAML errors a hand-edited file most often has mean, in the words of the file's author. */
const PLAIN_YAML_ERRORS: Partial<Record<string, string>> = {
  // `title 3. Disclosure` with a field on the next line, or alone.
  MULTILINE_IMPLICIT_KEY: 'is not a "field: value" line; put a colon and a space after the field name',
  MISSING_CHAR: 'is not a "field: value" line; put a colon and a space after the field name',
  // `id: x` then `  title: y`, indented as if inside it.
  BLOCK_AS_IMPLICIT_KEY: 'has a field indented under one that has a value already; start each field at the beginning of its line',
};

/** Parses YAML text that starts at `firstLine` of `file`; aliases are capped to defuse alias bombs. */
export function parseYamlSource(text: string, file: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };
  // One problem per distinct message, and per place: hostile nesting makes the parser repeat the same error once per
  // level, and a mistake often trips a second error at the same character, which only repeats the first less clearly.
  const seen = new Set<string>();
  const problems: Problem[] = doc.errors.flatMap((error) => {
    const first = error.message.split('\n')[0]!;
    const plain = PLAIN_YAML_ERRORS[error.code];
    const message = /call stack/i.test(first) ? 'nests too deeply to be read; flatten the YAML' : plain ? `${plain} (YAML: ${first})` : `${first}; fix the YAML syntax`;
    const position = toPosition(error.pos[0]);
    const place = `${position.line}:${position.column}`;
    if (seen.has(message) || seen.has(place)) return [];
    seen.add(message).add(place);
    return [{ file, ...position, rule: 'yaml', message }];
  });
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      problems.push({ file, ...toPosition(0), rule: 'yaml', message: `${(error as Error).message}; remove the aliases` });
    }
  }
  return {
    data,
    problems,
    positionOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range) return toPosition(node.range[0]);
      }
      return { line: firstLine, column: 1 };
    },
    textOf(path) {
      const node = doc.getIn(path as unknown[], true);
      return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
    },
  };
}

/** Validates parsed YAML against a schema, turning each issue into a problem at its field's line. */
export function validateYaml<T>(source: YamlSource, schema: z.ZodType<T>, file: string, what: string): { value?: T; problems: Problem[] } {
  if (source.problems.length > 0) return { problems: source.problems };
  const result = schema.safeParse(source.data ?? {}, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  const problems = result.error.issues.map((issue): Problem => {
    const field = issue.path.map(String).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const position = source.positionOf(unknownKeys.length ? [...issue.path, unknownKeys[0]!] : issue.path);
    const subject = unknownKeys.length
      ? `unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((key) => `"${key}"`).join(', ')}`
      : field
        ? `field "${field}"`
        : what;
    const message = unknownKeys.length ? `${subject} in ${what}; remove it or check its spelling` : `${subject} in ${what} ${describe(issue, source.textOf(issue.path))}`;
    return { file, ...position, rule: 'schema', message };
  });
  return { problems };
}

/** A readable phrase for a zod issue about a value the file writes as `written`. */
function describe(issue: z.core.$ZodIssue, written: string | undefined): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is missing; add it';
    // Unquoted, a version, a date or an abbreviated commit of digits is a number to YAML (3.20 is 3.2), true or null a
    // boolean or nothing: the fix is the quotes, around the text as written.
    if (issue.expected === 'string' && written !== undefined) {
      if (issue.input === null) return `must be text, but YAML reads ${written || 'an empty value'} as nothing; put the text there, in quotes`;
      if (typeof issue.input === 'number' || typeof issue.input === 'boolean') return `must be text, but YAML reads ${written} as a ${typeof issue.input}; put it in quotes: "${written}"`;
    }
    // zod calls Infinity and NaN "not a number"; say what they are.
    if (typeof issue.input === 'number') return `must be a finite ${issue.expected}, not ${String(issue.input)}`;
    return `must be a ${issue.expected}, not ${typeof issue.input}`;
  }
  return issue.message;
}
