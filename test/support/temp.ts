/** Temporary folders and git repositories for tests, removed after each test file. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
/** Forgets the templates of repoTemplate, whose folders removeTempDirs removes. */
const templateResets: (() => void)[] = [];

/** Removes the folders made since the last call: after each test file (test/support/file-hooks.ts). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const reset of templateResets) reset();
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

/**
 * A stable identity for commits made by tests, and no automatic maintenance: every commit would otherwise start a
 * `git maintenance run --auto` process, which in a test's small repository never has anything to do.
 */
export const GIT_TEST_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'maintenance.auto',
  GIT_CONFIG_VALUE_0: 'false',
};

/**
 * Runs `command` synchronously in `cwd` with the test identity for git; returns trimmed stdout. Its standard error is
 * kept, not passed through: a failure a test expects (a `git am` that must not apply) stays out of the run's output,
 * and an unexpected one carries it in the thrown error's message.
 */
function runSync(cwd: string, command: string, args: string[], input?: string): string {
  return execFileSync(command, args, { cwd, input, env: { ...process.env, ...GIT_TEST_ENV }, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** Runs git synchronously in `cwd` with the test identity; returns trimmed stdout. */
export function gitSync(cwd: string, args: string[], input?: string): string {
  return runSync(cwd, 'git', args, input);
}

/** A new repository on branch main. */
export function tempRepo(): string {
  const dir = tempDir('policy-repo-');
  gitSync(dir, ['init', '-q', '-b', 'main']);
  return dir;
}

/**
 * A copy of the repository at `from` (working tree and .git) in a new folder, made without a process. Its index is the
 * original's byte for byte, so snapshots of two copies compare equal; the stat data in it no longer matches the copied
 * files, so the first git command that may write the index (`git status`, not `git --no-optional-locks status`)
 * refreshes it, as it would after any checkout.
 */
export function copyRepo(from: string): string {
  const repo = path.join(tempDir('policy-repo-'), 'repo');
  cpSync(from, repo, { recursive: true, verbatimSymlinks: true });
  return repo;
}

/**
 * A repository made once per test file by `make` on first use, and a copy of it for each call (with the rest of what
 * `make` returned): a copy costs no process where git init and each commit cost several. The template goes with the
 * file's temporary folders, and the next file that calls makes its own (a support module outlives a file).
 */
export function repoTemplate<T extends { repo: string }>(make: () => T): () => T {
  let template: T | undefined;
  templateResets.push(() => (template = undefined));
  return () => {
    template ??= make();
    return { ...template, repo: copyRepo(template.repo) };
  };
}

/** Writes files and commits them all with `message` (signed off); returns the commit id. */
export function commitFiles(repo: string, files: Record<string, string>, message: string): string {
  writeFiles(repo, files);
  // One shell for the three gits: a process the worker starts costs it several milliseconds, one the shell starts little.
  return runSync(repo, 'sh', ['-c', 'git add -A && git commit -q -s -m "$1" && git rev-parse HEAD', 'commit-files', message]);
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
