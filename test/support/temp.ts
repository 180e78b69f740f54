/** Temporary folders and git repositories for tests, removed after each test file. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** Removes the folders made since the last call: after each test file (test/support/file-hooks.ts). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A new empty folder, removed when the test file ends. */
export function tempDir(prefix = 'policy-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (path → text) under `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** A stable identity and clock for commits made by tests. */
export const GIT_TEST_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git synchronously in `cwd` with the test identity; returns trimmed stdout. */
export function gitSync(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, input, env: { ...process.env, ...GIT_TEST_ENV }, encoding: 'utf8' }).trim();
}

/** A new repository on branch main. */
export function tempRepo(): string {
  const dir = tempDir('policy-repo-');
  gitSync(dir, ['init', '-q', '-b', 'main']);
  return dir;
}

/** Writes files and commits them all with `message` (signed off); returns the commit id. */
export function commitFiles(repo: string, files: Record<string, string>, message: string): string {
  writeFiles(repo, files);
  gitSync(repo, ['add', '-A']);
  gitSync(repo, ['commit', '-q', '-s', '-m', message]);
  return gitSync(repo, ['rev-parse', 'HEAD']);
}

/** Minimal valid policy files: metadata at `version` and the given sections (id → body). */
export function policyFiles(version: string, sections: Record<string, string>, date = '2024-01-01'): Record<string, string> {
  const files: Record<string, string> = {
    'content/policy.yaml': `title: Test Policy\nversion: "${version}"\ndate: "${date}"\n`,
  };
  Object.entries(sections).forEach(([id, body], index) => {
    files[`content/policy/${id}.md`] = `---\nid: ${id}\ntitle: ${id.replace(/-/g, ' ')}\norder: ${(index + 1) * 10}\n---\n\n${body}`;
  });
  return files;
}
