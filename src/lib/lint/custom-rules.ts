/** The policy rules that look at Markdown bodies, as markdownlint custom rules (configurable like any rule). */
import path from 'node:path';
import type { Definition, Link, Root } from 'mdast';
import type { Rule, RuleOnError, RuleParams } from 'markdownlint';
import { visit } from 'unist-util-visit';
import { parseMarkdown } from '../markdown/parse.ts';
import { compareVersions, isoOf, readChangeHistory, sameDay } from './change-history.ts';
import { checkLinkTarget } from './link-target.ts';
import { findLiteralMarkup } from './literal-markup.ts';
import { findRunOnSentences } from './sentence-lines.ts';
import type { PolicyIndex } from './policy-index.ts';
import { POLICY_RULES, type PolicyRule } from './result.ts';

/** The id of the section that holds the Change History. */
export const CHANGE_HISTORY_ID = 'change-history';

/** Custom rules bound to the index of the policy being linted; `root` turns markdownlint's file names into repository paths. */
export function policyRules(index: PolicyIndex, root: string): Rule[] {
  const sectionOf = (params: RuleParams) => index.sectionsByFile.get(path.relative(root, path.resolve(root, params.name)).split(path.sep).join('/'));
  /** A markdownlint rule for a policy rule, run on every section body (or only where `applies` says). */
  const bodyRule = (rule: PolicyRule, tags: string[], check: BodyCheck, applies: (section: { id: string }) => boolean = () => true): Rule => ({
    names: [rule.code, rule.alias],
    description: rule.description,
    tags: ['policy', ...tags],
    parser: 'none',
    function(params, onError) {
      const section = sectionOf(params);
      if (section && applies(section)) check(params, onError, index);
    },
  });
  return [
    bodyRule(POLICY_RULES.linkTarget, ['links'], checkLinks),
    bodyRule(POLICY_RULES.changeHistory, ['metadata'], checkChangeHistory, (section) => section.id === CHANGE_HISTORY_ID),
    bodyRule(POLICY_RULES.literalMarkup, ['emphasis', 'links'], checkLiteralMarkup),
    bodyRule(POLICY_RULES.sentenceLines, ['whitespace'], checkSentenceLines),
  ];
}

/** One policy rule's check of a section body. */
type BodyCheck = (params: RuleParams, onError: RuleOnError, index: PolicyIndex) => void;

/** A body as the rules read it: its tree, its text, and where that text starts in markdownlint's lines. */
interface ParsedBody {
  tree: Root;
  /** `params.lines` joined, without the blank lines markdownlint keeps between the front matter and the body. */
  source: string;
  /** Lines and characters of `params.lines` before `source`. */
  lineShift: number;
  offsetShift: number;
}

/**
 * The body markdownlint hands the rules, parsed once for all of them: the index has parsed the same text already
 * (a section's body is the file after its front matter, leading blank lines dropped), so usually nothing is parsed.
 */
function parsedBody(params: RuleParams, index: PolicyIndex): ParsedBody {
  const text = params.lines.join('\n');
  const leading = /^(?:[ \t]*\n)*/.exec(text)![0];
  const source = text.slice(leading.length);
  let tree = index.trees.get(source);
  if (!tree) index.trees.set(source, (tree = parseMarkdown(source)));
  return { tree, source, lineShift: leading.split('\n').length - 1, offsetShift: leading.length };
}

/** Reports each sentence that starts mid-line, with the fix that breaks the line before it (at the paragraph's indentation). */
function checkSentenceLines(params: RuleParams, onError: RuleOnError, index: PolicyIndex): void {
  const { tree, source, offsetShift } = parsedBody(params, index);
  const place = placer(params.lines);
  for (const found of findRunOnSentences(tree, source)) {
    const at = place(found.offset + offsetShift);
    const line = params.lines[at.lineNumber - 1]!;
    onError({
      lineNumber: at.lineNumber,
      detail: 'start the next sentence on a new line (semantic line breaks: diffs then show the sentence that changed)',
      context: line.slice(Math.max(0, at.column - 21), at.column + 19),
      range: [at.column, found.length],
      fixInfo: { editColumn: at.column, deleteCount: found.length, insertText: found.insert },
    });
  }
}

