/** Assembles the mails of an mbox into one patch series, refusing an incomplete or mixed one. */
import { PolicyError, type Problem } from '../errors.ts';
import { mailName, mailPlace, type MailMessage } from './mbox.ts';
import { parseSubject } from './subject.ts';

/** One patch of a series, in its place. */
export interface SeriesPatch {
  /** 1-based position, from `k/n`. */
  index: number;
  /** Subject without the prefix. */
  title: string;
  message: MailMessage;
}

/** A complete series: its version, cover letter (when sent) and patches 1..n in order. */
export interface PatchSeries {
  version: number;
  total: number;
  /** Title of the cover letter, or of the single patch when there is none. */
  title: string;
  cover?: MailMessage;
  patches: SeriesPatch[];
  /** The `base-commit:` that `git format-patch --base` writes, when present. */
  baseCommit?: string;
}

const BASE_COMMIT = /^base-commit: ([0-9a-f]{40}(?:[0-9a-f]{24})?)\s*$/m;

/** How a patch is named in messages: `patch 2/3 "Fix typos"`. */
export function patchLabel(patch: { index: number; title: string }, total: number): string {
  return `patch ${patch.index}/${total} "${patch.title}"`;
}

/**
 * The text of a cover letter for reading: up to its signature line (`-- `). What follows is git's version
 * signature and, for a MIME cover letter (policy series attaches the redline), the attachments, which
 * `git mailinfo` decodes into the same text.
 */
export function coverText(body: string): string {
  const signature = /^-- $/m.exec(body);
  return (signature ? body.slice(0, signature.index) : body).replace(/\s+$/, '');
}

/** Finds the `base-commit:` line: in the cover letter, else in the last patch that carries one. */
function findBaseCommit(cover: MailMessage | undefined, patches: SeriesPatch[]): string | undefined {
  const texts = [cover?.body ?? '', ...patches.map((patch) => `${patch.message.body}\n${patch.message.patch}`).reverse()];
  for (const text of texts) {
    const match = BASE_COMMIT.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

/** Puts the series' mails in order; throws a PolicyError (exit 2) naming each missing, duplicate or stray patch. */
export function assembleSeries(messages: MailMessage[], file: string): PatchSeries {
  // A problem about one mail points at its line in the mbox.
  const problem = (message: string, mail?: MailMessage): Problem => ({ ...(mail ? mailPlace(file, mail) : { file }), rule: 'import-series', message });
  const mails = messages.map((message) => ({ message, subject: parseSubject(message.subject) })).filter((mail) => mail.subject.isPatch);
  if (mails.length === 0) {
    throw new PolicyError(problem('holds no patch mails (no subject starts with [PATCH ...]); give the mbox that "git format-patch" or "policy series" wrote'));
  }
  const problems: Problem[] = [];
  const first = mails[0]!.subject;
  for (const { message, subject } of mails) {
    if (subject.version !== first.version || subject.total !== first.total) {
      problems.push(
        problem(`mixes series: ${mailName(message)} is v${subject.version} of ${subject.total}, but message ${mails[0]!.message.position} is v${first.version} of ${first.total}; import one version of one series at a time`, message),
      );
    }
  }
  const covers = mails.filter((mail) => mail.subject.index === 0);
  for (const extra of covers.slice(1)) problems.push(problem(`has ${covers.length} cover letters (0/${first.total}): ${mailName(extra.message)} is another after message ${covers[0]!.message.position}; keep one`, extra.message));
  const patches: SeriesPatch[] = [];
  for (let index = 1; index <= first.total; index++) {
    const found = mails.filter((mail) => mail.subject.index === index);
    if (found.length === 0) problems.push(problem(`is incomplete: patch ${index}/${first.total} is missing; export the whole series again`));
    else if (found.length > 1) problems.push(problem(`has patch ${index}/${first.total} ${found.length} times (messages ${found.map((mail) => mail.message.position).join(', ')}): ${mailName(found[1]!.message)} is another; keep one copy`, found[1]!.message));
    else patches.push({ index, title: found[0]!.subject.title, message: found[0]!.message });
  }
  for (const { message, subject } of mails) {
    if (subject.index > first.total) problems.push(problem(`${mailName(message)} is numbered beyond the ${first.total} patches of the series; export the whole series again`, message));
  }
  for (const patch of patches) {
    if (!patch.message.patch.trim()) problems.push(problem(`${mailName(patch.message)} carries no diff; it is not a patch (a reply whose subject kept [PATCH ...] would look so: give it "Re: ")`, patch.message));
  }
  if (covers[0]?.subject.title.includes('*** SUBJECT HERE ***')) {
    problems.push(problem(`${mailName(covers[0]!.message)} is a cover letter that still carries git's placeholder "*** SUBJECT HERE ***"; give the series a title and send it again`, covers[0]!.message));
  }
  if (problems.length) throw new PolicyError(problems);
  const cover = covers[0]?.message;
  const baseCommit = findBaseCommit(cover, patches);
  return {
    version: first.version,
    total: first.total,
    title: covers[0]?.subject.title ?? patches[0]!.title,
    ...(cover ? { cover } : {}),
    patches,
    ...(baseCommit ? { baseCommit } : {}),
  };
}
