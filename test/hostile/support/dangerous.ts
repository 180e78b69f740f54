/** What must never be in a page built from hostile text: script, handlers, plug-ins, and script or data URLs. */
import type { Page } from 'playwright-core';

/** Elements that run script, load documents or plug-ins, restyle the page or submit forms. */
export const DANGEROUS_ELEMENTS = ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'base', 'meta', 'link', 'form', 'input', 'button', 'textarea', 'noscript', 'template', 'video', 'audio', 'source'];

/** Attributes that hold a URL the browser follows or loads. */
export const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background', 'cite', 'ping', 'lowsrc', 'dynsrc'];

/** Problems in rendered HTML text (the renderer's output, before any browser): tags, handlers and URL schemes. */
export function dangerousMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const { name, attributes } of tags(html)) {
    if (DANGEROUS_ELEMENTS.includes(name)) problems.push(`element <${name}>`);
    for (const [attribute, raw] of attributes) {
      const value = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
      if (attribute.startsWith('on')) problems.push(`handler ${attribute} on <${name}>`);
      if (/^(?:javascript|vbscript):/.test(value) || (value.startsWith('data:') && URL_ATTRIBUTES.includes(attribute))) problems.push(`<${name} ${attribute}="${raw.slice(0, 60)}">`);
    }
  }
  return problems;
}

const TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y;
const ATTRIBUTE = /\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** The start tags of well-formed HTML, read in order so that text inside attribute values is never taken for a tag. */
function* tags(html: string): Generator<{ name: string; attributes: [string, string][] }> {
  for (let index = html.indexOf('<'); index >= 0; index = html.indexOf('<', index + 1)) {
    TAG.lastIndex = index;
    const tag = TAG.exec(html);
    if (!tag) continue;
    const attributes = [...tag[2]!.matchAll(ATTRIBUTE)].map((match): [string, string] => [match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '']);
    yield { name: tag[1]!.toLowerCase(), attributes };
    index = TAG.lastIndex - 1;
  }
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&(?:colon|Tab|NewLine);/g, (entity) => ({ '&colon;': ':', '&Tab;': '\t', '&NewLine;': '\n' })[entity]!);
}

/** What the browser sees in a loaded page: the injected flags, CSP violations, and dangerous nodes in the DOM. */
export interface DomFindings {
  /** The value an injected script would have set on `window.__pwned`, or null. */
  pwned: string | null;
  title: string;
  /** Content-Security-Policy violations reported while the page loaded. */
  violations: string[];
  /** Dangerous elements inside `scope`, handler attributes and script or data URLs anywhere. */
  nodes: string[];
}

/** Installs, before any page script, a listener that records CSP violations in `window.__cspViolations`. */
export async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = list;
    document.addEventListener('securitypolicyviolation', (event) => list.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`));
  });
}

/** Reads the findings from a loaded page; `scope` selects the parts that hold content (default the body). */
export async function domFindings(page: Page, scope = 'body'): Promise<DomFindings> {
  return page.evaluate(
    ({ scope, elements, urlAttributes }) => {
      const nodes: string[] = [];
      const found = new Set<Element>();
      for (const root of document.querySelectorAll(scope)) for (const element of root.querySelectorAll(elements.join(','))) found.add(element);
      for (const element of found) nodes.push(`<${element.localName}> in ${scope}`);
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          const value = attribute.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if (name.startsWith('on')) nodes.push(`<${element.localName} ${name}>`);
          if (/^(?:javascript|vbscript):/.test(value) || (value.startsWith('data:') && urlAttributes.includes(name))) nodes.push(`<${element.localName} ${name}="${attribute.value.slice(0, 60)}">`);
        }
      }
      // The URLs as the browser resolved them, which is what a click would follow.
      for (const link of document.querySelectorAll<HTMLAnchorElement | HTMLAreaElement>('a[href], area[href]')) {
        if (!['http:', 'https:', 'mailto:'].includes(link.protocol)) nodes.push(`<${link.localName} href> resolves to ${link.protocol}`);
      }
      for (const image of document.querySelectorAll('img')) {
        if (image.src && !/^https?:$/.test(new URL(image.src).protocol)) nodes.push(`<img src> resolves to ${new URL(image.src).protocol}`);
      }
      const state = window as unknown as { __pwned?: unknown; __cspViolations?: string[] };
      return { pwned: state.__pwned === undefined ? null : String(state.__pwned), title: document.title, violations: state.__cspViolations ?? [], nodes };
    },
    { scope, elements: DANGEROUS_ELEMENTS, urlAttributes: URL_ATTRIBUTES },
  );
}
