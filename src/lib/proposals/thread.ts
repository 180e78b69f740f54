/**
 * A mail thread as `b4 mbox` or a list archive writes it: every version of a series it holds, and the replies, the
 * review itself. Each reply is attributed, through its In-Reply-To and References, to the cover letter or patch it
 * answers; its Acked-by, Reviewed-by, Tested-by and Nacked-by trailers count for that patch (for every patch when it
 * answers the cover letter, as b4 collects them). A reply that answers nothing in the thread is refused.
 */
import { PolicyError, type Problem } from '../errors.ts';
import { mailName, mailPlace, type MailMessage } from './mbox.ts';
import { parseSubject } from './subject.ts';

/** The review trailers b4 collects. */
export const REVIEW_TRAILERS = ['Acked-by', 'Reviewed-by', 'Tested-by', 'Nacked-by'] as const;
export type ReviewTrailerKind = (typeof REVIEW_TRAILERS)[number];

/** One review trailer: what, who, and the patch it is for (0: the cover letter, so the whole series). */
export interface ReviewTrailer {
  kind: ReviewTrailerKind;
  who: string;
  patch: number;
  messageId: string;
}

/** One reply: who wrote it and when, what it answers, its first lines and its trailers. */
export interface ThreadReply {
  message: MailMessage;
  /** The patch it answers, 0 for the cover letter. */
  patch: number;
  /** Its first lines of its own (not quoted, not an attribution line or a trailer). */
  excerpt: string;
  trailers: ReviewTrailer[];
}

/** One version of the series in the thread: its mails (cover letter and patches, in mbox order) and the replies to them. */
export interface ThreadVersion {
  version: number;
  mails: MailMessage[];
  replies: ThreadReply[];
}

const TRAILER = new RegExp(`^(${REVIEW_TRAILERS.join('|')}):\\s*(\\S.*)$`, 'i');

/** The review trailers in a reply's own text (quoted lines skipped), in order. */
export function reviewTrailers(body: string): { kind: ReviewTrailerKind; who: string }[] {
  const found: { kind: ReviewTrailerKind; who: string }[] = [];
  for (const line of body.split('\n')) {
    const match = TRAILER.exec(line.trim());
    if (!match || line.startsWith('>')) continue;
    const kind = REVIEW_TRAILERS.find((name) => name.toLowerCase() === match[1]!.toLowerCase())!;
    found.push({ kind, who: match[2]!.trim() });
  }
  return found;
}

/** The first lines a reply says itself: no quotes, no "On … wrote:" line, no trailers; at most `count` lines. */
export function replyExcerpt(body: string, count = 3): string {
  const lines = body.split('\n').map((line) => line.trimEnd());
  // What follows a signature's "-- ", or the mail a top-posted reply (Outlook's) quotes below it, is not the reply.
  const end = lines.findIndex((line) => line === '--' || line === '-- ' || /^-{3,} ?Original Message ?-{3,}$/i.test(line.trim()) || /^_{20,}$/.test(line.trim()));
  const kept = end < 0 ? lines : lines.slice(0, end);
  // An attribution ("On Sun, 6 Dec 2026, Ann <ann@example.org> wrote:"), also as a client wraps it onto two lines.
  const attribution = (index: number) => /\bwrote:$/.test(kept[index]!) || (/^On /.test(kept[index]!) && /\bwrote:$/.test(kept[index + 1] ?? ''));
  const own = kept.filter((line, index) => line.trim() && !line.startsWith('>') && !attribution(index) && !TRAILER.test(line.trim()));
  return own.slice(0, count).join('\n');
}

/**
 * Refusals for mails that share a Message-Id: the same mail twice, or two mails (v1 and v2 made within one second by
 * git format-patch, or a hand-edited resend) whose replies could not be told apart.
 */
