import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/lib/errors.ts';
import { checkSeries } from '../../src/lib/proposals/check.ts';
import { makeSeries, type SeriesResult } from '../../src/lib/series/index.ts';
import { runCli } from '../support/cli.ts';
import { useProcessEnv } from '../support/process-env.ts';
import { commitFiles, GIT_TEST_ENV, gitSync, policyFiles, repoTemplate, tempDir, tempRepo, writeFiles } from '../support/temp.ts';

const CLI = path.resolve('scripts/policy.ts');
const CONFIG = readFileSync('.markdownlint-cli2.jsonc', 'utf8');
const INTRO = 'Computer systems have bugs.\n\nWe want to encourage people to report bugs.\n';
const SCOPE = 'This process covers the hypervisor.\n\nOther projects have their own process.\n';

// makeSeries runs git in this process: give it the tests' identity (tags and Message-Ids need one).
useProcessEnv(GIT_TEST_ENV);

/** A repository at v1.0 of a small policy on main, and a branch "proposal" checked out at main: made once, a copy for each test. */
const policyRepo = repoTemplate((): { repo: string; base: string } => {
  const repo = tempRepo();
  const base = commitFiles(
    repo,
    {
      ...policyFiles('1.0', { introduction: INTRO, scope: SCOPE, 'change-history': '-   **v1.0 Jan 1st 2024:** First\n' }),
      '.markdownlint-cli2.jsonc': CONFIG,
      'site.yaml': 'name: Test policy\nurl: https://policy.example.org\n',
    },
    'Policy v1.0',
  );
  gitSync(repo, ['switch', '-q', '-c', 'proposal']);
  // A setting many reviewers have, which would make format-patch write patches git am cannot apply.
  gitSync(repo, ['config', 'diff.noprefix', 'true']);
  gitSync(repo, ['config', 'branch.proposal.description', 'Clarify the introduction and the scope\n\nAs discussed after XSA-108,\nthis series clarifies two sections.\n']);
  return { repo, base };
});

/** Rewrites one section body and commits it with a sign-off. */
function editSection(repo: string, id: string, body: string, subject: string): string {
  const file = `content/policy/${id}.md`;
  const text = readFileSync(path.join(repo, file), 'utf8');
  return commitFiles(repo, { [file]: text.slice(0, text.indexOf('---\n', 4) + 5) + body }, subject);
}

/** The three commits of v1: two sections, one of them twice. */
function v1Commits(repo: string): void {
  editSection(repo, 'introduction', INTRO.replace('have bugs', 'always have bugs'), 'Introduction: bugs are always there');
  editSection(repo, 'scope', SCOPE.replace('the hypervisor', 'the Xen hypervisor'), 'Scope: name the hypervisor');
  editSection(repo, 'introduction', INTRO.replace('have bugs', 'always have bugs').replace('report bugs', 'report bugs to us'), 'Introduction: say to whom');
}

/** policyRepo with the three commits of v1 on the branch: made once, a copy for each test. */
const v1Repo = repoTemplate(() => {
  const made = policyRepo();
  v1Commits(made.repo);
  return made;
});

function read(result: SeriesResult, file: string): string {
  return readFileSync(path.join(result.dir, file), 'utf8');
}

function header(message: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(message.slice(0, message.indexOf('\n\n')))?.[1];
}

/** A clean clone detached at `base`, where a series can be applied with git am. */
function cloneAt(repo: string, base: string): string {
  const clone = path.join(tempDir('policy-clone-'), 'clone');
  gitSync(path.dirname(clone), ['clone', '-q', repo, clone]);
  gitSync(clone, ['checkout', '-q', '--detach', base]);
  return clone;
}

