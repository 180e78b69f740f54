/**
 * The proposals stored in a repository: each folder under content/proposals with its metadata and mbox files.
 *
 * Storing a version is all or nothing. proposal.yaml is the commit point: a reader sees only the versions it
 * lists, and it is replaced by one rename after the mbox is in place. A new proposal is written whole into a
 * hidden folder beside the others and renamed into place. What a killed import leaves (hidden, named with
 * its process id) is removed by the next import once that process is gone.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, mkdtemp, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError, UsageError } from '../errors.ts';
import { formatProposalMetadata, PROPOSAL_FILE, PROPOSALS_DIR, proposalSlugSchema, readProposalMetadata, type ProposalMetadata, type ProposalVersion } from './metadata.ts';
import { processAlive } from '../process-alive.ts';

/** A stored proposal: its slug (the folder name) and metadata. */
export interface StoredProposal extends ProposalMetadata {
  slug: string;
}

/** Lists the proposals of `repo`, sorted by the date of their latest version, newest first. Hidden entries (an import at work) are not proposals. */
export async function listStoredProposals(repo: string): Promise<StoredProposal[]> {
  let names: string[];
  try {
    names = (await readdir(path.join(repo, PROPOSALS_DIR), { withFileTypes: true })).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const proposals: StoredProposal[] = [];
  for (const slug of names.sort()) {
    const display = path.posix.join(PROPOSALS_DIR, slug, PROPOSAL_FILE);
    if (!proposalSlugSchema.safeParse(slug).success) {
      throw new PolicyError({ file: path.posix.join(PROPOSALS_DIR, slug), rule: 'proposal', message: 'is not a lowercase slug; rename the folder' });
    }
    const metadata = await readProposalMetadata(path.join(repo, PROPOSALS_DIR, slug, PROPOSAL_FILE), display);
    if (!metadata) throw new PolicyError({ file: display, rule: 'proposal', message: 'is missing; every proposal folder needs its metadata file (policy import writes it)' });
    proposals.push({ slug, ...metadata });
  }
  // By instant, then by slug in code-unit order: the same order whatever the machine's LANG (localeCompare is not).
  const latest = (proposal: StoredProposal) => Date.parse(proposal.versions.at(-1)!.date);
  return proposals.sort((a, b) => latest(b) - latest(a) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** The stored mbox of one version, as received. */
export function readVersionMbox(repo: string, slug: string, version: ProposalVersion): Promise<Buffer> {
  return readFile(path.join(repo, PROPOSALS_DIR, slug, version.file));
}

/** The points of storing a version, in order, where a test may stop the process; `committed` is the rename that publishes it; `mbox-linked` only when adding to a proposal. */
export const STORE_STEPS = ['locked', 'mbox-written', 'metadata-written', 'mbox-linked', 'committed', 'done'] as const;
export type StoreStep = (typeof STORE_STEPS)[number];

/** What to store: the proposal, the new version's mbox bytes, and the metadata that lists it. */
export interface VersionToStore {
  slug: string;
  version: ProposalVersion;
  mbox: Buffer;
  /** The whole metadata after this version is added; `existing` is undefined for a new proposal. */
  metadata: ProposalMetadata;
  existing: ProposalMetadata | undefined;
  /** Called after each step (tests stop the process there to prove nothing half-written is ever seen). */
  onStep?: (step: StoreStep) => void;
}

// Hidden names, each with the writing process' id: `.import-<pid>-*` folders (a new proposal being
// written), `.<name>.<pid>-<hex>.tmp` files, and the `.import.lock` of the proposals folder.
const STAGING = /^\.import-(\d+)-/;
const TEMPORARY = /^\.(.+)\.(\d+)-[0-9a-f]+\.tmp$/;
const LOCK = '.import.lock';


/** Writes `data` to a new file and flushes it to disk, so a rename after it never publishes a partial file. */
async function writeDurably(file: string, data: string | Buffer): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A hidden temporary name beside `file`, carrying this process' id. */
function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Takes the proposals folder's lock (one import writes at a time, so no version is lost to another); a lock whose process is gone is taken over. */
async function lockProposals(folder: string): Promise<() => Promise<void>> {
  const lock = path.join(folder, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeDurably(lock, `${process.pid}\n`);
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    if (holder && processAlive(holder)) {
      throw new UsageError(`another policy import (process ${holder}) is writing ${PROPOSALS_DIR}; run this one when it is done (remove ${PROPOSALS_DIR}/${LOCK} if no import is running)`);
    }
    await rm(lock, { force: true });
  }
  throw new UsageError(`cannot take ${PROPOSALS_DIR}/${LOCK}; remove it if no import is running`);
}

/**
 * Removes what imports killed mid-way left in `repo`'s proposals folder, once their process is gone: hidden
 * staging folders, temporary files, the lock, and an mbox linked into place whose metadata never listed it
 * (recognised by the temporary hard link it still shares, so a file put there by hand is never removed).
 * Returns the repository-relative paths removed.
 */
export async function removeInterruptedImports(repo: string): Promise<string[]> {
  const root = path.join(repo, PROPOSALS_DIR);
  const removed: string[] = [];
  const remove = async (full: string) => {
    await rm(full, { recursive: true, force: true });
    removed.push(path.relative(repo, full).split(path.sep).join('/'));
  };
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    const staging = STAGING.exec(entry.name);
    if (staging && !processAlive(Number(staging[1]))) await remove(full);
    else if (entry.name === LOCK) {
      const holder = Number((await readFile(full, 'utf8').catch(() => '')).trim());
      if (!holder || !processAlive(holder)) await remove(full);
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      for (const name of await readdir(full)) {
        const temporary = TEMPORARY.exec(name);
        if (!temporary || processAlive(Number(temporary[2]))) continue;
        const target = path.join(full, temporary[1]!);
        const [tmpStat, targetStat] = await Promise.all([stat(path.join(full, name)), stat(target).catch(() => undefined)]);
        if (targetStat && targetStat.ino === tmpStat.ino && targetStat.dev === tmpStat.dev && /^v\d+\.mbox$/.test(temporary[1]!)) {
          const metadata = await readProposalMetadata(path.join(full, PROPOSAL_FILE)).catch(() => undefined);
          if (!metadata?.versions.some((version) => version.file === temporary[1])) await remove(target);
        }
        await remove(path.join(full, name));
      }
    }
  }
  // A folder that only ever held what was just removed goes too; git does not keep empty folders anyway.
  if (removed.length && (await readdir(root)).length === 0) await rmdir(root).catch(() => undefined);
  return removed;
}

/** Stores one version all or nothing (see the module comment); returns the repository-relative paths written. */
export async function storeVersion(repo: string, store: VersionToStore): Promise<string[]> {
  const { slug, version, mbox, metadata, existing, onStep = () => {} } = store;
  const root = path.join(repo, PROPOSALS_DIR);
  const folder = path.join(root, slug);
  const relative = (name: string) => path.posix.join(PROPOSALS_DIR, slug, name);
  const createdRoot = await mkdir(root, { recursive: true });
  const unlock = await lockProposals(root);
  try {
    onStep('locked');
    // Read again under the lock: another import may have stored a version since the caller looked.
    const current = await readProposalMetadata(path.join(folder, PROPOSAL_FILE), relative(PROPOSAL_FILE));
    if (JSON.stringify(current) !== JSON.stringify(existing)) {
      throw new UsageError(`${relative(PROPOSAL_FILE)} changed while this import ran; run it again`);
    }
    if (!existing) {
      // A new proposal: written whole in a hidden folder, then renamed into place in one step.
      const staging = await mkdtemp(path.join(root, `.import-${process.pid}-`));
      try {
        await writeDurably(path.join(staging, version.file), mbox);
        onStep('mbox-written');
        await writeDurably(path.join(staging, PROPOSAL_FILE), formatProposalMetadata(metadata));
        onStep('metadata-written');
        try {
          await rename(staging, folder);
        } catch (error) {
          if (!['EEXIST', 'ENOTEMPTY', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
          throw new PolicyError({ file: relative(''), rule: 'import-version', message: `already exists but has no ${PROPOSAL_FILE}; remove the folder, or give --proposal another slug` });
        }
        onStep('committed');
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    } else {
      // A new version of a proposal: the mbox goes in first (a hard link, so an existing file is never
      // replaced, and the temporary link marks it as this import's until the metadata lists it), then
      // proposal.yaml is replaced by one rename.
      const mboxTemporary = temporaryBeside(path.join(folder, version.file));
      const metadataTemporary = temporaryBeside(path.join(folder, PROPOSAL_FILE));
      try {
        await writeDurably(mboxTemporary, mbox);
        onStep('mbox-written');
        await writeDurably(metadataTemporary, formatProposalMetadata(metadata));
        onStep('metadata-written');
        try {
          await link(mboxTemporary, path.join(folder, version.file));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          throw new PolicyError({ file: relative(version.file), rule: 'import-version', message: `already exists but ${PROPOSAL_FILE} does not list it; remove the file or add it to ${PROPOSAL_FILE}` });
        }
        onStep('mbox-linked');
        await rename(metadataTemporary, path.join(folder, PROPOSAL_FILE));
        onStep('committed');
      } finally {
        await Promise.all([unlink(mboxTemporary).catch(() => undefined), unlink(metadataTemporary).catch(() => undefined)]);
      }
    }
    onStep('done');
  } finally {
    await unlock();
    if (createdRoot && (await readdir(root)).length === 0) await rmdir(root).catch(() => undefined);
  }
  return [relative(version.file), relative(PROPOSAL_FILE)];
}
