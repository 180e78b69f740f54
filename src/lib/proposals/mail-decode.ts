/**
 * Reads one mail (as `git mailsplit` gives it) the way `git mailinfo -k` does, in process: headers unfolded and their
 * encoded-words decoded, the body's MIME parts and transfer encodings undone, the commit message (up to git's patch
 * break) converted from its charset, and the patch kept as its bytes. One `git mailinfo` process per mail made a
 * 500-mail thread cost 15 s; test/proposals/mail-decode.test.ts holds this reader to git's own output.
 * Git applies the patches (`git am` reads the raw mails); this only says what they hold.
 */

/** A mail as `git mailinfo -k` reads it, or why git would not. */
export type DecodedMail =
  | {
      ok: true;
      /** Subject, Date and Message-Id headers, unfolded and decoded (Subject with its [PATCH] prefix). */
      subject: string;
      date: string;
      /** The commit message, or a cover letter's or reply's text, as UTF-8. */
      message: string;
      /** The patch part, from git's patch break on, as its bytes (git does not convert it). */
      patch: Buffer;
    }
  | {
      ok: false;
      /** Which part failed: the headers (From, Subject, Date), or the message text. */
      where: 'headers' | 'message';
      /** The header whose decoded value is not UTF-8, when that is what failed. */
      header?: string;
      reason: string;
    };

// Fatal, and keeping a byte order mark as text, so the decoded text is exactly the bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text, or undefined when the bytes are not valid UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Charsets whose text is UTF-8 as it stands (git does not convert a text that names none). */
const AS_UTF8 = new Set(['', 'utf-8', 'utf8', 'us-ascii', 'ascii']);

/** Text in `charset`, strictly: undefined when the bytes are not valid in it, `unknown` when no decoder knows it. */
function decodeCharset(bytes: Uint8Array, charset: string): string | undefined | 'unknown' {
  const label = charset.trim().toLowerCase();
  if (AS_UTF8.has(label)) return strictUtf8(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    return 'unknown';
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Undoes quoted-printable: `=XX` to its byte, `=` at a line's end joins it to the next; anything else stays. */
function decodeQuotedPrintable(bytes: Buffer, header = false): Buffer {
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x3d) {
      const hex = bytes.subarray(i + 1, i + 3).toString('latin1');
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[length++] = Number.parseInt(hex, 16);
        i += 2;
        continue;
      }
      // A soft line break: "=" then (optional white space and) the line's end.
      const soft = /^[ \t]*\r?\n/.exec(bytes.subarray(i + 1, i + 80).toString('latin1'));
      if (soft) {
        i += soft[0].length;
        continue;
      }
    }
    out[length++] = header && byte === 0x5f ? 0x20 : byte;
  }
  return out.subarray(0, length);
}

const ENCODED_WORD = /=\?([^?]*)\?([^?]*)\?(.*?)\?=/y;

/**
 * A header's value with its encoded-words decoded as git's decode_header does: white space between two words
 * dropped, and any `=?` that does not start a whole word is an error. Returns bytes (raw 8-bit text passes as it is,
 * decoded words as UTF-8), or the reason it cannot be decoded.
 */
function decodeHeaderValue(value: Buffer): { bytes: Buffer } | { reason: string } {
  const text = value.toString('latin1');
  const parts: Buffer[] = [];
  let at = 0;
  let afterWord = false;
  for (let start = text.indexOf('=?'); start >= 0; start = text.indexOf('=?', at)) {
    const between = text.slice(at, start);
    if (!(afterWord && /^\s*$/.test(between))) parts.push(Buffer.from(between, 'latin1'));
    ENCODED_WORD.lastIndex = start;
    const word = ENCODED_WORD.exec(text);
    const encoding = word?.[2]?.toLowerCase();
    if (!word || (encoding !== 'b' && encoding !== 'q')) return { reason: 'an unterminated or malformed encoded-word (=?charset?...?=)' };
    const charset = word[1]!.replace(/\*.*$/, '');
    const raw = Buffer.from(word[3]!, 'latin1');
    const bytes = encoding === 'b' ? Buffer.from(word[3]!, 'base64') : decodeQuotedPrintable(raw, true);
    const decoded = AS_UTF8.has(charset.toLowerCase()) ? bytes : decodeCharset(bytes, charset);
    if (decoded === 'unknown') return { reason: `cannot convert from ${charset} to UTF-8` };
    // A word whose bytes are not valid in its charset stays as bytes; the caller finds them not UTF-8.
    parts.push(typeof decoded === 'string' ? Buffer.from(decoded, 'utf8') : bytes);
    at = start + word[0].length;
    afterWord = true;
  }
  parts.push(Buffer.from(text.slice(at), 'latin1'));
  return { bytes: Buffer.concat(parts) };
}

/** One header line, unfolded: its lowercase name and value (latin1 bytes as they came). */
interface Header {
  name: string;
  value: Buffer;
}

/** Splits bytes into lines, each keeping its "\n" (the last may lack one). */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  return lines;
}

