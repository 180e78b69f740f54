/** The command line's messages: readable option errors, a missing folder named, series on main, --version, quiet npm. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.ts';
import { makeSeries } from '../../src/lib/series/index.ts';
import { processIo } from '../../scripts/commands/command.ts';
import { commands } from '../../scripts/commands/index.ts';
import { HelpRequest, parseOptions, requireFolder } from '../../scripts/commands/options.ts';
import { runCli } from '../support/cli.ts';
import { commitFiles, gitSync, policyFiles, tempDir, tempRepo } from '../support/temp.ts';

const OPTIONS = { fix: { type: 'boolean' }, to: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;

/** The message of the UsageError `run` throws. */
function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe('the command line\'s own streams', () => {
  it('take their listener for a reader that has gone once, however many commands a process runs', () => {
    processIo();
    const before = [process.stdout.listenerCount('error'), process.stderr.listenerCount('error')];
    for (let run = 0; run < 20; run++) processIo();
    expect([process.stdout.listenerCount('error'), process.stderr.listenerCount('error')]).toEqual(before);
  });
});

describe('policy command line messages', () => {
  it('says which option is wrong in one sentence, with the way to the help', () => {
    const parse = (command: string, args: string[]) => usageMessage(() => parseOptions(command, args, OPTIONS, 'usage'));
    expect(parse('lint', ['--fixx'])).toBe('unknown option --fixx (did you mean --fix?); see policy lint --help');
    expect(parse('lint', ['-x'])).toBe('unknown option -x; see policy lint --help');
    expect(parse('series', ['--to'])).toBe('option --to needs a value; see policy series --help');
    expect(parse('series', ['-o'])).toBe('option --output needs a value; see policy series --help');
    expect(parse('lint', ['--fix=yes'])).toBe('option --fix takes no value; see policy lint --help');
  });

  it('suggests the option or command meant by a close typo: a unique prefix, or up to two edits away', async () => {
    const series = { base: { type: 'string' }, to: { type: 'string' }, cc: { type: 'string' }, cover: { type: 'string' } } as const;
    const parse = (command: string, args: string[], options: Parameters<typeof parseOptions>[2] = OPTIONS) => usageMessage(() => parseOptions(command, args, options, 'usage'));
    expect(parse('series', ['--bse'], series)).toBe('unknown option --bse (did you mean --base?); see policy series --help');
    expect(parse('series', ['--baes'], series)).toBe('unknown option --baes (did you mean --base?); see policy series --help');
    expect(parse('series', ['--too'], series)).toBe('unknown option --too (did you mean --to?); see policy series --help');
    expect(parse('series', ['--cove'], series)).toBe('unknown option --cove (did you mean --cover?); see policy series --help');
    expect(parse('lint', ['--fi'])).toBe('unknown option --fi (did you mean --fix?); see policy lint --help');
    // Nothing near enough, or a prefix of two options and no closer one: no guess.
    expect(parse('series', ['--foo'], series)).toBe('unknown option --foo; see policy series --help');
    expect(parse('series', ['--c'], series)).toBe('unknown option --c; see policy series --help');
    expect(parse('lint', ['--frobnicate'])).toBe('unknown option --frobnicate; see policy lint --help');
    for (const [typed, meant] of [['lnt', 'lint'], ['redlin', 'redline'], ['chekc', 'check'], ['rel', 'release']]) {
      const run = await runCli([typed!]);
      expect([run.code, run.stderr], typed).toEqual([2, `policy: unknown command "${typed}" (did you mean "${meant}"?); the commands are check, import, init, lint, redline, release, series (run "policy --help")\n`]);
    }
    expect((await runCli(['re'])).stderr).toMatch(/^policy: unknown command "re"; the commands are/);
  });

  it('gives every command --help and -h, and one message for an unknown option (exit 2)', async () => {
    for (const [name, entry] of Object.entries(commands)) {
      const command = await entry.load();
      for (const flag of ['--help', '-h']) {
        const help = await command.run([flag], processIo()).catch((error: unknown) => error);
        expect(help, `${name} ${flag}`).toBeInstanceOf(HelpRequest);
        expect((help as HelpRequest).text).toMatch(new RegExp(`^usage: policy ${name}\\b[^]*\\nExit status: `));
      }
      await expect(command.run(['--foo'], processIo())).rejects.toThrow(new UsageError(`unknown option --foo; see policy ${name} --help`));
    }
    // The command line prints the help on standard output, exit 0, and the prefixed message on standard error, exit 2.
    const help = await runCli(['series', '-h']);
    expect([help.code, help.stdout.split('\n')[0], help.stderr]).toEqual([0, expect.stringMatching(/^usage: policy series /), '']);
    const bad = await runCli(['series', '--foo']);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([2, '', 'policy series: unknown option --foo; see policy series --help\n']);
  });

  it('calls a missing folder a missing folder', async () => {
    const missing = path.join(tempDir(), 'nowhere');
    await expect(requireFolder(missing)).rejects.toThrow(`no such folder "${missing}"; give the folder that holds content/policy.yaml`);
    await expect(requireFolder(path.resolve('package.json'))).rejects.toThrow(/is a file, not a folder/);
  });

  it('answers a mistyped option of policy itself with its own option', async () => {
    expect((await runCli(['--versoin'])).stderr).toMatch(/^policy: unknown command "--versoin" \(did you mean "--version"\?\)/);
  });

  it('prints the usage asked for on standard output (0), and given no command on standard error (2)', async () => {
    const asked = await runCli(['--help']);
    expect([asked.code, asked.stderr]).toEqual([0, '']);
    expect(asked.stdout).toMatch(/^usage: policy <command>/);
    const none = await runCli([]);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', asked.stdout]);
  });

  it('tells a contributor on main to make a branch, not to pass --base main', async () => {
    const repo = tempRepo();
    commitFiles(repo, policyFiles('1.0', { scope: 'Text.\n' }), 'Policy 1.0');
    const refusal = makeSeries({ cwd: repo });
    await expect(refusal).rejects.toThrow(/^"main" is the branch series are based on, not one to send from; commit your change on a branch of its own \("git switch -c my-change"/);
    await expect(makeSeries({ cwd: repo })).rejects.not.toThrow(/--base main/);
    // Ahead of its upstream too (a maintainer's release and stored proposals not yet pushed): the same advice, not a
    // refusal of each commit.
    commitFiles(repo, policyFiles('1.1', { scope: 'Text, amended.\n' }), 'Policy 1.1');
    gitSync(repo, ['update-ref', 'refs/remotes/origin/main', 'HEAD~1']);
    gitSync(repo, ['config', 'branch.main.remote', 'origin']);
    gitSync(repo, ['config', 'branch.main.merge', 'refs/heads/main']);
    await expect(makeSeries({ cwd: repo })).rejects.toThrow(/^"main" is the branch series are based on, not one to send from; commit your change on a branch of its own/);
  });

  it('says a git that was killed was stopped, and exits 2, rather than reading its exit code as an answer', async () => {
    const repo = tempRepo();
    commitFiles(repo, policyFiles('1.0', { scope: 'Text.\n' }), 'Policy 1.0');
    // Every git this run starts is killed by a signal before it answers, as the out-of-memory killer would.
    const bin = tempDir();
    writeFileSync(path.join(bin, 'git'), '#!/bin/sh\nkill -KILL $$\n', { mode: 0o755 });
    const run = await runCli(['release', '1.1', '--summary', 'Next'], { cwd: repo, env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/^policy release: git .+ was stopped by SIGKILL before it answered; run the command again\n$/);
  });

  it('prints its version, and keeps npm quiet for the project', () => {
    const version = spawnSync(process.execPath, ['scripts/policy.mjs', '--version'], { encoding: 'utf8' });
    expect([version.status, version.stdout, version.stderr]).toEqual([0, `policy ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`, '']);
    const npmrc = readFileSync('.npmrc', 'utf8');
    for (const setting of ['update-notifier=false', 'fund=false', 'loglevel=error']) expect(npmrc).toContain(setting);
    // npm runs on the machine's Node 20; the scripts on the node dev dependency.
    expect(JSON.parse(readFileSync('package.json', 'utf8')).engines.node).toBe('>=20');
  });
});
