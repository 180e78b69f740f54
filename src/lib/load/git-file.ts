/** Loads a policy kept as one Markdown file from a git revision (`HEAD~2:SECURITY.md`), read with git, nothing checked out. */
import type { PolicyDocument } from '../document.ts';
import { PolicyError, UsageError } from '../errors.ts';
import { readFileAtCommit, resolveCommit } from '../git.ts';
import { parseMarkdownPolicy } from './markdown-file.ts';

/** `REV:path` naming a Markdown file, as `git show` takes it; the revision part may not be empty. */
const REVISION_FILE = /^([^:]+):(.+\.(?:md|markdown))$/i;

/** Whether `spec` names a Markdown file at a git revision (`v1.2:docs/SECURITY.md`). */
export function isRevisionFile(spec: string): boolean {
  return REVISION_FILE.test(spec);
}

/** Reads `REV:path` from the repository at `repo` and parses it as a single-file policy, labelled by `spec`. */
export async function loadMarkdownAtRevision(repo: string, spec: string): Promise<PolicyDocument> {
  const [, revision, file] = REVISION_FILE.exec(spec)!;
  const commit = await resolveCommit(repo, revision!);
  const stdout = await readFileAtCommit(repo, commit, file!.replace(/^\.\//, ''));
  if (!stdout) throw new UsageError(`"${file}" is not a file at ${revision}; list what is there with "git ls-tree -r --name-only ${revision}"`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(stdout);
  } catch {
    throw new PolicyError({ file: spec, rule: 'encoding', message: 'is not valid UTF-8; a policy must be UTF-8 text' });
  }
  // (named by `spec`, so a file without a version of its own is labelled by the revision it was read from)
  return parseMarkdownPolicy(text, spec);
}
