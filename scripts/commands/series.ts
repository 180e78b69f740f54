/** `policy series`: the branch as a versioned, threaded, git am-clean patch series with a section-by-section cover letter. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../src/lib/errors.ts';
import { makeSeries } from '../../src/lib/series/index.ts';
import type { Command } from './command.ts';

const HELP = `usage: policy series [--base REV] [-v N] [--to ADDR] [--cc ADDR] [-o DIR] [--cover FILE]
                     [--in-reply-to] [--no-signoff-check]

Makes a patch series of the commits on the current branch since its base, after checking that each
commit is signed off by its author and touches only content/policy/*.md and content/policy.yaml.
Writes, all at once, into DIR (default outgoing/<branch>/v<N>):
  0000-cover-letter.patch ...  one file per message, for git send-email
  v<N>.mbox                    the whole thread, cover letter first (b4 am, git am --empty=drop)
  v<N>.am.mbox                 the patches only, for a plain git am
  redline-v<N>.html            the redline of the whole series (also attached to the cover letter)
It checks that the series applies with git am at its base and gives the branch tip's tree, and that
lint passes; it remembers the version as the tag policy-series/<branch>/v<N>. It sends nothing.

  --base REV          the commit the series applies to (default: the previous version's base,
                      else the upstream or main)
  -v, --version N     the version number (default: the previous version + 1)
  --to ADDR, --cc ADDR   recipients, written into the messages (repeatable)
  -o, --output DIR    output folder
  --cover FILE        title (first paragraph) and blurb; default: the branch description
                      ("git branch --edit-description")
  --in-reply-to       thread this version under the previous version's cover letter
  --no-signoff-check  do not require the author's Signed-off-by on each commit

Exit status: 0 made, 1 refused (the reason names the commit and the file), 2 bad usage.`;

export const series: Command = {
  async run(args) {
    const { values, positionals } = parse(args);
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length) throw new UsageError(`takes no arguments besides options (got "${positionals[0]}"); run "policy series --help"`);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError(`-v takes a version number (1, 2, ...), not "${values.version}"`);
    const result = await makeSeries({
      cwd: '.',
      ...(values.base !== undefined ? { base: values.base } : {}),
      ...(version !== undefined ? { version } : {}),
      to: values.to ?? [],
      cc: values.cc ?? [],
      ...(values.output !== undefined ? { outputDir: values.output } : {}),
      ...(values.cover !== undefined ? { coverFile: values.cover } : {}),
      inReplyTo: Boolean(values['in-reply-to']),
      signoffCheck: !values['no-signoff-check'],
    });
    const where = path.relative('.', result.dir) || '.';
    console.log(`[PATCH v${result.version} 0/${result.total}] ${result.title}`);
    console.log(`base-commit: ${result.base}`);
    if (result.inReplyTo) console.log(`in reply to: <${result.inReplyTo}> (the v${result.previous?.version} cover letter)`);
    if (result.previous) {
      console.log(`changes since v${result.previous.version}: ${result.previous.changes.map((change) => change.status).join(', ')}`);
    }
    console.log(`wrote ${where}/: ${result.files.length} messages, ${result.mbox}, ${result.amMbox}${result.redlineFile ? `, ${result.redlineFile}` : ''}`);
    if (result.redlineFile && !result.redlineAttached) console.log(`note: the redline is not attached (git mailinfo did not accept it); send ${where}/${result.redlineFile} separately`);
    console.log(`checked: applies with git am at ${result.base.slice(0, 7)}, gives the tree of ${result.tip.slice(0, 7)}, lint passes`);
    console.log(`remembered as tag ${result.tag}`);
    if (result.uncommitted.length) console.error(`policy series: not in the series, because not committed: ${result.uncommitted.join(', ')}`);
    console.log(`\nNothing was sent. To send it:\n  ${result.sendCommand}`);
    return 0;
  },
};

/** Parses the options; an unknown one is a usage error (exit 2). */
function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        version: { type: 'string', short: 'v' },
        to: { type: 'string', multiple: true },
        cc: { type: 'string', multiple: true },
        output: { type: 'string', short: 'o' },
        cover: { type: 'string' },
        'in-reply-to': { type: 'boolean' },
        'no-signoff-check': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; run "policy series --help"`);
  }
}
