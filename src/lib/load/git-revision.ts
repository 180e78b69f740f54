/** Loads the policy as it was at any git revision, with git plumbing only (no checkout). */
import type { PolicyDocument } from '../document.ts';
import { listTree, readBlobs, resolveCommit } from '../git.ts';
import { assemblePolicy, decodeSourceFile, parsePolicyFiles, POLICY_LAYOUT, type ParseResult, type SourceFile } from './parse.ts';

/** Reads the policy's files at `commit` (a full commit id): the metadata file and the section files. */
export async function readPolicyFilesAt(repo: string, commit: string): Promise<{ metadataFile?: SourceFile; sectionFiles: SourceFile[] }> {
  const entries = (await listTree(repo, commit, [POLICY_LAYOUT.metadataFile, POLICY_LAYOUT.sectionsDir])).filter((entry) => entry.type === 'blob');
  const wanted = entries.filter(
    (entry) => entry.path === POLICY_LAYOUT.metadataFile || (entry.path.startsWith(`${POLICY_LAYOUT.sectionsDir}/`) && entry.path.endsWith('.md') && !entry.path.slice(POLICY_LAYOUT.sectionsDir.length + 1).includes('/')),
  );
  const blobs = await readBlobs(repo, wanted.map((entry) => entry.objectId));
  const files = wanted.map((entry): SourceFile => decodeSourceFile(entry.path, blobs.get(entry.objectId)!));
  return {
    metadataFile: files.find((file) => file.path === POLICY_LAYOUT.metadataFile),
    sectionFiles: files.filter((file) => file.path !== POLICY_LAYOUT.metadataFile),
  };
}

/** Parses the policy at `revision`, returning every problem rather than throwing. */
export async function checkPolicyAtRevision(repo: string, revision: string): Promise<ParseResult> {
  return checkPolicyAtCommit(repo, await resolveCommit(repo, revision));
}

/** Parses the policy at `commit` (a full id already resolved), returning every problem rather than throwing. */
export async function checkPolicyAtCommit(repo: string, commit: string): Promise<ParseResult> {
  const { metadataFile, sectionFiles } = await readPolicyFilesAt(repo, commit);
  return parsePolicyFiles(metadataFile, sectionFiles);
}

/** Loads the policy at `revision` (branch, tag, `HEAD~2`, commit id) of the repository at `repo`. */
export async function loadPolicyAtRevision(repo: string, revision: string): Promise<PolicyDocument> {
  return loadPolicyAtCommit(repo, await resolveCommit(repo, revision));
}

/** Loads the policy at `commit` (a full id already resolved) of the repository at `repo`. */
export async function loadPolicyAtCommit(repo: string, commit: string): Promise<PolicyDocument> {
  const { metadataFile, sectionFiles } = await readPolicyFilesAt(repo, commit);
  return assemblePolicy(metadataFile, sectionFiles);
}
