/**
 * The series as the real mail clients take it: git send-email --dry-run asks nothing, git am applies without a
 * whitespace warning, b4 0.12 reads it from a file and from standard input and diffs v1 against v2. Each mail is
 * under 40 KB, declares UTF-8, and has a Subject on one line. A client that is not installed is skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/lib/errors.ts';
import { makeSeries, type SeriesResult } from '../../src/lib/series/index.ts';
import { DEFAULT_MAX_MAIL_BYTES, subjectLines } from '../../src/lib/series/mail-checks.ts';
import { useProcessEnv } from '../support/process-env.ts';
import { commitFiles, GIT_TEST_ENV, gitSync, policyFiles, repoTemplate, tempDir, tempRepo, writeFiles } from '../support/temp.ts';

const CONFIG = readFileSync('.markdownlint-cli2.jsonc', 'utf8');
const EMBARGO = 'Members are expected to keep the vulnerability’s details confidential until the embargo date.\n\nThey may share them with their own staff.\n';
// A name long enough that git folds the From header, which b4 0.12 cannot read from a file.
const AUTHOR = 'Contributor With A Rather Long Name From Example <a.contributor.with.a.long.address@example.org>';

// A subject with non-ASCII letters, so git writes MIME headers of its own too, and long once encoded.
const LONG_SUBJECT = 'Scope: name the Xen Project’s hypervisor, the one this process covers, as the list asked';

useProcessEnv(GIT_TEST_ENV);

/** Why a client cannot run here, or undefined when it can. */
function missing(command: string, args: string[]): string | undefined {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.error || run.status !== 0) return `${command} ${args.join(' ')}: ${run.error?.message ?? run.stderr.split('\n').find(Boolean)}`;
  return undefined;
}

const noSendEmail = missing('git', ['send-email', '--dump-aliases']);
const noB4 = missing('b4', ['--version']);
if (noSendEmail) console.log(`skipped: git send-email is not usable here (${noSendEmail}); CI installs git-email and libmailtools-perl`);
if (noB4) console.log(`skipped: b4 is not usable here (${noB4}); CI installs b4`);

/** A repository with a two-section policy on main and a branch "proposal" checked out: made once, a copy for each call. */
const branchRepo = repoTemplate(() => {
  const repo = tempRepo();
  const base = commitFiles(repo, { ...policyFiles('1.0', { embargo: EMBARGO, scope: 'This process covers the hypervisor.\n' }), '.markdownlint-cli2.jsonc': CONFIG }, 'Policy v1.0');
  gitSync(repo, ['switch', '-q', '-c', 'proposal']);
  gitSync(repo, ['config', 'branch.proposal.description', 'Clarify the embargo\n\nSays who may be told during the embargo.\n']);
  return { repo, base };
});

/** A copy of branchRepo, and a way to commit an edit on it as AUTHOR, signed off. */
function proposalRepo(): { repo: string; base: string; commit: (file: string, find: string, replace: string, subject: string) => string } {
  const { repo, base } = branchRepo();
  const commit = (file: string, find: string, replace: string, subject: string) => {
    const text = readFileSync(path.join(repo, file), 'utf8');
    writeFiles(repo, { [file]: text.replace(find, replace) });
    gitSync(repo, ['commit', '-q', '-a', `--author=${AUTHOR}`, `--trailer=Signed-off-by: ${AUTHOR}`, '-m', subject]);
    return gitSync(repo, ['rev-parse', 'HEAD']);
  };
  return { repo, base, commit };
}

function run(command: string, args: string[], cwd: string, input?: string) {
  return spawnSync(command, args, { cwd, input, encoding: 'utf8', env: { ...process.env, ...GIT_TEST_ENV } });
}

