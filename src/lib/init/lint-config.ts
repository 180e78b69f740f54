/**
 * The markdownlint configuration of an imported policy: this project's rules, fitted to the policy's own established
 * style, as the Xen text's configuration is. A rule the imported text breaks is turned off, with a comment naming
 * where, so the new repository lints clean and the user sees what to fix to turn it back on.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lintPolicy, MARKDOWNLINT_CONFIG, POLICY_RULES, type LintResult } from '../lint/index.ts';

/** The rules every policy site starts from (see this project's own .markdownlint-cli2.jsonc for why). */
const BASE_RULES: Record<string, unknown> = {
  default: true,
  'first-line-heading': false,
  'line-length': false,
  'no-inline-html': true,
  'link-fragments': false,
  'no-trailing-spaces': false,
  'no-bare-urls': false,
  'descriptive-link-text': false,
};

// Rules the site needs to build: never turned off, reported instead.
const REQUIRED = new Set<string>([POLICY_RULES.frontMatter, POLICY_RULES.uniqueId, POLICY_RULES.fileName, POLICY_RULES.order, POLICY_RULES.metadata, POLICY_RULES.site].map((rule) => rule.code));

/** A rule turned off, and where the imported text breaks it. */
export interface RuleTurnedOff {
  rule: string;
  count: number;
  first: string;
}

/** Writes the configuration into `root`, turning off what the policy there breaks; returns those rules and what is left. */
export async function fitLintConfig(root: string): Promise<{ off: RuleTurnedOff[]; remaining: LintResult[] }> {
  await writeConfig(root, BASE_RULES, []);
  const first = await lintPolicy(root);
  const byRule = new Map<string, LintResult[]>();
  for (const result of first.results) {
    const [code, alias] = result.ruleNames;
    if (REQUIRED.has(code!)) continue;
    const name = alias ?? code!;
    byRule.set(name, [...(byRule.get(name) ?? []), result]);
  }
  const off = [...byRule].map(([rule, results]): RuleTurnedOff => ({ rule, count: results.length, first: `${results[0]!.fileName}:${results[0]!.lineNumber}` }));
  if (off.length) await writeConfig(root, BASE_RULES, off);
  // Turning rules off takes away their findings and nothing else: what is left are the rules the site needs.
  return { off, remaining: first.results.filter((result) => REQUIRED.has(result.ruleNames[0]!)) };
}

/** Writes `.markdownlint-cli2.jsonc` with the base rules and, commented, the rules turned off. */
async function writeConfig(root: string, rules: Record<string, unknown>, off: RuleTurnedOff[]): Promise<void> {
  const lines = Object.entries(rules).map(([rule, value]) => `    ${JSON.stringify(rule)}: ${JSON.stringify(value)}`);
  for (const { rule, count, first } of off) {
    lines.push(`    // Off at import: the policy breaks it ${count} time${count === 1 ? '' : 's'} (first at ${first}); fix the text and remove this line.`);
    lines.push(`    ${JSON.stringify(rule)}: false`);
  }
  const text = `// markdownlint for the policy's Markdown (run by \`npx policy lint\`); rules as markdownlint names them,
// and the policy rules PL005 (link-target), PL006 (change-history) and PL008 (literal-markup).
{
  "globs": ["content/**/*.md"],
  "config": {
${lines.map((line, index) => (index < lines.length - 1 && !line.trimStart().startsWith('//') ? `${line},` : line)).join('\n')}
  }
}
`;
  await writeFile(path.join(root, MARKDOWNLINT_CONFIG), text);
}
