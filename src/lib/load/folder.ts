/** Loads the policy from a working tree (a folder laid out as POLICY_LAYOUT). */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PolicyDocument } from '../document.ts';
import { readFileIfPresent } from '../read-if-present.ts';
import { assemblePolicy, decodeSourceFile, parsePolicyFiles, POLICY_LAYOUT, type ParseResult, type SourceFile } from './parse.ts';

/** Reads the metadata file and every section file under `root`, paths kept relative to it. */
export async function readPolicyFiles(root: string): Promise<{ metadataFile?: SourceFile; sectionFiles: SourceFile[] }> {
  const read = async (relative: string): Promise<SourceFile | undefined> => {
    const bytes = await readFileIfPresent(path.join(root, relative));
    return bytes && decodeSourceFile(relative, bytes);
  };
  let names: string[] = [];
  try {
    names = (await readdir(path.join(root, POLICY_LAYOUT.sectionsDir))).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const sectionFiles = await Promise.all(names.map((name) => read(`${POLICY_LAYOUT.sectionsDir}/${name}`)));
  return { metadataFile: await read(POLICY_LAYOUT.metadataFile), sectionFiles: sectionFiles.filter((file) => file !== undefined) };
}

/** Parses the policy under `root`, returning every problem rather than throwing. */
export async function checkPolicyFolder(root: string): Promise<ParseResult> {
  const { metadataFile, sectionFiles } = await readPolicyFiles(root);
  return parsePolicyFiles(metadataFile, sectionFiles);
}

/** Loads the policy under `root` (the repository root); throws a PolicyError naming each problem. */
export async function loadPolicyFolder(root: string): Promise<PolicyDocument> {
  const { metadataFile, sectionFiles } = await readPolicyFiles(root);
  return assemblePolicy(metadataFile, sectionFiles);
}
