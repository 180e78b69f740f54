/** `policy series`: the branch as a versioned, threaded, git am-clean patch series with a section-by-section cover letter. */
import path from 'node:path';
import { makeSeries } from '../../src/lib/series/index.ts';
import { isPlaceholderUrl, siteUrl } from '../../src/lib/series/site-url.ts';
import { optionalSiteIdentity } from '../../src/lib/site/identity.ts';
import { println, userPath, type Command } from './command.ts';
import { parseOptions, usageError } from './options.ts';
import { repositoryRoot } from './repository.ts';

const HELP = `usage: policy series [--base REV] [-v N] [--to ADDR] [--cc ADDR] [-o DIR] [--cover FILE]
                     [--in-reply-to] [--attach-redline] [--max-mail-size KB] [--proposal SLUG]
                     [--no-signoff-check]

Makes a patch series of the commits on the current branch since its base, after checking that each
commit is signed off by its author, touches only content/policy/*.md and content/policy.yaml, and adds
no whitespace error (git diff --check).
Writes, all at once, into DIR (default outgoing/<branch>/v<N>):
  0000-cover-letter.patch ...  one file per message, for git send-email
  v<N>.mbox                    the whole thread, cover letter first (b4 am, git am --empty=drop)
  v<N>.am.mbox                 the patches only, for a plain git am
  redline-v<N>.html            with --attach-redline: the redline of the whole series as one HTML file
The cover letter carries, per changed section, each changed paragraph with its words marked
[-deleted-]{+inserted+} (wrapped at 72 columns), and from v2 on the same for what changed since the
previous version, and links the proposal's page on the site (url in site.yaml, or SITE_URL).
Every mail is plain text declared as UTF-8, with a Subject on one header line (at most 78
characters), and at most 40 KB. It checks that the series applies with git am at its base and gives
the branch tip's tree, and that lint passes; it remembers the version as the tag
policy-series/<branch>/v<N>. It sends nothing.

  --base REV          the commit the series applies to (default: the previous version's base,
                      else the upstream or main)
  -v, --version N     the version number (default: the previous version + 1)
  --to ADDR, --cc ADDR   recipients, written into the messages (repeatable); --to defaults to
                      the list address in site.yaml
  -o, --output DIR    output folder
  --cover FILE        title (first paragraph) and blurb; default: the branch description
                      ("git branch --edit-description")
  --in-reply-to       thread this version under the previous version's cover letter
  --attach-redline    write redline-v<N>.html and attach it to the cover letter (many lists strip
                      HTML, and it makes the mail larger than most lists accept); without it,
                      "policy redline <base> HEAD -o redline.html" makes the file
  --max-mail-size KB  the largest mail your list accepts (default 40, Mailman's default)
  --proposal SLUG     the proposal's name on the site, for the link (default: from the title)
  --no-signoff-check  do not require the author's Signed-off-by on each commit

Exit status: 0 made, 2 bad usage or refused (the reason names the commit and the file).`;

export const series: Command = {
  async run(args, io) {
    const { values, positionals } = parse(args);
    if (positionals.length) throw usageError('series', `takes no arguments besides options (got "${positionals[0]}")`);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw usageError('series', `-v takes a version number (1, 2, ...), not "${values.version}"`);
    const maxKb = values['max-mail-size'] === undefined ? undefined : Number(values['max-mail-size']);
    if (maxKb !== undefined && !(Number.isFinite(maxKb) && maxKb > 0)) throw usageError('series', `--max-mail-size takes a size in KB (40, 100, ...), not "${values['max-mail-size']}"`);
    // The repository's top, from anywhere in it: its site.yaml gives the list address (makeSeries finds the top itself).
    const repo = await repositoryRoot(io.cwd);
    const site = await siteUrl(repo, io.env);
    const result = await makeSeries({
      ...(site ? { siteUrl: site } : {}),
      cwd: io.cwd,
      ...(values.base !== undefined ? { base: values.base } : {}),
      ...(version !== undefined ? { version } : {}),
      // Recipients as given, else the previous version's, else the site's list.
      ...(values.to ? { to: values.to } : {}),
      ...(values.cc ? { cc: values.cc } : {}),
      defaultTo: [optionalSiteIdentity(repo)?.list ?? []].flat(),
      ...(values.output !== undefined ? { outputDir: values.output } : {}),
      ...(values.cover !== undefined ? { coverFile: userPath(io, values.cover) } : {}),
      inReplyTo: Boolean(values['in-reply-to']),
      signoffCheck: !values['no-signoff-check'],
      attachRedline: Boolean(values['attach-redline']),
      ...(values.proposal !== undefined ? { proposal: values.proposal } : {}),
      ...(maxKb !== undefined ? { maxMailBytes: maxKb * 1024 } : {}),
    });
    const where = path.relative(io.cwd, result.dir) || '.';
    println(io.stdout, `[PATCH v${result.version} 0/${result.total}] ${result.title}`);
    println(io.stdout, `base-commit: ${result.base}`);
    if (result.inReplyTo) println(io.stdout, `in reply to: <${result.inReplyTo}> (the v${result.previous?.version} cover letter)`);
    if (result.previous) {
      println(io.stdout, `changes since v${result.previous.version}: ${result.previous.changes.map((change) => change.status).join(', ')}`);
    }
    println(io.stdout, `wrote ${where}/: ${result.files.length} messages, ${result.mbox}, ${result.amMbox}${result.redlineFile ? `, ${result.redlineFile}` : ''}`);
    if (result.redlineFile && result.attachAsked && !result.redlineAttached) println(io.stdout, `note: the redline is not attached (git mailinfo did not accept it); send ${where}/${result.redlineFile} separately`);
    println(io.stdout, `checked: applies with git am at ${result.base.slice(0, 7)}, gives the tree of ${result.tip.slice(0, 7)}, lint passes`);
    println(io.stdout, `remembered as tag ${result.tag}`);
    // The cover letter links the proposal's page there: a placeholder address is a link that leads nowhere.
    if (site && isPlaceholderUrl(site)) println(io.stderr, `policy series: the cover letter links the proposal's page at ${site}, an example address; set the site's address as url in site.yaml`);
    if (result.uncommitted.length) println(io.stderr, `policy series: not in the series, because not committed: ${result.uncommitted.join(', ')}`);
    println(io.stdout, `\nNothing was sent. To send it:\n  ${result.sendCommand}`);
    return 0;
  },
};

/** Parses the options; an unknown one is a usage error (exit 2). */
function parse(args: string[]) {
  return parseOptions('series', args, {
    base: { type: 'string' },
    version: { type: 'string', short: 'v' },
    to: { type: 'string', multiple: true },
    cc: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    cover: { type: 'string' },
    'in-reply-to': { type: 'boolean' },
    'no-signoff-check': { type: 'boolean' },
    'attach-redline': { type: 'boolean' },
    'max-mail-size': { type: 'string' },
    proposal: { type: 'string' },
  }, HELP);
}
