/**
 * The proposals for the site's pages: each stored version applied at its base (through the build's cache),
 * its redlines against the base, against the version before and per patch, and entries for the feed.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { formatDateTime, sitePath } from '../components/paths.ts';
import { describeBase, proposalOutcome, type BaseDescription, type ProposalOutcome } from '../lib/proposals/outcome.ts';
import { siteHistory } from './history.ts';
import type { PolicyDocument } from '../lib/document.ts';
import { contentHash, defaultCacheDir, JsonCache } from '../lib/history/cache.ts';
import { codeFingerprint, lockfileText } from '../lib/history/code-version.ts';
import { PROPOSALS_DIR, type ProposalVersion } from '../lib/proposals/metadata.ts';
import { loadProposalVersion, type LoadedVersion } from '../lib/proposals/load.ts';
import { listStoredProposals, readVersionMbox, type StoredProposal } from '../lib/proposals/store.ts';
import { REDLINE_SCRIPT_HASH } from '../lib/redline/html.ts';
import { settleLimited } from '../lib/settle-limited.ts';
import { computeRedline, renderRedlineHtml, renderRedlineStandalone } from '../lib/redline/index.ts';
import { redlineStylesheet } from '../lib/redline/style.ts';
import type { Redline, RedlineSummary } from '../lib/redline/types.ts';

/** The repository the site is built from: the project root, where Astro runs. */
const repo = path.resolve(process.env.POLICY_REPO ?? process.cwd());

