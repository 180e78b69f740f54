/** The redline as one self-contained HTML file: inline CSS, no network, prints with change bars. */
import { createHash } from 'node:crypto';
import { REDLINE_SCRIPT_HASH, renderRedlineHtml } from './html.ts';
import { sidesText } from './sides.ts';
import { redlineStylesheet } from './style.ts';
import type { Redline } from './types.ts';

/** Options of the standalone file. */
export interface RedlineStandaloneOptions {
  /** Page title; "Redline: <policy title> <old> → <new>" when absent (sidesText). */
  title?: string;
  view?: 'inline' | 'side-by-side';
}


let styleBlock: { style: string; hash: string } | undefined;

/** The file's style block and its CSP hash: the file allows exactly its own style block and the navigation script. */
function standaloneStyle(): { style: string; hash: string } {
  if (!styleBlock) {
    const style = `\n${redlineStylesheet()}\n`;
    styleBlock = { style, hash: `sha256-${createHash('sha256').update(style).digest('base64')}` };
  }
  return styleBlock;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}


/** A whole HTML document holding the redline, for attaching to a mail or opening offline. */
export function renderRedlineStandalone(redline: Redline, options: RedlineStandaloneOptions = {}): string {
  const view = options.view ?? 'inline';
  const { style, hash } = standaloneStyle();
  const { old, new: current } = redline;
  const title = options.title ?? `Redline: ${current.metadata.title} ${sidesText(redline)}`;
  // Sides named by the user carry their version in parentheses already.
  const named = redline.derived?.includes('version') || redline.old.label !== undefined || redline.new.label !== undefined;
  const dates = old.metadata.date === current.metadata.date ? current.metadata.date : `${old.metadata.date} → ${current.metadata.date}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src '${REDLINE_SCRIPT_HASH}'; style-src '${hash}'; img-src data:; base-uri 'none'; form-action 'none'">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main class="redline-standalone" data-view="${view}">
<header>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(`${current.metadata.organisation ? `${current.metadata.organisation}, ` : ''}${named ? sidesText(redline) : `version ${sidesText(redline)}`}${dates ? ` (${dates})` : ''}`)}.
Inserted text is <ins>underlined</ins>, deleted text <del>struck through</del>; moved text is marked at both ends.</p>
</header>
${renderRedlineHtml(redline, { view })}
</main>
</body>
</html>
`;
}
