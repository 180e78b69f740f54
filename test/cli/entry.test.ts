/** The `policy` command's JavaScript entry: what npx and npm run start, with the exit codes of the TypeScript command behind it. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLintResult, lintPolicy } from '../../src/lib/lint/index.ts';
import { policyFiles, tempDir, writeFiles } from '../support/temp.ts';

const ENTRY = path.resolve('scripts/policy.mjs');

/** Runs the entry with its own start-up cache folder, as a fresh checkout would. */
function policy(args: string[], cache = mkdtempSync(path.join(tmpdir(), 'policy-start-'))) {
  return spawnSync(process.execPath, [ENTRY, ...args], { encoding: 'utf8', env: { ...process.env, POLICY_START_CACHE: cache } });
}

/** What a command's bundle was built from, as the entry records it beside the bundle. */
function manifest(cache: string, command: string): { root: string; inputs: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(cache, 'bundle', `${command}.inputs.json`), 'utf8')) as { root: string; inputs: Record<string, string> };
}

/** A bundle that says it is one: what the entry runs must be told apart from the real command. */
const STALE_BUNDLE = [
  'exports.PolicyError = class PolicyError extends Error {};',
  'exports.UsageError = class UsageError extends Error {};',
  'exports.GitError = class GitError extends Error {};',
  'exports.HelpRequest = class HelpRequest extends Error {};',
  "exports.command = { run: async (args, io) => (io.stdout.write('stale bundle\\n'), 0) };",
].join('\n');

describe('the policy entry', () => {
  it('says to run npm ci first, in one line, on a Node that cannot run the TypeScript (the machine\'s, before npm ci)', () => {
    // (a Node without type stripping, as the machine's Node 20 is)
    const run = spawnSync(process.execPath, ['--no-experimental-strip-types', ENTRY, '--version'], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: '' });
    expect(run.stderr).toMatch(/^policy: this Node \(v[\d.]+\) cannot run the project's TypeScript; run npm ci first: it installs the Node the commands run on, which npx policy and npm run then use\n$/);
  });

  it('goes on to the end when the reader of its output has gone, as "policy … | head -1" leaves it', async () => {
    const child = spawn(process.execPath, [ENTRY, '--help'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POLICY_START_CACHE: mkdtempSync(path.join(tmpdir(), 'policy-start-')) } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('is what package.json names as the command and the npm script', () => {
    expect(JSON.parse(execFileSync('npm', ['pkg', 'get', 'bin.policy'], { encoding: 'utf8' }))).toBe('scripts/policy.mjs');
    expect(JSON.parse(execFileSync('npm', ['pkg', 'get', 'scripts.policy'], { encoding: 'utf8' }))).toBe('node scripts/policy.mjs');
  });

  it('runs the commands with their exit codes, cold and with its cache warm, from bundles rebuilt once an input changed', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'policy-start-'));
    for (const run of [1, 2]) {
      const help = policy(['--help'], cache);
      expect([run, help.status, help.stdout]).toEqual([run, 0, expect.stringMatching(/^usage: policy <command>/)]);
    }
    const unknown = policy(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^policy: unknown command "frobnicate"/);
    const changed = policy(['redline', 'HEAD', 'HEAD', '--exit-code', '--format', 'json'], cache);
    expect(changed.status).toBe(0);
    expect(JSON.parse(changed.stdout).summary.changes).toBe(0);
    // The redline bundle is rebuilt when the project's files it holds change, or what npm installed; the dependencies'
    // own files are not each checked on every start.
    const built = manifest(cache, 'redline');
    const inputs = Object.keys(built.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['package-lock.json', 'node_modules/.package-lock.json', 'src/lib/redline/compute.ts', 'scripts/commands/redline.ts']));
    expect(inputs.filter((input) => input.startsWith('node_modules/'))).toEqual(['node_modules/.package-lock.json']);
    // A bundle standing for an older build: while its inputs are as recorded, it is what runs...
    const bundle = path.join(cache, 'bundle', 'redline.cjs');
    writeFileSync(bundle, STALE_BUNDLE);
    expect(policy(['redline', 'HEAD', 'HEAD'], cache)).toMatchObject({ status: 0, stdout: 'stale bundle\n' });
    // ...and once one of them differs from what was recorded (as an edit changes its size or time), it is built again.
    writeFileSync(path.join(cache, 'bundle', 'redline.inputs.json'), JSON.stringify({ ...built, inputs: { ...built.inputs, 'src/lib/redline/compute.ts': '0:0' } }));
    expect(policy(['redline', 'HEAD', 'HEAD', '--format', 'json'], cache)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\{/), stderr: '' });
    expect(readFileSync(bundle, 'utf8')).not.toBe(STALE_BUNDLE);
    expect(manifest(cache, 'redline')).toEqual(built);
    // A manifest whose bundle is gone (a cache from before the bundles were CommonJS files) has it built again, rather
    // than running the modules on every start.
    rmSync(bundle);
    expect(policy(['redline', 'HEAD', 'HEAD', '--format', 'json'], cache)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\{/), stderr: '' });
    expect(existsSync(bundle)).toBe(true);
    // lint has a bundle of its own, without the redline's modules; its code cache is written by the first run that
    // lints, not by one that only prints help.
    expect(policy(['lint', '--help'], cache)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: policy lint/), stderr: '' });
    expect(existsSync(path.join(cache, 'bundle', 'lint.v8-cache'))).toBe(false);
    expect(policy(['lint'], cache)).toMatchObject({ status: 0, stdout: 'Summary: 0 error(s)\n', stderr: '' });
    expect(existsSync(path.join(cache, 'bundle', 'lint.v8-cache'))).toBe(true);
    // With its cache, the bundle lints as the modules do, tables of wide characters too (string-width, whose
    // segmenter the bundle makes only when a table is measured).
    const tables = tempDir();
    writeFiles(tables, {
      // Aligned by width (a CJK character and an emoji take two columns), not by characters, but for the last row.
      ...policyFiles('1.0', { scope: '| Name | 名前 |\n| ---- | ---- |\n| 日本 | x    |\n| 😀   | y    |\n| a | b |\n' }),
      '.markdownlint-cli2.jsonc': JSON.stringify({ globs: ['content/**/*.md'], config: { default: true, 'first-line-heading': false, 'table-column-style': { style: 'aligned' } } }),
    });
    const bundled = policy(['lint', tables], cache);
    expect(bundled.stderr.match(/^\S+ error MD060\b/gm)).toEqual(['content/policy/scope.md:11:5 error MD060', 'content/policy/scope.md:11:9 error MD060']);
    expect(bundled.stderr).toBe((await lintPolicy(tables)).results.map((result) => `${formatLintResult(result)}\n`).join(''));
    expect(Object.keys(manifest(cache, 'lint').inputs)).toEqual(expect.arrayContaining(['src/lib/lint/index.ts', 'scripts/commands/lint.ts']));
    expect(Object.keys(manifest(cache, 'lint').inputs)).not.toContain('src/lib/redline/compute.ts');
  });

});
