/** Loads a PolicyDocument from what a user names: a policy folder, a Markdown file, a git revision, or a Markdown file at one. */
import { stat } from 'node:fs/promises';
import type { PolicyDocument } from '../document.ts';
import { UsageError } from '../errors.ts';
import { loadPolicyFolder } from './folder.ts';
import { isRevisionFile, loadMarkdownAtRevision } from './git-file.ts';
import { loadPolicyAtRevision } from './git-revision.ts';
import { loadMarkdownFile } from './markdown-file.ts';

/**
 * Loads `spec`: an existing folder (laid out as content/policy.yaml + content/policy/*.md), an existing `.md` file,
 * a `.md` file at a git revision (`HEAD~2:SECURITY.md`), or else a git revision (branch, tag, `HEAD~2`, commit id)
 * of the repository at `repo`.
 */
export async function loadPolicySource(spec: string, repo = '.'): Promise<PolicyDocument> {
  if (!spec) throw new UsageError('an empty name is not a policy; name a folder, a .md file or a git revision');
  const info = await stat(spec).catch(() => undefined);
  if (info?.isDirectory()) return loadPolicyFolder(spec);
  if (info?.isFile()) {
    if (/\.(?:md|markdown)$/i.test(spec)) return loadMarkdownFile(spec);
    throw new UsageError(`"${spec}" is a file but not Markdown; name a policy folder, a .md file or a git revision`);
  }
  if (isRevisionFile(spec)) return loadMarkdownAtRevision(repo, spec);
  if (/\.(?:md|markdown)$/i.test(spec) || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/')) {
    throw new UsageError(`"${spec}" does not exist; name a policy folder, a .md file or a git revision`);
  }
  return loadPolicyAtRevision(repo, spec);
}
