/** The policy rules that look at files as a whole (front matter, metadata, ids, order), from the loader's own problems. */
import type { Link } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Problem } from '../errors.ts';
import { parsePolicyFiles, POLICY_LAYOUT, splitFrontMatter, type SourceFile } from '../load/parse.ts';
import { parseMarkdown } from '../markdown/parse.ts';
import { parseYamlSource } from '../yaml-source.ts';
import { checkLinkTarget } from './link-target.ts';
import type { PolicyIndex } from './policy-index.ts';
import { POLICY_RULES, problemToResult, type LintResult, type PolicyRule } from './result.ts';
import { appendAll } from '../append.ts';

/** Which policy rule a loader problem belongs to, and which front matter field it is about. */
const LOADER_RULES: Record<string, { rule: PolicyRule; field?: string }> = {
  'duplicate-id': { rule: POLICY_RULES.uniqueId, field: 'id' },
  'file-name': { rule: POLICY_RULES.fileName, field: 'id' },
  'duplicate-order': { rule: POLICY_RULES.order, field: 'order' },
  parent: { rule: POLICY_RULES.order, field: 'parent' },
  size: { rule: POLICY_RULES.limits },
  'markdown-limit': { rule: POLICY_RULES.limits },
};

/** Every problem of the loader (schema, ids, file names, order), plus order gaps and metadata links, as findings. */
export function checkPolicyFiles(index: PolicyIndex): LintResult[] {
  const { problems } = parsePolicyFiles(index.metadataFile, index.sectionFiles);
  const byPath = new Map(index.sectionFiles.map((file) => [file.path, file]));
  const results = problems.map((problem) => {
    const known = LOADER_RULES[problem.rule];
    if (known) return problemToResult(atField(problem, byPath.get(problem.file), known.field), known.rule);
    const isSection = byPath.has(problem.file) || problem.file === POLICY_LAYOUT.sectionsDir;
    return problemToResult(problem, isSection ? POLICY_RULES.frontMatter : POLICY_RULES.metadata);
  });
  const orderReported = problems.some((problem) => problem.rule === 'parent' || problem.rule === 'duplicate-order');
  if (!orderReported) appendAll(results, checkSubsectionsFollowParents(index, byPath));
  appendAll(results, checkLeadLinks(index));
  return results;
}

/** Moves a cross-section problem from the start of the front matter to the line of the field it is about. */
function atField(problem: Problem, file: SourceFile | undefined, field: string | undefined): Problem {
  if (!file || !field) return problem;
  const { yaml } = splitFrontMatter(file.text);
  if (yaml === undefined) return problem;
  const { line, column } = parseYamlSource(yaml, file.path, 2).positionOf([field]);
  return { ...problem, line, column };
}

/** A subsection must come right after its parent or a sibling, so the order read top to bottom is the page's order. */
function checkSubsectionsFollowParents(index: PolicyIndex, byPath: Map<string, SourceFile>): LintResult[] {
  const sections = [...index.sectionsByFile.values()].sort((a, b) => a.order - b.order);
  const results: LintResult[] = [];
  sections.forEach((section, i) => {
    if (!section.parent || i === 0) return;
    const before = sections[i - 1]!;
    if (before.id === section.parent || before.parent === section.parent) return;
    const parentIndex = sections.findIndex((other) => other.id === section.parent);
    const next = sections.slice(parentIndex + 1).find((other) => !other.parent);
    const problem: Problem = {
      file: section.source?.file ?? section.id,
      line: 2,
      column: 1,
      rule: 'order',
      message: `has order ${section.order}, after "${before.id}" (${before.order}), which is neither its parent "${section.parent}" nor a sibling; give it an order between its parent's and ${next ? `"${next.id}" (${next.order})` : 'the next top-level section'}`,
    };
    results.push(problemToResult(atField(problem, byPath.get(problem.file), 'order'), POLICY_RULES.order));
  });
  return results;
}

/** The metadata's lead sentence is Markdown too: its `#anchor` links must resolve. */
function checkLeadLinks(index: PolicyIndex): LintResult[] {
  const lead = index.metadata?.lead;
  const file = index.metadataFile;
  if (!lead || !file) return [];
  const { line, column } = parseYamlSource(file.text, file.path).positionOf(['lead']);
  const results: LintResult[] = [];
  visit(parseMarkdown(lead), 'link', (node: Link) => {
    const finding = checkLinkTarget(node.url, index);
    if (finding) results.push(problemToResult({ file: file.path, line, column, rule: 'link', message: `in the lead: ${finding.message}` }, POLICY_RULES.linkTarget));
  });
  return results;
}
