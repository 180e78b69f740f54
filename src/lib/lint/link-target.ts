/** Decides whether a link in policy text resolves on the page, and how to repair one that names a section file. */
import type { PolicyIndex } from './policy-index.ts';

/** Why a link does not resolve, and the href that would, when there is one. */
export interface LinkFinding {
  message: string;
  replacement?: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Checks one link target: `#anchor` must name an anchor of the policy; `other-section.md#x` is rewritten to `#x`. */
export function checkLinkTarget(url: string, index: PolicyIndex): LinkFinding | undefined {
  if (url === '' || SCHEME.test(url) || url.startsWith('/')) return undefined; // external, or on the organisation's site
  if (url.startsWith('#')) {
    const fragment = decode(url.slice(1));
    if (index.anchors.has(fragment)) return undefined;
    const nearest = nearestId(fragment, index.sectionIds);
    return { message: `"${url}" names no section, paragraph or heading of the policy; link to a section id${nearest ? ` such as "#${nearest}"` : ''}` };
  }
  const hash = url.indexOf('#');
  const pathPart = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? decode(url.slice(hash + 1)) : '';
  const id = pathPart.replace(/^(?:\.\/)+/, '').replace(/\.md$/, '');
  if (!index.sectionIds.has(id)) {
    return { message: `"${url}" is a relative link, which does not resolve on the site; link to a section as "#section-id", or use a full URL` };
  }
  const target = fragment && index.anchors.has(fragment) ? fragment : id;
  return { message: `"${url}" links to the section file, which is not a page on the site; link to "#${target}" instead`, replacement: `#${target}` };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The section id sharing the longest prefix with `fragment`, as a hint. */
function nearestId(fragment: string, ids: Set<string>): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const id of ids) {
    let length = 0;
    while (length < id.length && id[length] === fragment[length]) length++;
    if (length > bestLength) [best, bestLength] = [id, length];
  }
  return best;
}