/** Reads the header block at the start of `lines` (folded lines joined); returns the headers and the index of the body's first line. */
function readHeaders(lines: Buffer[], start: number): { headers: Header[]; body: number } {
  const headers: Header[] = [];
  let index = start;
  for (; index < lines.length; index++) {
    const line = lines[index]!.toString('latin1').replace(/\r?\n$/, '');
    if (line === '') return { headers, body: index + 1 };
    if (/^[ \t]/.test(line) && headers.length) {
      const last = headers.at(-1)!;
      last.value = Buffer.concat([last.value, Buffer.from(` ${line.trim()}`, 'latin1')]);
      continue;
    }
    const colon = /^([^\s:]+):[ \t]*/.exec(line);
    if (!colon) {
      // git ends the headers at the first line that is not one, and reads it as the body.
      if (index === start && /^>?From /.test(line)) continue;
      return { headers, body: index };
    }
    headers.push({ name: colon[1]!.toLowerCase(), value: Buffer.from(line.slice(colon[0].length).trimEnd(), 'latin1') });
  }
  return { headers, body: index };
}

/** The first header of that name, or undefined. */
function header(headers: Header[], name: string): Buffer | undefined {
  return headers.find((entry) => entry.name === name)?.value;
}

/** A parameter of a Content-Type value (`charset`, `boundary`, `format`, `delsp`), unquoted; empty when absent. */
function parameter(contentType: string, name: string): string {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^\\s;]*))`, 'i').exec(contentType);
  return match ? (match[1] ?? match[2] ?? '') : '';
}

/** One line of a mail's decoded body, with the charset and flowed format of the part it is in. */
interface BodyLine {
  bytes: Buffer;
  charset: string;
}

/** What a part's headers say about reading its body. */
interface PartFormat {
  charset: string;
  encoding: string;
  flowed: boolean;
  delsp: boolean;
}

function partFormat(headers: Header[], inherited?: PartFormat): PartFormat {
  const type = header(headers, 'content-type')?.toString('latin1');
  const encoding = header(headers, 'content-transfer-encoding')?.toString('latin1').trim().toLowerCase() ?? '';
  if (type === undefined) return { charset: inherited?.charset ?? '', encoding, flowed: false, delsp: false };
  return { charset: parameter(type, 'charset'), encoding, flowed: parameter(type, 'format').toLowerCase() === 'flowed', delsp: parameter(type, 'delsp').toLowerCase() === 'yes' };
}

/** The body lines of one part, transfer encoding undone and (for format=flowed) soft breaks joined, as git's handle_filter_flowed. */
function partLines(raw: Buffer[], format: PartFormat): BodyLine[] {
  const joined = Buffer.concat(raw);
  const decoded = format.encoding === 'base64' ? Buffer.from(joined.toString('latin1'), 'base64') : format.encoding === 'quoted-printable' ? decodeQuotedPrintable(joined) : joined;
  const lines = splitLines(decoded);
  if (!format.flowed) return lines.map((bytes) => ({ bytes, charset: format.charset }));
  const out: BodyLine[] = [];
  let pending: Buffer[] = [];
  for (const line of lines) {
    let text = line.toString('latin1').replace(/\r?\n$/, '');
    if (text === '-- ') {
      if (pending.length) out.push({ bytes: Buffer.concat([...pending, Buffer.from('\n')]), charset: format.charset });
      pending = [];
      out.push({ bytes: line, charset: format.charset });
      continue;
    }
    if (text.startsWith(' ')) text = text.slice(1);
    if (text.endsWith(' ')) {
      pending.push(Buffer.from(format.delsp ? text.slice(0, -1) : text, 'latin1'));
      continue;
    }
    out.push({ bytes: Buffer.concat([...pending, Buffer.from(`${text}\n`, 'latin1')]), charset: format.charset });
    pending = [];
  }
  if (pending.length) out.push({ bytes: Buffer.concat(pending), charset: format.charset });
  return out;
}

/** git's boundary stack holds four boundaries; a fifth makes `git mailinfo` fail ("Too many boundaries to handle"). */
const MAX_BOUNDARIES = 4;

/** The boundary a part's Content-Type declares, as git's `--` line prefix; empty when none. git pushes any boundary=, whatever the type. */
function boundaryOf(headers: Header[]): string {
  const boundary = parameter(header(headers, 'content-type')?.toString('latin1') ?? '', 'boundary');
  return boundary ? `--${boundary}` : '';
}

/**
 * The body of the mail, every MIME part in order, as git mailinfo's handle_body reads it: a stack of boundaries where a
 * line is a boundary when it starts with the innermost one; a part's headers end at the first line that is not one (that
 * line dropped), and the line after them is always the part's text, never a boundary; an end boundary pops the stack
 * and skips to the next boundary of the part around it. Undefined when the mail nests more boundaries than git holds.
 */
function bodyLines(lines: Buffer[], headers: Header[]): BodyLine[] | undefined {
  const textOf = (index: number) => lines[index]!.toString('latin1').replace(/\r?\n$/, '');
  const stack: string[] = [];
  const outer = boundaryOf(headers);
  if (!outer) return partLines(lines, partFormat(headers));
  stack.push(outer);
  const isBoundary = (text: string) => stack.length > 0 && text.startsWith(stack.at(-1)!);
  const out: BodyLine[] = [];
  let format = partFormat(headers);
  let segment: Buffer[] = [];
  const flush = () => {
    out.push(...partLines(segment, format));
    segment = [];
  };
  /** The index of the next line at or after `from` that is a boundary of the innermost part, or lines.length. */
  const nextBoundary = (from: number) => {
    let index = from;
    while (index < lines.length && !isBoundary(textOf(index))) index++;
    return index;
  };
  // git's handle_boundary writes the empty line for the first end boundary of a run only (it frees the line after).
  let inEndRun = false;
  let index = nextBoundary(0);
  while (index < lines.length) {
    const text = textOf(index);
    if (!isBoundary(text)) {
      segment.push(lines[index]!);
      index++;
      continue;
    }
    flush();
    const top = stack.at(-1)!;
    if (text.slice(top.length, top.length + 2) === '--') {
      // An end boundary: git ends the part with an empty line of its own, then looks for the outer part's next boundary.
      stack.pop();
      if (!inEndRun) out.push({ bytes: Buffer.from('\n'), charset: '' });
      inEndRun = true;
      index = nextBoundary(index + 1);
      continue;
    }
    inEndRun = false;
    const { headers: partHeaders, body } = readHeaders(lines, index + 1);
    // git reads the line that ended the headers and drops it (unless it was the empty line, which it drops anyway).
    const first = body > index + 1 && body <= lines.length && textOf(body - 1) === '' ? body : body + 1;
    format = partFormat(partHeaders);
    const inner = boundaryOf(partHeaders);
    if (inner) {
      if (stack.length >= MAX_BOUNDARIES) return undefined;
      stack.push(inner);
    }
    // The part's first line is its text even when it reads as a boundary.
    if (first < lines.length) segment.push(lines[first]!);
    index = first + 1;
  }
  flush();
  return out;
}

/** Whether a line starts git's patch: "diff -", "Index: ", "--- file", or "---" and white space only. */
export function isPatchBreak(line: string): boolean {
  if (line.startsWith('diff -') || line.startsWith('Index: ')) return true;
  if (line.length < 4 || !line.startsWith('---')) return false;
  if (line[3] === ' ' && !/\s/.test(line[4] ?? '')) return true;
  return /^---\s*\n/.test(line);
}

const INBODY_HEADER = /^(from|subject|date):/i;

/** Decodes one mail as `git mailinfo -k` (no scissors, in-body headers read and dropped from the message). */
export function decodeMail(raw: Buffer): DecodedMail {
  const lines = splitLines(raw);
  const { headers, body } = readHeaders(lines, 0);
  const decoded: Record<string, string> = {};
  // From is decoded only to check it as git would; its name and address come from headers.ts.
  for (const name of ['from', 'subject', 'date']) {
    const value = header(headers, name);
    if (value === undefined) continue;
    const result = decodeHeaderValue(value);
    if ('reason' in result) return { ok: false, where: 'headers', reason: result.reason };
    const text = strictUtf8(result.bytes);
    if (text === undefined) return { ok: false, where: 'headers', header: name[0]!.toUpperCase() + name.slice(1), reason: 'not valid UTF-8 once decoded' };
    decoded[name] = text;
  }
  const message: Buffer[] = [];
  const charsets: string[] = [];
  const patch: Buffer[] = [];
  let inPatch = false;
  let headerStage = true;
  let inbody = false;
  const bodyParts = bodyLines(lines.slice(body), headers);
  if (!bodyParts) return { ok: false, where: 'message', reason: `MIME parts nested more than ${MAX_BOUNDARIES} deep, which git cannot read` };
  for (const { bytes, charset } of bodyParts) {
    if (inPatch) {
      patch.push(bytes);
      continue;
    }
    const text = bytes.toString('latin1');
    if (headerStage) {
      if (text === '\n' || text === '\r\n') {
        if (inbody) headerStage = false;
        continue;
      }
      if (inbody && /^[ \t]/.test(text)) continue;
      if (INBODY_HEADER.test(text) || (text.startsWith('[PATCH]') && /\s/.test(text[7] ?? ''))) {
        inbody = true;
        continue;
      }
      headerStage = false;
    }
    if (isPatchBreak(text)) {
      inPatch = true;
      patch.push(bytes);
      continue;
    }
    message.push(bytes);
    charsets.push(charset);
  }
  // Each line converted from its part's charset, as git converts the message line by line.
  const texts: string[] = [];
  for (const [index, bytes] of message.entries()) {
    const text = decodeCharset(bytes, charsets[index]!);
    if (text === 'unknown') return { ok: false, where: 'message', reason: `cannot convert from ${charsets[index]} to UTF-8` };
    if (text === undefined) return { ok: false, where: 'message', reason: 'not valid UTF-8' };
    texts.push(text);
  }
  return { ok: true, subject: decoded['subject'] ?? '', date: decoded['date'] ?? '', message: texts.join(''), patch: Buffer.concat(patch) };
}