describe('a series the mail clients accept', () => {
  let repo: string;
  let base: string;
  let v1: SeriesResult;
  let v2: SeriesResult;

  beforeAll(async () => {
    const made = proposalRepo();
    ({ repo, base } = made);
    made.commit('content/policy/embargo.md', 'their own staff', 'their own staff, under the same terms', 'Embargo: staff are bound by the same terms');
    made.commit('content/policy/scope.md', 'the hypervisor', 'the Xen hypervisor', 'Scope: name the hypervisor');
    v1 = await makeSeries({ cwd: repo, to: ['xen-devel@lists.example.org'] });
    gitSync(repo, ['reset', '-q', '--hard', 'HEAD~1']);
    // A subject that is longer than a header line once encoded: git folds it, and it is written back on one line.
    made.commit('content/policy/scope.md', 'the hypervisor', 'the Xen Project’s hypervisor', LONG_SUBJECT);
    v2 = await makeSeries({ cwd: repo, inReplyTo: true });
  }, 240_000);

  it('writes plain-text mails under 40 KB, declared as UTF-8, with every header on one line', () => {
    for (const result of [v1, v2]) {
      for (const [index, file] of result.files.entries()) {
        const mail = readFileSync(path.join(result.dir, file), 'utf8');
        const head = mail.slice(0, mail.indexOf('\n\n'));
        expect(Buffer.byteLength(mail)).toBeLessThanOrEqual(DEFAULT_MAX_MAIL_BYTES);
        expect(head).toContain('\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit');
        expect(subjectLines(mail)).toHaveLength(1);
        for (const name of ['MIME-Version', 'Content-Type', 'Content-Transfer-Encoding']) expect(head.match(new RegExp(`^${name}:`, 'gmi')), `${file}: ${name}`).toHaveLength(1);
        if (index > 0) expect(head).toMatch(/^From: Contributor With A Rather Long Name From Example <a\.contributor\.with\.a\.long\.address@example\.org>$/m);
      }
    }
  });

  it.skipIf(Boolean(noSendEmail))('is taken by git send-email --dry-run without a question', () => {
    const files = v2.files.map((file) => path.join(v2.dir, file));
    // No terminal and no answer on standard input: a question would fail the run.
    const sent = run('git', ['send-email', '--dry-run', '--confirm=never', '--to=xen-devel@lists.example.org', '--smtp-server=/bin/true', ...files], repo, '');
    expect(sent.stderr).not.toMatch(/8bit|encoding should I declare/i);
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout.match(/^Dry-OK\. Log says:$/gm)).toHaveLength(files.length);
  });

  it('applies with git am, with no whitespace warning', () => {
    const clone = path.join(tempDir(), 'clone');
    gitSync(path.dirname(clone), ['clone', '-q', repo, clone]);
    gitSync(clone, ['checkout', '-q', '--detach', base]);
    const applied = run('git', ['am', path.join(v2.dir, v2.amMbox)], clone);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stderr).toBe('');
    expect(gitSync(clone, ['rev-parse', 'HEAD^{tree}'])).toBe(gitSync(repo, ['rev-parse', `${v2.tip}^{tree}`]));
    expect(gitSync(clone, ['log', '-1', '--format=%s'])).toBe(LONG_SUBJECT);
  });

  it.skipIf(Boolean(noB4))('is read by b4 am from a file and from standard input', () => {
    for (const [args, input] of [
      [['-m', path.join(v2.dir, v2.mbox)], undefined],
      [['-m', '-'], readFileSync(path.join(v2.dir, v2.mbox), 'utf8')],
    ] as const) {
      const out = tempDir();
      const b4 = run('b4', ['-n', 'am', ...args, '-o', out], repo, input);
      expect(b4.status, b4.stderr).toBe(0);
      expect(b4.stdout + b4.stderr).toContain(`Base: using specified base-commit ${base}`);
      expect(b4.stdout + b4.stderr).not.toMatch(/Traceback|ERROR/);
      expect(readdirSync(out).filter((file) => file.endsWith('.mbx'))).toHaveLength(1);
    }
  });

  it.skipIf(Boolean(noB4))('is diffed by b4 diff between v1 and v2', () => {
    const diff = run('b4', ['-n', 'diff', '-m', path.join(v1.dir, v1.mbox), path.join(v2.dir, v2.mbox)], repo);
    expect(diff.status, diff.stderr).toBe(0);
    expect(diff.stderr).not.toMatch(/Could not fake-am/);
    expect(diff.stdout).toMatch(/Scope: name the (Xen Project )?hypervisor/);
  });
});

describe('what a list would refuse is refused first', () => {
  it('refuses trailing white space, naming the commit, the file and the line', async () => {
    const { repo, commit } = proposalRepo();
    const id = commit('content/policy/scope.md', 'hypervisor.', 'hypervisor.  ', 'Scope: end with spaces');
    const error = (await makeSeries({ cwd: repo }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.message).toBe(
      `content/policy/scope.md:7 series-whitespace trailing whitespace, added by commit ${id.slice(0, 7)} ("Scope: end with spaces") (git diff --check; git am would warn); remove it ("policy lint --fix" does), then fold the fix into that commit (git commit --fixup ${id.slice(0, 7)}, git rebase -i --autosquash <base>)`,
    );
  });

  it('refuses a subject longer than a line of mail, saying by how much', async () => {
    const { repo, commit } = proposalRepo();
    const subject = `Scope: ${'name the hypervisor '.repeat(52).trim()}`;
    const id = commit('content/policy/scope.md', 'the hypervisor', 'the Xen hypervisor', subject);
    const error = (await makeSeries({ cwd: repo }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error.message).toMatch(new RegExp(`^0001-.*\\.patch series-subject the subject of commit ${id.slice(0, 7)} \\("Scope: name the hypervisor .*"\\) makes the Subject header longer than the 998 characters of a line of mail by ${9 + 15 + subject.length - 998} characters\\. Shorten it`));
  });

  it('refuses a commit message with a line that starts with "From ", which an mbox reader takes for a new message', async () => {
    const { repo, commit } = proposalRepo();
    const id = commit('content/policy/scope.md', 'the hypervisor', 'the Xen hypervisor', 'Scope: name the hypervisor\n\nFrom time to time the name changes.');
    const error = (await makeSeries({ cwd: repo }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error.problems.map((problem) => problem.rule)).toEqual(['series-from-line']);
    expect(error.message).toContain(`series-from-line the message of commit ${id.slice(0, 7)} ("Scope: name the hypervisor") has a line that starts with "From " ("From time to time the name changes."), which begins a new message in an mbox file`);
  });

  it('refuses a mail over the size limit, and takes a larger one when asked', async () => {
    const { repo, commit } = proposalRepo();
    commit('content/policy/scope.md', 'This process covers the hypervisor.', Array.from({ length: 60 }, (_, i) => `Paragraph ${i} of a long new text about the scope of this process.`).join('\n\n'), 'Scope: say much more');
    const error = (await makeSeries({ cwd: repo, maxMailBytes: 4096 }).catch((caught: unknown) => caught)) as PolicyError;
    expect(error.problems.map((problem) => problem.rule)).toEqual(['series-size']);
    expect(error.message).toMatch(/the mail of commit [0-9a-f]{7} \("Scope: say much more"\) is [\d.]+ KB, over the 4 KB a mailing list accepts by default/);
    const made = await makeSeries({ cwd: repo });
    expect(readFileSync(path.join(made.dir, made.files[0]!), 'utf8')).toContain('{+Paragraph 59 of a long new text');
  });
});