function sharedMessageIds(messages: MailMessage[], file: string): Problem[] {
  const first = new Map<string, MailMessage>();
  const problems: Problem[] = [];
  for (const message of messages) {
    if (!message.messageId) continue;
    const earlier = first.get(message.messageId);
    if (!earlier) {
      first.set(message.messageId, message);
      continue;
    }
    const at = earlier.line !== undefined ? ` (line ${earlier.line})` : '';
    const text = earlier.raw.equals(message.raw)
      ? `${mailName(message)} is message ${earlier.position}${at} again, the same mail twice; remove one copy, or export the thread again (b4 mbox <message-id>)`
      : `${mailName(message)} has the Message-Id <${message.messageId}> of ${mailName(earlier)}${at}; each mail of a thread has its own, or the replies to the two cannot be told apart; ask the sender to send the later one again with git send-email (which gives every mail its own Message-Id), or import each version from an mbox of its own`;
    problems.push({ ...mailPlace(file, message), rule: 'import-thread', message: text });
  }
  return problems;
}

/**
 * Splits a thread into its versions, oldest first, each with the replies that answer it. Refuses (naming each mail)
 * mails that share a Message-Id, and a reply whose In-Reply-To and References reach no mail of the thread, and one with no threading headers at all.
 */
export function splitThread(messages: MailMessage[], file: string): ThreadVersion[] {
  const shared = sharedMessageIds(messages, file);
  if (shared.length) throw new PolicyError(shared);
  const versions = new Map<number, ThreadVersion>();
  // Which version and patch each series mail is, by Message-Id.
  const place = new Map<string, { version: number; patch: number }>();
  const replies: MailMessage[] = [];
  for (const message of messages) {
    const subject = parseSubject(message.subject);
    if (!subject.isPatch) {
      replies.push(message);
      continue;
    }
    const entry = versions.get(subject.version) ?? { version: subject.version, mails: [], replies: [] };
    entry.mails.push(message);
    versions.set(subject.version, entry);
    if (message.messageId) place.set(message.messageId, { version: subject.version, patch: subject.index });
  }
  // Without a single patch there is no series; the importer says so rather than refuse each reply.
  if (versions.size === 0) return [];
  const problems: Problem[] = [];
  const byId = new Map(messages.map((message) => [message.messageId, message]));
  for (const message of replies) {
    // Follow the answered ids, and the ids those mails answer in turn, until a series mail is reached.
    const seen = new Set<string>();
    const queue = [...message.answers];
    let target: { version: number; patch: number } | undefined;
    while (queue.length && !target) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      target = place.get(id);
      if (!target) queue.push(...(byId.get(id)?.answers ?? []));
    }
    if (!target) {
      const why = message.answers.length
        ? `answers ${message.answers.map((id) => `<${id}>`).join(', ')}, none of which is a mail of the series in this mbox`
        : 'has no In-Reply-To or References header, so it answers no mail of the series';
      problems.push({ ...mailPlace(file, message), rule: 'import-thread', message: `${mailName(message)} ${why}; export the whole thread (b4 mbox <message-id>, or the archive's mbox of the thread), or remove the mail` });
      continue;
    }
    const trailers = reviewTrailers(message.body).map((trailer) => ({ ...trailer, patch: target.patch, messageId: message.messageId }));
    versions.get(target.version)!.replies.push({ message, patch: target.patch, excerpt: replyExcerpt(message.body), trailers });
  }
  if (problems.length) throw new PolicyError(problems);
  return [...versions.values()].sort((a, b) => a.version - b.version);
}

/** Who acked, reviewed, tested or nacked patch `index` (1-based): its own trailers and the cover letter's, deduplicated. */
export function trailersForPatch(trailers: ReviewTrailer[], index: number): ReviewTrailer[] {
  const seen = new Set<string>();
  return trailers.filter((trailer) => {
    if (trailer.patch !== index && trailer.patch !== 0) return false;
    const key = `${trailer.kind}\0${trailer.who.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
