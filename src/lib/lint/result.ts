/** One lint finding in markdownlint-cli2's shape, and its one-line printout. */
import type { Problem } from '../errors.ts';
import { compareStrings } from '../load/parse.ts';

/** A finding, as markdownlint-cli2 hands results to its output formatters. */
export interface LintResult {
  /** Path relative to the linted root, with forward slashes. */
  fileName: string;
  lineNumber: number;
  /** Rule code and alias, e.g. ["MD033", "no-inline-html"] or ["PL005", "link-target"]. */
  ruleNames: string[];
  ruleDescription: string;
  errorDetail: string | null;
  errorContext: string | null;
  /** Column (1-based) and length, when the finding has a place on the line. */
  errorRange: number[] | null;
  severity?: 'error' | 'warning';
  /** Present when markdownlint can fix it with --fix. */
  fixInfo?: unknown;
}

/** Formats a finding exactly as markdownlint-cli2's default formatter does: `file:line:column severity RULE/alias description [detail] [Context: "…"]`. */
export function formatLintResult(result: LintResult): string {
  const column = result.errorRange?.[0] ? `:${result.errorRange[0]}` : '';
  const severity = result.severity ? ` ${result.severity}` : '';
  const detail = result.errorDetail ? ` [${result.errorDetail}]` : '';
  const context = result.errorContext ? ` [Context: "${result.errorContext}"]` : '';
  return `${result.fileName}:${result.lineNumber}${column}${severity} ${result.ruleNames.join('/')} ${result.ruleDescription}${detail}${context}`;
}

/** Sorts findings as markdownlint-cli2 does: by file, line, then rule. */
export function sortLintResults(results: LintResult[]): LintResult[] {
  return [...results].sort(
    (a, b) => compareStrings(a.fileName, b.fileName) || a.lineNumber - b.lineNumber || compareStrings(a.ruleNames[0] ?? '', b.ruleNames[0] ?? ''),
  );
}

/** A policy rule: its markdownlint-style code, alias and one-line description. */
export interface PolicyRule {
  code: string;
  alias: string;
  description: string;
}

/** The policy's own rules, numbered after markdownlint's MD rules. */
export const POLICY_RULES = {
  frontMatter: { code: 'PL001', alias: 'front-matter', description: 'Section front matter must match the schema' },
  uniqueId: { code: 'PL002', alias: 'unique-id', description: 'Section ids must be unique' },
  fileName: { code: 'PL003', alias: 'file-name', description: 'A section file must be named by its id' },
  order: { code: 'PL004', alias: 'section-order', description: 'Sections must have one complete order' },
  linkTarget: { code: 'PL005', alias: 'link-target', description: 'Internal links must resolve' },
  changeHistory: { code: 'PL006', alias: 'change-history', description: 'Metadata version and date must match the newest Change History entry' },
  metadata: { code: 'PL007', alias: 'metadata', description: 'Policy metadata must match the schema' },
  literalMarkup: { code: 'PL008', alias: 'literal-markup', description: 'Emphasis and link markup must render, not show as text' },
  site: { code: 'PL009', alias: 'site-identity', description: 'The site identity (site.yaml) must match the schema' },
  limits: { code: 'PL010', alias: 'markdown-limit', description: 'Files must stay within the limits the site renders' },
  sentenceLines: { code: 'PL011', alias: 'sentence-lines', description: 'Each sentence of a paragraph starts on a line of its own' },
  releaseCorrections: { code: 'PL012', alias: 'release-corrections', description: 'The record of repaired releases (content/releases.yaml) must match the schema' },
} as const satisfies Record<string, PolicyRule>;

/** Turns a loader problem into a finding of `rule`, keeping its file, line, column and sentence. */
export function problemToResult(problem: Problem, rule: PolicyRule): LintResult {
  return {
    fileName: problem.file,
    lineNumber: problem.line ?? 1,
    ruleNames: [rule.code, rule.alias],
    ruleDescription: rule.description,
    errorDetail: problem.message,
    errorContext: null,
    errorRange: problem.column ? [problem.column, 1] : null,
    severity: 'error',
  };
}
