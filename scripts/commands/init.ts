/** `policy init <dir> --from <file> [--git <repository>]`: a new policy site from an existing Markdown policy and its history. */
import { initPolicySite } from '../../src/lib/init/index.ts';
import { formatLintResult } from '../../src/lib/lint/index.ts';
import { println, userPath, type Command } from './command.ts';
import { parseOptions, usageError } from './options.ts';

const HELP = `usage: policy init <dir> --from <file> [--git <repository>]

Makes <dir> (a new folder) a git repository holding this project's site with your policy in place of
the Xen text: ## headings become sections (ids from the headings without their numbers: "## 1. Scope"
is scope), the title, version and date come from what the file says (front matter, a "Version 1.2"
line, a date line, a Change History entry); a lead line that only says the version or date is taken
out of the text, as the metadata holds it.

  --from FILE     the Markdown policy (e.g. SECURITY.md); with --git, its path at that repository's
                  HEAD (a file renamed away before HEAD is refused, naming its new path)
  --git REPO      import the file's whole history from REPO (a bare repository too), following
                  renames: each revision becomes a commit with its original author, date and
                  message; revisions that carry a version (a version line, a Change History entry
                  or a tag) become releases, tagged policy-v<version>; when none carries one,
                  every revision that changes the text is a release named by its date (2019.07.02)

It never overwrites: <dir> must not exist or be empty. It says what it made, what it guessed and
which lint rules it fitted to your text; the new repository lints clean and builds.
Exit status: 0 done, 1 done but the new policy has lint findings (printed), 2 bad input or refusal
(nothing is left behind).`;

/** What a rule turned off means for the published text, where that is more than a matter of style. */
const RULE_NOTES: Record<string, string> = {
  'no-inline-html': '; the site publishes no raw HTML: its tags are dropped, and so is all the text of an HTML block (lines that start with a tag, such as <details>), so rewrite those as Markdown',
};

export const init: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('init', args, { from: { type: 'string' }, git: { type: 'string' } }, HELP);
    if (positionals.length !== 1) throw usageError('init', `give the new folder, once (got ${positionals.length})`);
    if (!values.from) throw usageError('init', 'give the policy to start from with --from FILE (e.g. --from SECURITY.md)');
    const report = await initPolicySite({ dir: userPath(io, positionals[0]!), from: values.git ? values.from : userPath(io, values.from), ...(values.git ? { git: userPath(io, values.git) } : {}) });
    // The folder as the user typed it, so "next: cd …" is the command they would write ("../../tmp/x" for /tmp/x is not).
    const where = positionals[0]!.replace(/(?<=.)\/+$/, '');
    const releases = report.revisions.filter((revision) => revision.release);
    println(io.stdout, `made ${where}/: "${report.title}", ${report.sections} sections, ${report.revisions.length} commit${report.revisions.length === 1 ? '' : 's'} of policy history and one of the site`);
    println(io.stdout, `releases (${report.mode === 'dates' ? 'no revision carries a version: each change is a release named by its date' : 'from the versions the revisions carry'}):`);
    for (const release of releases.slice(-10)) println(io.stdout, `  v${release.version}  ${release.date}  ${release.commit.slice(0, 12)}${release.source ? ` (from ${release.source.slice(0, 12)})` : ''}  version from ${release.versionFrom}`);
    if (releases.length > 10) println(io.stdout, `  ... and ${releases.length - 10} older (git -C ${where} tag --list "policy-v*")`);
    for (const { field, line, revisions } of report.leadLines) {
      println(io.stdout, `took the ${field} from the line "${line}" and removed that line from the lead (in ${revisions} of ${report.revisions.length} revision${report.revisions.length === 1 ? '' : 's'}): content/policy.yaml's ${field} says it now`);
    }
    const { shortcodeLines } = report;
    if (shortcodeLines.lines.length) {
      const shown = [...new Set(shortcodeLines.lines)].slice(0, 3).join(', ');
      println(io.stdout, `took out the lines that held only a Hugo shortcode (${shown}; in ${shortcodeLines.revisions} of ${report.revisions.length} revision${report.revisions.length === 1 ? '' : 's'}): Markdown would publish them as text`);
    }
    const notes = [
      ...report.skipped.map((line) => `left out: ${line}`),
      ...report.revisions.flatMap((revision) => (revision.note ? [`${revision.source?.slice(0, 12) ?? 'the file'}: ${revision.note}`] : [])),
      ...report.derived.map((field) => `guessed the ${field}: check content/policy.yaml`),
      ...(report.unusedFrontMatter.length ? [`not carried over from the front matter: ${report.unusedFrontMatter.join(', ')} (the policy has no field for them)`] : []),
      ...(shortcodeLines.inline ? [`a Hugo shortcode inside the text is published as written (${shortcodeLines.inline}): replace it with Markdown`] : []),
      ...report.rulesOff.map((rule) => `lint rule ${rule.rule} turned off: your text breaks it ${rule.count} time${rule.count === 1 ? '' : 's'} (first at ${rule.first}); see .markdownlint-cli2.jsonc${RULE_NOTES[rule.rule] ?? ''}`),
      'set the site\'s address, organisation, licence, list address and repository in site.yaml',
    ];
    println(io.stdout, `to check:\n${notes.map((note) => `  - ${note}`).join('\n')}`);
    for (const result of report.lint) println(io.stderr, formatLintResult(result));
    println(io.stdout, `\nnext: cd ${where} && npm ci && npm run build`);
    return report.lint.length ? 1 : 0;
  },
};
