/**
 * The redline stylesheet of standalone files: the text of src/styles/redline.css, the one file the site's pages
 * import too. Run from the source tree (the CLI, `policy series`, the tests), it is read beside this module. In a
 * bundle (esbuild's for `policy redline`, Vite's for the site's redline.html downloads) this module runs from some
 * other folder, so the bundler writes the file's text in at build time through `stylesheetDefine`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The stylesheet, relative to the project root. */
export const REDLINE_STYLESHEET_FILE = 'src/styles/redline.css';

// Replaced by the file's text in a bundle; undeclared (typeof gives 'undefined') when run from the source tree.
declare const __REDLINE_STYLESHEET__: string | undefined;

let read: string | undefined;

/** The text of src/styles/redline.css (read once). */
export function redlineStylesheet(): string {
  if (typeof __REDLINE_STYLESHEET__ === 'string') return __REDLINE_STYLESHEET__;
  read ??= readFileSync(new URL('../../styles/redline.css', import.meta.url), 'utf8');
  return read;
}

/** The `define` entry a bundler (esbuild, Vite) needs so that bundled code has the stylesheet of the project at `root`. */
export function stylesheetDefine(root: string): Record<string, string> {
  return { __REDLINE_STYLESHEET__: JSON.stringify(readFileSync(path.join(root, REDLINE_STYLESHEET_FILE), 'utf8')) };
}
