/** Repositories and series for the hostile import cases: a repository made from the corpus' base-repo, and mboxes for it. */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setProcessEnv } from '../../support/process-env.ts';
import { gitSync, repoTemplate, tempDir } from '../../support/temp.ts';
import { CORPUS_DIR } from './corpus.ts';

const BASE_REPO = path.join(CORPUS_DIR, 'mbox', 'base-repo');

/** Fixed identity and clock, so the base commit is the same on every machine. */
export const FIXED_GIT_ENV = {
  GIT_AUTHOR_NAME: 'Mallory',
  GIT_AUTHOR_EMAIL: 'mallory@example.org',
  GIT_COMMITTER_NAME: 'Mallory',
  GIT_COMMITTER_EMAIL: 'mallory@example.org',
  GIT_AUTHOR_DATE: '2024-01-02T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-02T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git with the fixed identity and clock. */
function fixedGit(cwd: string, args: string[]): string {
  const restore = setProcessEnv(FIXED_GIT_ENV);
  try {
    return gitSync(cwd, args);
  } finally {
    restore();
  }
}

/**
 * A repository with base-repo committed on main, an untracked file and a staged change (so an import that touches
 * the working tree or the index shows); returns it and its base commit. Made once per test file, a copy for each call.
 */
export const importRepo = repoTemplate((): { repo: string; base: string } => {
  const repo = path.join(tempDir('policy-hostile-import-'), 'repo');
  cpSync(BASE_REPO, repo, { recursive: true });
  fixedGit(repo, ['init', '-q', '-b', 'main']);
  fixedGit(repo, ['add', '-A']);
  fixedGit(repo, ['commit', '-q', '-m', 'Policy v1.0']);
  const base = gitSync(repo, ['rev-parse', 'HEAD']);
  writeFileSync(path.join(repo, 'notes.txt'), 'an untracked file of the maintainer\n');
  writeFileSync(path.join(repo, 'README.md'), '# Test repository for hostile imports\n\nA staged change.\n');
  gitSync(repo, ['add', 'README.md']);
  return { repo, base };
});

/** The mbox of a committed case, for the repository whose commit is `base`. */
export function caseMbox(file: string, base: string): Buffer {
  return Buffer.from(readFileSync(path.join(CORPUS_DIR, 'mbox', file), 'latin1').replaceAll('{{base}}', base), 'latin1');
}

/**
 * A series of `count` patches in the form git format-patch writes, each appending one line to the process section:
 * written directly, since making a thousand commits only to export them would take minutes.
 */
export function longSeries(repo: string, base: string, count: number): Buffer {
  const file = 'content/policy/process.md';
  const original = readFileSync(path.join(repo, file), 'utf8').split('\n').slice(0, -1);
  const mails = [`From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: Mallory <mallory@example.org>\nDate: Tue, 2 Jan 2024 00:00:00 +0000\nSubject: [PATCH 0/${count}] ${count} patches\nMessage-Id: <long-0@example.org>\n\nA long series.\n\nbase-commit: ${base}\n-- \n2.39.5\n`];
  const lines = [...original];
  for (let index = 1; index <= count; index++) {
    const context = lines.slice(-3);
    const start = lines.length - context.length + 1;
    const added = `Step note ${index}.`;
    const hunk = `@@ -${start},${context.length} +${start},${context.length + 1} @@\n${context.map((line) => ` ${line}`).join('\n')}\n+${added}\n`;
    mails.push(
      `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: Mallory <mallory@example.org>\nDate: Tue, 2 Jan 2024 00:00:00 +0000\nSubject: [PATCH ${index}/${count}] Add step note ${index}\nMessage-Id: <long-${index}@example.org>\nIn-Reply-To: <long-0@example.org>\n\n---\n ${file} | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n${hunk}-- \n2.39.5\n`,
    );
    lines.push(added);
  }
  return Buffer.from(`${mails.join('\n')}\n`);
}

/** Whether a file exists under the repository. */
export function existsIn(repo: string, file: string): boolean {
  return existsSync(path.join(repo, file));
}