/** Turns a 0-based offset into the joined lines into a 1-based line and column. */
function placer(lines: readonly string[]): (offset: number) => { lineNumber: number; column: number } {
  const lineStarts: number[] = [];
  let sum = 0;
  for (const line of lines) {
    lineStarts.push(sum);
    sum += line.length + 1;
  }
  return (offset) => {
    let line = lineStarts.length - 1;
    while (line > 0 && lineStarts[line]! > offset) line--;
    return { lineNumber: line + 1, column: offset - lineStarts[line]! + 1 };
  };
}

/** Reports markup that renders as literal text, with a fix that adds the missing space when that is the cause. */
function checkLiteralMarkup(params: RuleParams, onError: RuleOnError, index: PolicyIndex): void {
  const { tree, source, offsetShift } = parsedBody(params, index);
  const place = placer(params.lines);
  for (const finding of findLiteralMarkup(tree, source)) {
    const at = place(finding.offset + offsetShift);
    const fix = finding.fix && place(finding.fix.offset + offsetShift);
    onError({
      lineNumber: at.lineNumber,
      detail: finding.message,
      context: params.lines[at.lineNumber - 1]!.slice(Math.max(0, at.column - 21), at.column + 19),
      range: [at.column, finding.length],
      fixInfo: fix && fix.lineNumber === at.lineNumber ? { editColumn: fix.column, insertText: finding.fix!.insert } : undefined,
    });
  }
}

/** Reports each link or link definition whose target does not resolve; offers the fix when it names a section file. */
function checkLinks(params: RuleParams, onError: RuleOnError, index: PolicyIndex): void {
  const { tree, lineShift } = parsedBody(params, index);
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return;
    const { url, position } = node as Link | Definition;
    const finding = checkLinkTarget(url, index);
    if (!finding || !position) return;
    const lineNumber = position.start.line + lineShift;
    const endLine = position.end.line + lineShift;
    const text = params.lines[lineNumber - 1] ?? '';
    const sameLine = endLine === lineNumber;
    const urlColumn = text.indexOf(url, position.start.column - 1) + 1;
    onError({
      lineNumber,
      detail: finding.message,
      context: sameLine ? text.slice(position.start.column - 1, position.end.column - 1) : undefined,
      range: sameLine ? [position.start.column, position.end.column - position.start.column] : undefined,
      fixInfo: finding.replacement && urlColumn > 0 ? { editColumn: urlColumn, deleteCount: url.length, insertText: finding.replacement } : undefined,
    });
  });
}

/** Compares the newest Change History entry with the metadata's version and date, and the entries' order. */
function checkChangeHistory(params: RuleParams, onError: RuleOnError, index: PolicyIndex): void {
  const { tree, lineShift } = parsedBody(params, index);
  const entries = readChangeHistory(tree).map((entry) => ({ ...entry, line: entry.line + lineShift }));
  const newest = entries[0];
  if (!newest) {
    onError({ lineNumber: 1, detail: 'found no entry like "-   **v1.0 Jan 1st 2024:** what changed"; start the list with the newest version' });
    return;
  }
  const at = { lineNumber: newest.line, range: newest.length ? [newest.column, newest.length] : undefined, context: newest.label };
  const metadata = index.metadata;
  if (metadata && compareVersions(metadata.version, newest.version) !== 0) {
    onError({ ...at, detail: `newest entry is v${newest.version} but content/policy.yaml has version "${metadata.version}"; add an entry for v${metadata.version} or fix the version` });
  }
  if (newest.dates.length === 0) {
    onError({ ...at, detail: `cannot read a date in "${newest.label}"; write it like "Aug 8th 2019"` });
  } else if (metadata && compareVersions(metadata.version, newest.version) === 0 && !newest.dates.some((date) => sameDay(metadata.date, date))) {
    onError({ ...at, detail: `v${newest.version} is dated ${isoOf(newest.dates[0]!)} but content/policy.yaml has date "${metadata.date}"; make them agree` });
  }
  entries.slice(1).forEach((entry, i) => {
    const previous = entries[i]!;
    if (compareVersions(entry.version, previous.version) >= 0) {
      onError({ lineNumber: entry.line, range: entry.length ? [entry.column, entry.length] : undefined, context: entry.label, detail: `v${entry.version} is listed after v${previous.version}; list entries newest first` });
    }
  });
}
