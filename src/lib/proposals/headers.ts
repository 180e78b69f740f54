/**
 * The headers of a received mail that the site shows, read so that they are the same on every run and safe in
 * every output. `git mailinfo` (git 2.39) reads past the end of a From name with an unbalanced quote and returns
 * different garbage on each run, so the From header is read by postal-mime, a maintained mail parser, and one
 * that does not come out as a plain name and address is refused. Control characters (which make the Atom feeds
 * ill-formed XML) and Unicode bidirectional controls (which make a title read as something else) are refused in
 * every header the site shows.
 */
import PostalMime from 'postal-mime';
import { codePoint, firstUnsafeCharacter } from '../unsafe-text.ts';

/** The sender, as the From header names them. */
export interface Sender {
  /** The display name, or the address when the header gives no name (as `git mailinfo` has it). */
  name: string;
  address: string;
}

/** An address git, mail clients and archives all read alike: local part and domain, no quote, space, bracket or comment. */
const PLAIN_ADDRESS = /^[^\s"<>()[\]\\,;:@]+@[^\s"<>()[\]\\,;:@]+$/;

/** The header block of a raw mail (up to the first empty line), which is all the parser needs to see. */
function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\r\n\r\n');
  const cut = [end, crlf].filter((at) => at >= 0);
  return Buffer.concat([raw.subarray(0, cut.length ? Math.min(...cut) : raw.length), Buffer.from('\n\n')]);
}

/** The sender of a raw mail from its From header; undefined when the header is missing or is not one plain name and address. */
export async function readSender(raw: Buffer): Promise<Sender | undefined> {
  const parsed = await PostalMime.parse(headerBlock(raw));
  const address = parsed.from?.address ?? '';
  if (!PLAIN_ADDRESS.test(address)) return undefined;
  const name = (parsed.from?.name ?? '').trim();
  // A name still holding a bracket or a quote mark is a header the parser had to guess at.
  if (/[<>]/.test(name) || (name.match(/"/g)?.length ?? 0) % 2 === 1) return undefined;
  return { name: name || address, address };
}

/** Why a header's value cannot be shown (a control or bidirectional control character, by code point and column); undefined when it can. */
export function unsafeHeaderReason(value: string): string | undefined {
  const unsafe = firstUnsafeCharacter(value);
  if (!unsafe) return undefined;
  const what = unsafe.kind === 'bidi' ? 'the bidirectional control character' : 'the control character';
  return `holds ${what} ${codePoint(unsafe.char)} at column ${unsafe.column}, which ${unsafe.kind === 'bidi' ? 'would make it read as something it is not' : 'no web page or feed can show'}`;
}
