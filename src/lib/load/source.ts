/** Loads a PolicyDocument from what a user names: a policy folder, a Markdown file, a git revision, or a Markdown file at one. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PolicyDocument } from '../document.ts';
import { UsageError } from '../errors.ts';
import { checkedOutBranch } from '../git.ts';
import { loadPolicyFolder } from './folder.ts';
import { isRevisionFile, loadMarkdownAtRevision } from './git-file.ts';
import { loadPolicyAtCommit } from './git-revision.ts';
import { loadMarkdownFile } from './markdown-file.ts';
import { POLICY_LAYOUT } from './parse.ts';
import { userPath } from '../user-path.ts';

/**
 * Loads `spec`: an existing folder (laid out as content/policy.yaml + content/policy/*.md, or that content/ folder
 * itself), an existing `.md` file, a `.md` file at a git revision (`HEAD~2:SECURITY.md`), a release name (`3.23`,
 * `v3.23`, `policy-v3.23`: the release as the site shows it, no tag needed), or else a git revision (branch, tag,
 * `HEAD~2`, commit id). A relative folder or file is read from `folder`; revisions from the repository `repository`
 * gives (default: the one at `folder`), asked for only when `spec` names no file or folder, so two files compare
 * outside any repository.
 */
export async function loadPolicySource(spec: string, folder = '.', repository: () => Promise<string> = async () => folder): Promise<PolicyDocument> {
  if (!spec) throw new UsageError('an empty name is not a policy; name a folder, a .md file, a release or a git revision');
  const onDisk = userPath(folder, spec);
  const info = await stat(onDisk).catch(() => undefined);
  // "." is the working tree, which is how git calls it; any other folder by the name typed.
  if (info?.isDirectory()) return { ...(await loadPolicyFolder(await policyRoot(onDisk))), label: /^\.\/?$/.test(spec) ? 'working tree' : spec };
  if (info?.isFile()) {
    if (/\.(?:md|markdown)$/i.test(spec)) return loadMarkdownFile(onDisk);
    throw new UsageError(`"${spec}" is a file but not Markdown; name a policy folder, a .md file or a git revision`);
  }
  if (isRevisionFile(spec)) return loadMarkdownAtRevision(await repository(), spec);
  if (/\.(?:md|markdown)$/i.test(spec) || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/')) {
    throw new UsageError(`"${spec}" does not exist; name a policy folder, a .md file or a git revision`);
  }
  const repo = await repository();
  const { resolvePolicyRevision } = await import('../history/release-names.ts');
  const { commit, release } = await resolvePolicyRevision(repo, spec);
  const document = await loadPolicyAtCommit(repo, commit);
  // A release is named by its version; a revision by what was typed (two revisions between releases say one version),
  // HEAD by its branch, which is what a reviewer knows the change by.
  return release ? document : { ...document, label: spec === 'HEAD' ? ((await checkedOutBranch(repo)) ?? 'HEAD') : spec };
}

/** The repository root of a policy folder: the folder itself, or its parent when it is the content/ folder. */
async function policyRoot(folder: string): Promise<string> {
  const metadataName = path.basename(POLICY_LAYOUT.metadataFile);
  const holdsMetadata = await stat(path.join(folder, metadataName)).catch(() => undefined);
  const contentDir = path.dirname(POLICY_LAYOUT.metadataFile);
  return holdsMetadata?.isFile() && path.basename(path.resolve(folder)) === contentDir ? path.dirname(path.resolve(folder)) : folder;
}
