/** `lint`: markdownlint-cli2 with the project's config, plus the policy's own rules, as one sorted list of findings. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseReleaseCorrections, RELEASE_CORRECTIONS_FILE } from '../history/release-corrections.ts';
import { readPolicyFiles } from '../load/folder.ts';
import { readFileIfPresent } from '../read-if-present.ts';
import { POLICY_LAYOUT } from '../load/parse.ts';
import { checkSiteIdentity } from '../site/identity.ts';
import { TOOL_ROOT } from '../tool-root.ts';
import { policyRules } from './custom-rules.ts';
import { checkPolicyFiles } from './file-checks.ts';
import { indexPolicy } from './policy-index.ts';
import { POLICY_RULES, problemToResult, sortLintResults, type LintResult } from './result.ts';

export { formatLintResult, POLICY_RULES, type LintResult } from './result.ts';

/** The markdownlint-cli2 configuration file the project keeps at its root. */
export const MARKDOWNLINT_CONFIG = '.markdownlint-cli2.jsonc';

/** This tool's own configuration, written for the policy's style: the rules for a tree that brings none of its own. */
export const TOOL_MARKDOWNLINT_CONFIG = path.join(TOOL_ROOT, MARKDOWNLINT_CONFIG);

/** What lint found. */
export interface LintReport {
  /** Findings sorted by file, line and rule; paths relative to the root. */
  results: LintResult[];
  /** How many findings are errors (not warnings). */
  errorCount: number;
}

/** Options of a lint run. */
export interface LintOptions {
  /** Apply markdownlint's fixes (and the policy rules' fixes) to the files, then report what is left. */
  fix?: boolean;
}

/**
 * The findings in the record of repaired releases under `root`, if it has one: the build ignores a record it cannot
 * read (with a warning) and publishes those releases at their first commits, so lint says so first.
 */
async function checkReleaseCorrections(root: string): Promise<LintResult[]> {
  const bytes = await readFileIfPresent(path.join(root, RELEASE_CORRECTIONS_FILE));
  if (!bytes) return [];
  return parseReleaseCorrections(bytes.toString('utf8')).problems.map((problem) => problemToResult(problem, POLICY_RULES.releaseCorrections));
}

/** Lints the policy under `root`: markdownlint with the root's config and the policy rules; nothing is thrown for findings. */
export async function lintPolicy(root: string, options: LintOptions = {}): Promise<LintReport> {
  const { metadataFile, sectionFiles } = await readPolicyFiles(root);
  const index = indexPolicy(metadataFile, sectionFiles);
  // A policy folder without site.yaml (a bare policy, a release commit made before it existed) is no finding; a wrong one is.
  const siteResults = checkSiteIdentity(root).problems.filter((problem) => problem.rule !== 'site').map((problem) => problemToResult(problem, POLICY_RULES.site));
  const fileResults = [...checkPolicyFiles(index), ...siteResults, ...(await checkReleaseCorrections(root))];
  // markdownlint and the policy rules take super-linear time on text beyond the limits the site renders (minutes on a
  // table of 30,000 columns): the limits are reported, and the rest waits until the files are within them.
  const beyond = [...new Set(fileResults.filter((result) => result.ruleNames[0] === POLICY_RULES.limits.code).map((result) => result.fileName))];
  if (beyond.length) {
    const skipped = beyond.map((fileName): LintResult => ({
      fileName,
      lineNumber: 1,
      ruleNames: [POLICY_RULES.limits.code, POLICY_RULES.limits.alias],
      ruleDescription: POLICY_RULES.limits.description,
      errorDetail: 'markdownlint and the other policy rules did not run: bring this file within the limits reported here and lint again',
      errorContext: null,
      errorRange: null,
    }));
    const results = sortLintResults([...fileResults, ...skipped]);
    return { results, errorCount: results.filter((result) => result.severity !== 'warning').length };
  }
  let markdownResults: LintResult[] = [];
  // Loaded here, not at the top: it is most of lint's start-up, and modules that only format results need none of it.
  const { main: markdownlintCli2 } = await import('markdownlint-cli2');
  const hasConfig = await access(path.join(root, MARKDOWNLINT_CONFIG)).then(() => true, () => false);
  await markdownlintCli2({
    directory: root,
    // A tree without a config of its own (a release commit made before the project kept one, say) is held to this
    // tool's rules, not markdownlint's defaults, which refuse the policy's established "-   item" style.
    argv: hasConfig ? [] : ['--config', TOOL_MARKDOWNLINT_CONFIG, '--no-globs', `${POLICY_LAYOUT.sectionsDir}/*.md`],
    logMessage: () => {},
    logError: () => {},
    optionsOverride: {
      fix: Boolean(options.fix),
      customRules: policyRules(index, path.resolve(root)),
      outputFormatters: [[({ results }: { results: LintResult[] }) => void (markdownResults = results)]],
    },
  });
  const results = sortLintResults([...fileResults, ...markdownResults]);
  return { results, errorCount: results.filter((result) => result.severity !== 'warning').length };
}