describe('policy series', () => {
  it('makes v1 and v2: numbered, threaded, with base-commit, range-diff and the redline; both apply with git am', async () => {
    const { repo, base } = v1Repo();
    const config = readFileSync(path.join(repo, '.git', 'config'), 'utf8');
    const objects = () => Number(/^count: (\d+)$/m.exec(gitSync(repo, ['count-objects', '-v']))![1]);
    const objectsBefore = objects();
    const v1 = await makeSeries({ cwd: repo, to: ['xen-devel@lists.example.org'] });
    expect(v1).toMatchObject({ branch: 'proposal', version: 1, base, total: 3, tag: 'policy-series/proposal/v1', redlineAttached: false });
    // git am ran elsewhere: the repository gained the version's tag object and nothing else, and its config is as it was.
    expect(objects()).toBe(objectsBefore + 1);
    expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe(config);
    expect(v1.redlineFile).toBeUndefined();
    expect(readdirSync(v1.dir).filter((file) => file.endsWith('.html'))).toEqual([]);
    expect(v1.dir).toBe(path.join(repo, 'outgoing/proposal/v1'));
    expect(v1.files).toEqual(['0000-cover-letter.patch', '0001-Introduction-bugs-are-always-there.patch', '0002-Scope-name-the-hypervisor.patch', '0003-Introduction-say-to-whom.patch']);
    const cover1 = read(v1, v1.files[0]!);
    expect(header(cover1, 'Subject')).toBe('[PATCH v1 0/3] Clarify the introduction and the scope');
    expect(header(cover1, 'To')).toBe('xen-devel@lists.example.org');
    expect(cover1).toMatch(/^base-commit: [0-9a-f]{40}$/m);
    expect(cover1).toContain(`base-commit: ${base}`);
    expect(cover1).toContain('As discussed after XSA-108,\nthis series clarifies two sections.');
    // Each changed paragraph as a word diff under its section's title; the site's proposal page linked.
    expect(cover1).toContain('introduction\n============\n2 insertions.\n\nComputer systems {+always+} have bugs.\n\nWe want to encourage people to report bugs {+to us+}.\n');
    expect(cover1).toContain('scope\n=====\n1 insertion.\n\nThis process covers the {+Xen+} hypervisor.\n');
    expect(cover1).toContain('The whole redline is on the proposal\'s page once the series is imported:\nhttps://policy.example.org/proposals/clarify-the-introduction-and-the-scope/v1/\n');
    expect(cover1).not.toContain('change-history');
    for (const file of v1.files) {
      const mail = read(v1, file);
      expect(header(mail, 'Content-Type')).toBe('text/plain; charset=UTF-8');
      expect(header(mail, 'Content-Transfer-Encoding')).toBe('8bit');
    }
    expect(cover1).not.toContain('Changes since');
    for (const [index, file] of v1.files.slice(1).entries()) {
      const patch = read(v1, file);
      expect(header(patch, 'Subject')).toMatch(new RegExp(`^\\[PATCH v1 ${index + 1}/3\\] `));
      expect(header(patch, 'In-Reply-To')).toBe(`<${v1.coverMessageId}>`);
    }
    expect(gitSync(repo, ['cat-file', '-p', v1.tag])).toContain(`Cover-Message-Id: ${v1.coverMessageId}`);

    // v2: the second patch changed (and retitled), a fourth added; the first and third unchanged.
    gitSync(repo, ['reset', '-q', '--hard', 'HEAD~2']);
    editSection(repo, 'scope', SCOPE.replace('the hypervisor', 'the Xen Project hypervisor'), 'Scope: name the Xen Project hypervisor');
    editSection(repo, 'introduction', INTRO.replace('have bugs', 'always have bugs').replace('report bugs', 'report bugs to us'), 'Introduction: say to whom');
    editSection(repo, 'scope', SCOPE.replace('the hypervisor', 'the Xen Project hypervisor').replace('Other projects', 'Other Xen Project projects'), 'Scope: other projects');
    const v2 = await makeSeries({ cwd: repo, inReplyTo: true, attachRedline: true });
    expect(v2).toMatchObject({ version: 2, base, total: 4, inReplyTo: v1.coverMessageId, tag: 'policy-series/proposal/v2' });
    expect(v2.previous?.changes.map((change) => [change.oldIndex, change.newIndex, change.status])).toEqual([
      [1, 1, 'unchanged'],
      [2, 2, 'changed'],
      [3, 3, 'unchanged'],
      [undefined, 4, 'new'],
    ]);
    const cover2 = read(v2, v2.files[0]!);
    expect(header(cover2, 'Subject')).toBe('[PATCH v2 0/4] Clarify the introduction and the scope');
    expect(header(cover2, 'In-Reply-To')).toBe(`<${v1.coverMessageId}>`);
    expect(header(cover2, 'To')).toBe('xen-devel@lists.example.org'); // remembered from v1
    expect(header(cover2, 'Message-Id')).not.toBe(`<${v1.coverMessageId}>`);
    expect(cover2).toContain(
      'Changes since v1:\n\n- [1/4] Introduction: bugs are always there (unchanged)\n- [2/4] Scope: name the Xen Project hypervisor (changed)\n- [3/4] Introduction: say to whom (unchanged)\n- [4/4] Scope: other projects (new)\n',
    );
    expect(cover2).toContain('The same changes in words, section by section (v1 against v2):\n\nscope\n=====\n2 insertions.\n');
    expect(cover2).toContain('This process covers the Xen {+Project+} hypervisor.\n\nOther {+Xen Project+} projects have their own process.\n');
    expect(cover2).toMatch(/^Range-diff:\n1: +[0-9a-f]+ = 1: +[0-9a-f]+ Introduction: bugs are always there$/m);
    expect(cover2).toContain(`base-commit: ${base}`);
    for (const file of v2.files.slice(1)) expect(header(read(v2, file), 'In-Reply-To')).toBe(`<${v2.coverMessageId}>`);

    // With --attach-redline, the redline rides along as a base64 HTML attachment of a multipart cover letter.
    expect(header(cover2, 'Content-Type')).toMatch(/^multipart\/mixed; boundary="policy-series-[0-9a-f]+"$/);
    const attachment = /Content-Disposition: attachment; filename="redline-v2.html"\nContent-Transfer-Encoding: base64\n\n([A-Za-z0-9+/=\n]+)\n--/.exec(cover2)?.[1];
    expect(Buffer.from(attachment!, 'base64').toString('utf8')).toBe(read(v2, 'redline-v2.html'));
    expect(read(v2, 'redline-v2.html')).toMatch(/^<!doctype html>/i);

    // git am round trip onto a clean checkout at the base: the patches, and the whole thread with the cover dropped.
    const tipTree = gitSync(repo, ['rev-parse', 'HEAD^{tree}']);
    for (const [result, mbox, args] of [
      [v1, 'v1.am.mbox', []],
      [v2, 'v2.am.mbox', []],
      [v2, 'v2.mbox', ['--empty=drop']],
    ] as const) {
      const clone = cloneAt(repo, base);
      gitSync(clone, ['am', '-q', ...args, path.join(result.dir, mbox)]);
      expect(gitSync(clone, ['rev-parse', 'HEAD^{tree}'])).toBe(gitSync(repo, ['rev-parse', `${result.tip}^{tree}`]));
    }
    expect(v2.tip).toBe(gitSync(repo, ['rev-parse', 'HEAD']));
    expect(gitSync(repo, ['rev-parse', `${v2.tip}^{tree}`])).toBe(tipTree);

    // The project's own importer reads the thread as one complete series with a known base.
    const clone = cloneAt(repo, base);
    const checked = await checkSeries(clone, Buffer.from(read(v2, 'v2.mbox')), 'v2.mbox');
    expect(checked.base).toBe(base);
    expect(checked.series).toMatchObject({ version: 2, total: 4, title: 'Clarify the introduction and the scope', baseCommit: base });
    expect(checked.series.cover).toBeDefined();

    // Nothing is left behind: no worktree, no partial output.
    expect(gitSync(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
    expect(readdirSync(path.join(repo, 'outgoing/proposal'))).toEqual(['v1', 'v2']);
    expect(gitSync(repo, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('makes the same version again, in place, when the branch has not moved', async () => {
    const { repo } = v1Repo();
    const first = await makeSeries({ cwd: repo, signoffCheck: true });
    const again = await makeSeries({ cwd: repo });
    expect([first.version, again.version]).toEqual([1, 1]);
    expect(readdirSync(path.join(repo, 'outgoing/proposal'))).toEqual(['v1']);
    expect(gitSync(repo, ['tag', '--list', 'policy-series/*'])).toBe('policy-series/proposal/v1');
  });

  it('refuses a commit without Signed-off-by, naming it, unless the check is off', async () => {
    const { repo } = policyRepo();
    editSection(repo, 'introduction', INTRO.replace('have bugs', 'always have bugs'), 'Introduction: bugs are always there');
    writeFiles(repo, { 'content/policy/scope.md': readFileSync(path.join(repo, 'content/policy/scope.md'), 'utf8').replace('hypervisor', 'Xen hypervisor') });
    gitSync(repo, ['commit', '-q', '-a', '-m', 'Scope: name the hypervisor']);
    const short = gitSync(repo, ['rev-parse', '--short=7', 'HEAD']);
    const error = await makeSeries({ cwd: repo }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).exitCode).toBe(2);
    expect((error as PolicyError).message).toBe(
      `${short} series-signoff commit ${short} ("Scope: name the hypervisor") has no "Signed-off-by: Test Author <author@example.org>"; add it with "git rebase --signoff <base>" (or "git commit --amend -s"), or pass --no-signoff-check`,
    );
    expect(existsSync(path.join(repo, 'outgoing'))).toBe(false);
    expect(gitSync(repo, ['tag', '--list'])).toBe('');
    expect((await makeSeries({ cwd: repo, signoffCheck: false })).total).toBe(2);
  });

  it('refuses a commit that edits astro.config.mjs, naming the commit and the file', async () => {
    const { repo } = policyRepo();
    editSection(repo, 'introduction', INTRO.replace('have bugs', 'always have bugs'), 'Introduction: bugs are always there');
    const sneaky = commitFiles(repo, { 'astro.config.mjs': 'export default { site: "https://example.org" };\n', 'content/policy/scope.md': readFileSync(path.join(repo, 'content/policy/scope.md'), 'utf8') + '\nMore.\n' }, 'Scope: more');
    const error = (await makeSeries({ cwd: repo }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `astro.config.mjs series-path is changed by commit ${sneaky.slice(0, 7)} ("Scope: more"), but it is outside the policy content (only content/policy/*.md and content/policy.yaml may change)`,
    );
    expect(existsSync(path.join(repo, 'outgoing'))).toBe(false);
  });

  it('refuses when lint fails on the branch tip, with file:line:column, and leaves no output or tag', async () => {
    const { repo } = policyRepo();
    const commit = editSection(repo, 'scope', SCOPE.replace('the hypervisor', 'the <b>Xen</b> hypervisor'), 'Scope: name the hypervisor');
    const error = (await makeSeries({ cwd: repo }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error.exitCode).toBe(2);
    expect(error.message.split('\n')).toEqual([
      `content/policy/scope.md:7:25 MD033/no-inline-html Inline HTML [Element: b] (last changed by commit ${commit.slice(0, 7)} ("Scope: name the hypervisor"))`,
      'proposal v1 series-lint is refused: lint finds on the branch tip what it does not find at the base (findings above); fix them with "policy lint --fix" or by hand, commit, and run policy series again',
    ]);
    expect(readdirSync(path.join(repo, 'outgoing'))).toEqual(['.gitignore']);
    expect(gitSync(repo, ['tag', '--list'])).toBe('');
    expect(gitSync(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
  });

  it('is not refused for a finding the base already has, only for one it adds', async () => {
    const { repo } = policyRepo();
    const mainBranch = gitSync(repo, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']).split('\n').find((name) => name !== 'proposal')!;
    gitSync(repo, ['switch', '-q', mainBranch]);
    editSection(repo, 'introduction', INTRO.replace('bugs.', '<i>bugs</i>.'), 'Introduction: italic, against the style');
    gitSync(repo, ['switch', '-q', 'proposal']);
    gitSync(repo, ['reset', '-q', '--hard', mainBranch]);
    editSection(repo, 'scope', SCOPE.replace('the hypervisor', 'the Xen hypervisor'), 'Scope: name the hypervisor');
    const made = await makeSeries({ cwd: repo });
    expect(made.total).toBe(1);
    editSection(repo, 'introduction', INTRO.replace('bugs.', '<i>bugs</i>.').replace('report bugs', 'report <b>bugs</b>'), 'Introduction: bold');
    const error = (await makeSeries({ cwd: repo, version: 2 }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error.message).toMatch(/^content\/policy\/introduction\.md:9:\d+ MD033\/no-inline-html Inline HTML \[Element: b\]/);
    expect(error.message).not.toMatch(/Element: i/);
  });

  it('prints the send-email command, sends nothing, and exits 2 on refusal and on bad usage', async () => {
    const { repo } = v1Repo();
    const run = (args: string[]) => runCli(['series', ...args], { cwd: repo, env: GIT_TEST_ENV });
    const made = await run(['-o', 'out', '--to', 'list@example.org', '--cc', 'ian@example.org']);
    // The test repository's site.yaml names an example address, which the cover letter would link to.
    expect(made.stderr).toBe("policy series: the cover letter links the proposal's page at https://policy.example.org/, an example address; set the site's address as url in site.yaml\n");
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('[PATCH v1 0/3] Clarify the introduction and the scope\n');
    expect(made.stdout).toContain('Nothing was sent. To send it:\n  git send-email out/0000-cover-letter.patch out/0001-Introduction-bugs-are-always-there.patch');
    expect(header(readFileSync(path.join(repo, 'out/0001-Introduction-bugs-are-always-there.patch'), 'utf8'), 'Cc')).toBe('ian@example.org');
    writeFiles(repo, { 'content/policy/scope.md': readFileSync(path.join(repo, 'content/policy/scope.md'), 'utf8') + '\nNot committed.\n' });
    const warned = await run(['-o', 'out']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('policy series: not in the series, because not committed: content/policy/scope.md\n');
    gitSync(repo, ['checkout', '--', 'content/policy/scope.md']);
    expect((await run(['-v', 'two'])).code).toBe(2);
    expect((await run(['--in-reply-to', '-v', '1', '-o', 'again'])).stderr).toMatch(/^policy series: --in-reply-to threads v1 under the cover letter of the previous version, but this branch has no earlier version/);
    gitSync(repo, ['commit', '-q', '--allow-empty', '-m', 'Unsigned']);
    const refused = await run([]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/series-signoff commit [0-9a-f]{7} \("Unsigned"\) has no "Signed-off-by/);
  });

  it('sends v2 to the recipients of v1, not to the site\'s list, unless told otherwise', async () => {
    const { repo } = v1Repo();
    writeFiles(repo, { 'site.yaml': 'name: Test policy\nurl: https://policy.example.org\nlist: site-list@example.org\n' });
    gitSync(repo, ['update-index', '--assume-unchanged', 'site.yaml']);
    const run = (args: string[]) => runCli(['series', ...args], { cwd: repo, env: GIT_TEST_ENV });
    // (written outside the repository, which each new commit adds whole)
    const out = tempDir();
    const recipients = (dir: string) => {
      const cover = readFileSync(path.join(out, dir, '0000-cover-letter.patch'), 'utf8');
      return [header(cover, 'To'), header(cover, 'Cc')];
    };
    const v1 = await run(['-o', path.join(out, 'v1'), '--to', 'other-list@example.org', '--cc', 'ian@example.org']);
    expect(v1.code, v1.stderr).toBe(0);
    expect(recipients('v1')).toEqual(['other-list@example.org', 'ian@example.org']);
    editSection(repo, 'scope', `${SCOPE}\nAnd its tools.\n`, 'Scope: and its tools');
    const v2 = await run(['-o', path.join(out, 'v2'), '--in-reply-to']);
    expect(v2.code, v2.stderr).toBe(0);
    expect(recipients('v2')).toEqual(['other-list@example.org', 'ian@example.org']);
    editSection(repo, 'scope', `${SCOPE}\nAnd all its tools.\n`, 'Scope: and all its tools');
    const v3 = await run(['-o', path.join(out, 'v3'), '--to', 'third@example.org']);
    expect(v3.code, v3.stderr).toBe(0);
    expect(recipients('v3')).toEqual(['third@example.org', 'ian@example.org']);
  });

  it('says of a patch whose diff is the same in v2 that only its commit message changed', async () => {
    const { repo } = v1Repo();
    await makeSeries({ cwd: repo, outputDir: path.join(tempDir(), 'v1') });
    // A Reviewed-by added to the last patch, as a contributor does after review; its diff is the same.
    gitSync(repo, ['commit', '-q', '--amend', '--trailer', 'Reviewed-by: Ann Reviewer <ann@example.org>', '--no-edit']);
    const v2 = await makeSeries({ cwd: repo, outputDir: path.join(tempDir(), 'v2') });
    expect(v2.previous?.changes.map((change) => [change.newIndex, change.status, change.messageOnly ?? false])).toEqual([
      [1, 'unchanged', false],
      [2, 'unchanged', false],
      [3, 'changed', true],
    ]);
    // (wrapped at 72 columns, the continuation under the text)
    expect(read(v2, v2.files[0]!)).toContain('- [3/3] Introduction: say to whom (commit message changed, not the\n  patch)\n');
  });

  it('tells a patch squashed into another from one dropped: the change of the first is still in the series', async () => {
    const { repo } = v1Repo();
    await makeSeries({ cwd: repo, outputDir: path.join(tempDir(), 'v1') });
    // v2: the last two patches squashed into one.
    gitSync(repo, ['reset', '-q', '--soft', 'HEAD~2']);
    gitSync(repo, ['commit', '-q', '-s', '-m', 'Scope and introduction: name the hypervisor, say to whom']);
    const v2 = await makeSeries({ cwd: repo, outputDir: path.join(tempDir(), 'v2') });
    const gone = v2.previous!.changes.filter((change) => change.status === 'dropped');
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((change) => change.stillIn)).toBe(true);
    expect(read(v2, v2.files[0]!).replace(/\n +/g, ' ')).toContain('(dropped as a patch; its change is still in the series, squashed into another)');
    // v3: the squashed patch dropped, its change gone with it.
    gitSync(repo, ['reset', '-q', '--hard', 'HEAD~1']);
    const v3 = await makeSeries({ cwd: repo, outputDir: path.join(tempDir(), 'v3') });
    expect(v3.previous!.changes.filter((change) => change.status === 'dropped').map((change) => change.stillIn ?? false)).toEqual([false]);
  });

  it('takes the title and blurb from --cover FILE', async () => {
    const { repo } = v1Repo();
    const cover = path.join(tempDir(), 'cover.txt');
    writeFileSync(cover, 'Deployment during the embargo\n\nList members may deploy fixes, with permission.\n');
    const result = await makeSeries({ cwd: repo, coverFile: cover, outputDir: path.join(tempDir(), 'out') });
    const text = read(result, result.files[0]!);
    expect(header(text, 'Subject')).toBe('[PATCH v1 0/3] Deployment during the embargo');
    expect(text).toContain('\n\nList members may deploy fixes, with permission.\n');
  });

  it('removes its scratch repository and partial output on Ctrl-C, and registers nothing in the repository', async () => {
    const { repo } = v1Repo();
    const child = spawn(process.execPath, [CLI, 'series'], { cwd: repo, env: { ...process.env, ...GIT_TEST_ENV }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // The scratch repository git am runs in is a folder of the temporary directory named with the process id.
    const scratch = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`policy-scratch-${child.pid}-`));
    let seen = false;
    for (let i = 0; i < 400 && !seen; i++) {
      seen = scratch().length > 0;
      if (!seen) await sleep(25);
    }
    expect(seen).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(scratch()).toEqual([]);
    expect(existsSync(path.join(repo, '.git', 'worktrees'))).toBe(false);
    expect(readdirSync(path.join(repo, 'outgoing'))).toEqual(['.gitignore']);
    expect(gitSync(repo, ['tag', '--list'])).toBe('');
  });

  it.skipIf(spawnSync('b4', ['--version']).status !== 0)('is read by b4 as a complete series with a known base', async () => {
    const { repo, base } = v1Repo();
    const result = await makeSeries({ cwd: repo });
    const out = tempDir();
    const b4 = spawnSync('b4', ['-n', 'am', '-m', path.join(result.dir, result.mbox), '-o', out], { cwd: repo, encoding: 'utf8' });
    const said = b4.stdout + b4.stderr;
    expect(said).toContain('Total patches: 3');
    expect(said).toContain(`Base: using specified base-commit ${base}`);
    expect(said).not.toMatch(/WARNING|ERROR/);
    const clone = cloneAt(repo, base);
    gitSync(clone, ['am', '-q', ...readdirSync(out).filter((file) => file.endsWith('.mbx')).map((file) => path.join(out, file))]);
    expect(gitSync(clone, ['rev-parse', 'HEAD^{tree}'])).toBe(gitSync(repo, ['rev-parse', 'HEAD^{tree}']));
  });
});
