/** `policy lint [DIR] [--fix]`: markdownlint with the project's config plus the policy rules, printed as markdownlint-cli2 prints. */
import { formatLintResult, lintPolicy } from '../../src/lib/lint/index.ts';
import { println, type Command } from './command.ts';
import { parseOptions, usageError } from './options.ts';
import { policyFolder } from './repository.ts';

const HELP = `usage: policy lint [DIR] [--fix]

Lints content/policy.yaml and content/policy/*.md under DIR (default: the current folder, or the top
of its git repository when run further down): markdownlint with .markdownlint-cli2.jsonc, and the
policy rules PL001-PL012 (front matter, unique ids, file named by its id, section order, internal
links, Change History against the metadata, metadata schema, literal markup, site.yaml schema, size
limits, a line a sentence, and the schema of content/releases.yaml, the record of repaired releases).
Prints each finding as markdownlint-cli2 does: file:line:column severity rule description [detail].

  --fix    apply the fixes markdownlint (and the link rule) can make, then report what is left

Exit status: 0 clean, 1 findings, 2 bad usage.`;

export const lint: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('lint', args, { fix: { type: 'boolean', default: false } }, HELP);
    if (positionals.length > 1) throw usageError('lint', `takes one folder, not ${positionals.length}`);
    const root = await policyFolder(io, positionals[0]);
    const report = await lintPolicy(root, { fix: values.fix });
    for (const result of report.results) println(io.stderr, formatLintResult(result));
    println(io.stdout, `Summary: ${report.results.length} error(s)`);
    return report.errorCount > 0 ? 1 : 0;
  },
};