// Cached values are computed by src/lib: a change to the modules that compute them, or to the packages they call,
// starts a fresh cache namespace, as does a change to the stylesheet that standalone files inline; other code (lint
// rules, the series command) leaves the cache valid.
const engineSources = import.meta.glob('../lib/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
/** Fingerprint of the code whose results are cached. */
const codeVersion = codeFingerprint(engineSources, ['../lib/proposals/load.ts', '../lib/redline/index.ts'], [lockfileText(), redlineStylesheet()]);
const cache = new JsonCache(defaultCacheDir(repo));

let stored: Promise<StoredProposal[]> | undefined;
let listing: Promise<StoredProposal[]> | undefined;

/** How many proposal versions are applied at once (each in a scratch repository of its own). */
const VERSIONS_AT_ONCE = 4;

/** Whether a proposal that cannot be shown stops the build (POLICY_STRICT_PROPOSALS=1, for CI) rather than being left out. */
const STRICT = /^(1|true|yes)$/i.test(process.env.POLICY_STRICT_PROPOSALS ?? '');

/**
 * Every stored proposal that can be shown, the most recently updated first (once per build), with only the versions
 * that apply at their base and render. A version that does not is reported and left out, so one bad mail cannot
 * take the whole site down; POLICY_STRICT_PROPOSALS=1 makes it fail the build instead.
 */
export function siteProposals(): Promise<StoredProposal[]> {
  listing ??= (async () => {
    // Every build reads the history for its pages: started now, its git runs and parsing overlap the proposals' waits
    // for git (their getStaticPaths is asked first, and Astro asks one route at a time). Its errors reach its callers.
    siteHistory().catch(() => undefined);
    const shown: StoredProposal[] = [];
    const proposals = await storedProposals();
    // A few versions are applied at once: each mostly waits for its git processes, so they overlap. What is shown and
    // what is reported follow the stored order, whichever finishes first.
    const all = proposals.flatMap((proposal) => proposal.versions.map((meta) => ({ proposal, meta })));
    const checks = await settleLimited(all, VERSIONS_AT_ONCE, async ({ proposal, meta }) => {
      const loaded = await loadStoredVersion(proposal.slug, meta);
      await renderedRedline(loaded.loaded.base, loaded.loaded.proposed);
    });
    let next = 0;
    for (const proposal of proposals) {
      const versions: ProposalVersion[] = [];
      for (const meta of proposal.versions) {
        const check = checks[next++]!;
        if (check.status === 'fulfilled') versions.push(meta);
        else {
          const error: unknown = check.reason;
          const where = path.posix.join(PROPOSALS_DIR, proposal.slug, meta.file);
          const reason = error instanceof Error ? error.message : String(error);
          if (STRICT) throw new Error(`${where} cannot be shown: ${reason}`, { cause: error });
          console.warn(`[proposals] left out ${where}: it cannot be shown (${reason.split('\n')[0]}); the rest of the site is built (POLICY_STRICT_PROPOSALS=1 makes this fail the build)`);
        }
      }
      if (versions.length) shown.push({ ...proposal, versions });
    }
    // Every proposal's outcome is shown on its pages and in the list; its git runs (the patch ids of the commits since
    // its base) start now, beside the pages that need none, instead of when the first of those pages is rendered.
    for (const proposal of shown) siteProposalOutcome(proposal.slug).catch(() => undefined);
    return shown;
  })();
  return listing;
}

/** Every stored proposal as its metadata lists it (read once per build). */
function storedProposals(): Promise<StoredProposal[]> {
  stored ??= listStoredProposals(repo);
  return stored;
}

const loadedVersions = new Map<string, Promise<{ loaded: LoadedVersion; mboxHash: string }>>();

/** A stored version applied at its base (once per build; cached across builds by mbox hash and base). */
function loadStoredVersion(slug: string, meta: ProposalVersion): Promise<{ loaded: LoadedVersion; mboxHash: string }> {
  const id = `${slug}/v${meta.version}`;
  let loading = loadedVersions.get(id);
  if (!loading) {
    loading = (async () => {
      const mbox = await readVersionMbox(repo, slug, meta);
      const loaded = await loadProposalVersion(repo, mbox, meta.baseCommit, path.posix.join(PROPOSALS_DIR, slug, meta.file), cache, codeVersion);
      return { loaded, mboxHash: contentHash(mbox.toString('latin1')) };
    })();
    loadedVersions.set(id, loading);
  }
  return loading;
}

/** One version of a proposal with its neighbours. */
export interface SiteProposalVersion {
  proposal: StoredProposal;
  meta: ProposalVersion;
  previous?: ProposalVersion;
  next?: ProposalVersion;
  latest: ProposalVersion;
  /** sha-256 of the stored mbox: with the base commit, the key of everything computed from it. */
  mboxHash: string;
  loaded: LoadedVersion;
}

const versions = new Map<string, Promise<SiteProposalVersion>>();

/** Version `version` of proposal `slug`, applied at its base (once per build; cached across builds by mbox hash and base). */
export function siteProposalVersion(slug: string, version: number): Promise<SiteProposalVersion> {
  const id = `${slug}/v${version}`;
  let loading = versions.get(id);
  if (!loading) {
    loading = (async () => {
      const proposal = (await siteProposals()).find((candidate) => candidate.slug === slug);
      const position = proposal?.versions.findIndex((candidate) => candidate.version === version) ?? -1;
      if (!proposal || position < 0) throw new Error(`no proposal version ${id}`);
      const meta = proposal.versions[position]!;
      const { loaded, mboxHash } = await loadStoredVersion(slug, meta);
      const previous = proposal.versions[position - 1];
      const next = proposal.versions[position + 1];
      return { proposal, meta, ...(previous ? { previous } : {}), ...(next ? { next } : {}), latest: proposal.versions.at(-1)!, mboxHash, loaded };
    })();
    versions.set(id, loading);
  }
  return loading;
}

/** The stored mbox of a version, byte for byte as received. */
export async function proposalMbox(slug: string, version: number): Promise<Buffer> {
  const proposal = (await siteProposals()).find((candidate) => candidate.slug === slug);
  const meta = proposal?.versions.find((candidate) => candidate.version === version);
  if (!proposal || !meta) throw new Error(`no proposal version ${slug}/v${version}`);
  return readVersionMbox(repo, slug, meta);
}

/** Every (proposal, version) pair, for getStaticPaths. */
export async function allProposalVersions(): Promise<{ slug: string; version: number }[]> {
  return (await siteProposals()).flatMap((proposal) => proposal.versions.map((meta) => ({ slug: proposal.slug, version: meta.version })));
}

/** Which redline of a version: against its base, against the version before, or of one patch. */
export type RedlineKind = { against: 'base' } | { against: 'previous' } | { against: 'patch'; index: number };

/** A redline's summary and its two renderings. */
export interface ProposalRedline {
  summary: RedlineSummary;
  inline: string;
  sideBySide: string;
  /** The two documents compared, for the standalone file and the labels. */
  oldLabel: string;
  newLabel: string;
}

/** The two documents a redline compares, and how to name them. */
async function redlineInputs(entry: SiteProposalVersion, kind: RedlineKind): Promise<{ oldDoc: PolicyDocument; newDoc: PolicyDocument; oldLabel: string; newLabel: string }> {
  const { loaded, meta } = entry;
  const self = `v${meta.version}`;
  if (kind.against === 'base') {
    const base = await proposalBase(entry);
    return { oldDoc: loaded.base, newDoc: loaded.proposed, oldLabel: 'release' in base ? `policy v${base.release} (${meta.baseCommit.slice(0, 12)})` : baseLabel(base), newLabel: `${self} as proposed` };
  }
  if (kind.against === 'previous') {
    if (!entry.previous) throw new Error(`${entry.proposal.slug} ${self} has no previous version`);
    const previous = await siteProposalVersion(entry.proposal.slug, entry.previous.version);
    return { oldDoc: previous.loaded.proposed, newDoc: loaded.proposed, oldLabel: `v${entry.previous.version} as proposed`, newLabel: `${self} as proposed` };
  }
  const patch = loaded.patches.find((candidate) => candidate.index === kind.index);
  if (!patch) throw new Error(`${entry.proposal.slug} ${self} has no patch ${kind.index}`);
  return { oldDoc: patch.before, newDoc: patch.after, oldLabel: `before patch ${kind.index}`, newLabel: `after patch ${kind.index}` };
}

/**
 * The cache key of a redline: the two documents themselves. Different views of the proposals often compare the
 * same pair (the only patch of a series against its base, a patch a later version resends unchanged), and each
 * pair is then computed and rendered once. The base path changes the links inside.
 */
function pairKey(oldDoc: PolicyDocument, newDoc: PolicyDocument): string {
  return contentHash(JSON.stringify(oldDoc), JSON.stringify(newDoc), sitePath());
}

const REDLINE_NAMESPACE = `proposal-redline-${codeVersion}`;
const rendered = new Map<string, Promise<Omit<ProposalRedline, 'oldLabel' | 'newLabel'>>>();
const computed = new Map<string, Redline>();

/** The redline between two documents, computed once per build for the site's renderings and the standalone file alike. */
function pairRedline(key: string, oldDoc: PolicyDocument, newDoc: PolicyDocument): Redline {
  let redline = computed.get(key);
  if (!redline) {
    redline = computeRedline(oldDoc, newDoc);
    computed.set(key, redline);
  }
  return redline;
}

/** The summary and both renderings of the redline between two documents: once per build, and cached across builds. */
function renderedRedline(oldDoc: PolicyDocument, newDoc: PolicyDocument): Promise<Omit<ProposalRedline, 'oldLabel' | 'newLabel'>> {
  const key = pairKey(oldDoc, newDoc);
  let computing = rendered.get(key);
  if (!computing) {
    computing = cache.get(REDLINE_NAMESPACE, key, () => {
      const redline = pairRedline(key, oldDoc, newDoc);
      return { summary: redline.summary, inline: renderRedlineHtml(redline, { view: 'inline' }), sideBySide: renderRedlineHtml(redline, { view: 'side-by-side' }) };
    });
    rendered.set(key, computing);
  }
  return computing;
}

/** The redline of a version of its kind (computed once per pair of documents, and cached across builds). */
export async function proposalRedline(entry: SiteProposalVersion, kind: RedlineKind): Promise<ProposalRedline> {
  const { oldDoc, newDoc, oldLabel, newLabel } = await redlineInputs(entry, kind);
  return { ...(await renderedRedline(oldDoc, newDoc)), oldLabel, newLabel };
}

/** The standalone HTML redline of a version against its base: one self-contained file to attach to a mail (cached like the others). */
export async function proposalStandaloneRedline(entry: SiteProposalVersion): Promise<string> {
  const { oldDoc, newDoc } = await redlineInputs(entry, { against: 'base' });
  const title = `${entry.proposal.title} (v${entry.meta.version}) against ${baseLabel(await proposalBase(entry))}`;
  const pair = pairKey(oldDoc, newDoc);
  return cache.get(`${REDLINE_NAMESPACE}-standalone`, contentHash(pair, title), () => renderRedlineStandalone(pairRedline(pair, oldDoc, newDoc), { title, view: 'inline' }));
}

/**
 * CSP hashes of the inline scripts in a rendered redline (its keyboard navigation). A page passes them to
 * `Astro.csp.insertScriptHash` in its own frontmatter, before the layout writes the policy into the head.
 */
export function redlineScriptHashes(html: string): `sha256-${string}`[] {
  // Only the redline's own script: a script that reached the HTML any other way must stay blocked by the CSP.
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    .map((match): `sha256-${string}` => `sha256-${createHash('sha256').update(match[1]!).digest('base64')}`)
    .filter((hash) => hash === REDLINE_SCRIPT_HASH);
}

/** The list of proposals. */
export function proposalsPath(): string {
  return sitePath('proposals/');
}

/** A proposal's overview of its versions. */
export function proposalPath(slug: string): string {
  return sitePath(`proposals/${slug}/`);
}

/** The pages of one version: its overview (with the redline against the base), and the other views. */
export function proposalVersionPath(slug: string, version: number, page: '' | 'side-by-side' | 'since-previous' | 'since-previous/side-by-side' | 'text' = ''): string {
  return sitePath(`proposals/${slug}/v${version}/${page ? `${page}/` : ''}`);
}

/** The redline page of one patch of a version. */
export function proposalPatchPath(slug: string, version: number, index: number): string {
  return sitePath(`proposals/${slug}/v${version}/patches/${index}/`);
}

/** The stored mbox, served as received. */
export function proposalMboxPath(slug: string, version: number): string {
  return sitePath(`proposals/${slug}/v${version}.mbox`);
}

/** The standalone HTML redline against the base. */
export function proposalStandalonePath(slug: string, version: number): string {
  return sitePath(`proposals/${slug}/v${version}/redline.html`);
}


const outcomes = new Map<string, Promise<ProposalOutcome>>();

/** Where proposal `slug` ended up (from its latest version): merged into a release or the unreleased changes, withdrawn, rejected or open. */
export function siteProposalOutcome(slug: string): Promise<ProposalOutcome> {
  let finding = outcomes.get(slug);
  if (!finding) {
    finding = (async () => {
      const proposal = (await siteProposals()).find((candidate) => candidate.slug === slug);
      if (!proposal) throw new Error(`no proposal ${slug}`);
      const latest = await siteProposalVersion(slug, proposal.versions.at(-1)!.version);
      const history = await siteHistory();
      const headDocument = history.unreleased?.document ?? history.releases[0]?.document;
      if (!headDocument) return { state: proposal.status };
      return proposalOutcome(
        repo,
        { status: proposal.status, baseCommit: latest.meta.baseCommit, base: latest.loaded.base, proposed: latest.loaded.proposed, patchIds: latest.loaded.patches.map((patch) => patch.patchId) },
        { releases: history.releases, head: history.head, headDocument },
      );
    })();
    outcomes.set(slug, finding);
  }
  return finding;
}

const bases = new Map<string, Promise<BaseDescription>>();

/** What a version's base is, truthfully: a release, or an unreleased commit with its date. */
export function proposalBase(entry: SiteProposalVersion): Promise<BaseDescription> {
  let describing = bases.get(entry.meta.baseCommit);
  if (!describing) {
    describing = siteHistory().then((history) => describeBase(repo, entry.meta.baseCommit, history.releases));
    bases.set(entry.meta.baseCommit, describing);
  }
  return describing;
}

/** The base as words: "policy v3.23" for a release, "unreleased commit 0123456789ab of 5 December 2026 (after v3.23)" otherwise. */
export function baseLabel(base: BaseDescription): string {
  if ('release' in base) return `policy v${base.release}`;
  return `unreleased commit ${base.commit.slice(0, 12)} of ${formatDateTime(base.committed)}${base.after ? ` (after v${base.after})` : ''}`;
}

/** An outcome in a few words, for the feed: "merged in 3.24", "merged, not released yet", "open". */
export function outcomeText(outcome: ProposalOutcome): string {
  if (outcome.state === 'merged') return outcome.release ? `merged in ${outcome.release}` : 'merged, not released yet';
  return outcome.state === 'accepted' ? 'accepted, not merged yet' : outcome.state;
}
