/** The `policy` command's JavaScript entry: what npx and npm run start, with the exit codes of the TypeScript command behind it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ENTRY = path.resolve('scripts/policy.mjs');

/** Runs the entry with its own start-up cache folder, as a fresh checkout would. */
function policy(args: string[], cache = mkdtempSync(path.join(tmpdir(), 'policy-start-'))) {
  return spawnSync(process.execPath, [ENTRY, ...args], { encoding: 'utf8', env: { ...process.env, POLICY_START_CACHE: cache } });
}

describe('the policy entry', () => {
  it('is what package.json names as the command and the npm script', () => {
    expect(JSON.parse(execFileSync('npm', ['pkg', 'get', 'bin.policy'], { encoding: 'utf8' }))).toBe('scripts/policy.mjs');
    expect(JSON.parse(execFileSync('npm', ['pkg', 'get', 'scripts.policy'], { encoding: 'utf8' }))).toBe('node scripts/policy.mjs');
  });

  it('runs the commands with their exit codes, cold and with its cache warm', () => {
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
    const inputs = Object.keys(JSON.parse(readFileSync(path.join(cache, 'bundle', 'redline.inputs.json'), 'utf8')) as Record<string, string>);
    expect(inputs).toEqual(expect.arrayContaining(['package-lock.json', 'node_modules/.package-lock.json', 'src/lib/redline/compute.ts', 'scripts/commands/redline.ts']));
    expect(inputs.filter((input) => input.startsWith('node_modules/'))).toEqual(['node_modules/.package-lock.json']);
  });
});
