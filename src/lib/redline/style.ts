/** The redline stylesheet, inlined into standalone files; the same text as src/styles/redline.css (a test holds them equal). */
export const REDLINE_CSS = String.raw`/*
 * Redline markup: <ins>/<del> inside the policy's own elements. Reads without colour (underline, strike-through,
 * change bars), speaks to screen readers through generated text, and prints with change bars in the margin.
 * Uses the site's colour variables when present, with fallbacks for the standalone file.
 */

.redline {
  /* light-dark() follows color-scheme: on the site the reader's theme switch (data-theme), in a standalone file the system. */
  --rl-ins-bg: var(--ins-bg, light-dark(#d8f5dc, #173d20));
  --rl-ins-fg: var(--ins-fg, light-dark(#0c4a17, #bff0c8));
  --rl-del-bg: var(--del-bg, light-dark(#fde0e0, #4a1c20));
  --rl-del-fg: var(--del-fg, light-dark(#7d1016, #ffd0d3));
  --rl-move-bg: var(--move-bg, light-dark(#e4e6ff, #252a5a));
  --rl-move-fg: var(--move-fg, light-dark(#28307a, #d6daff));
  --rl-format: light-dark(#8a5a00, #f0c060);
  --rl-bar: light-dark(#b36b00, #ffb45c);
}

[data-redline-body] ins,
[data-redline-body] del {
  border-radius: 0.15em;
  padding: 0 0.05em;
  -webkit-box-decoration-break: clone;
  box-decoration-break: clone;
}

[data-redline-body] ins {
  background: var(--rl-ins-bg);
  color: var(--rl-ins-fg);
  text-decoration: underline;
  text-decoration-thickness: 0.1em;
}

[data-redline-body] del {
  background: var(--rl-del-bg);
  color: var(--rl-del-fg);
  text-decoration: line-through;
  text-decoration-thickness: 0.1em;
}

/* Moves: double underline where the text arrived, double strike where it left. */
[data-redline-body] ins[data-move],
[data-redline-body] del[data-move] {
  background: var(--rl-move-bg);
  color: var(--rl-move-fg);
  text-decoration-style: double;
}

/* Formatting changes: dotted, the old form kept but quiet. */
[data-redline-body] ins[data-kind='formatting'] {
  background: none;
  color: inherit;
  text-decoration: underline dotted var(--rl-format);
  text-decoration-thickness: 0.12em;
}

[data-redline-body] del[data-kind='formatting'] {
  background: none;
  color: var(--rl-format);
  opacity: 0.8;
}

/* A renumbered ordered list: each item shows its old number, struck, before its text (on screen and in print). */
[data-redline-body] li[data-was-number]::before {
  content: attr(data-was-number) '.';
  color: var(--rl-format);
  text-decoration: line-through;
  margin-inline-end: 0.4em;
  font-size: 0.85em;
}

/* A retargeted link: its text once, then its old and new target, as text that shows and prints. */
[data-redline-body] a[data-was-href]::after {
  content: ' (link was ' attr(data-was-href) ', now ' attr(href) ')';
  color: var(--rl-format);
  font-size: 0.85em;
  overflow-wrap: anywhere;
  text-decoration: underline dotted var(--rl-format);
}

/* Side by side: a table row only the other column has leaves an invisible row of the same height. */
[data-redline-body] tr.redline-spacer,
[data-redline-body] tr.redline-spacer > * {
  visibility: hidden;
  border-color: transparent;
}

[data-redline-body] tr.redline-spacer > [data-spacer-text]::before {
  content: attr(data-spacer-text);
}

/* A block whose kind or nesting changed (a list item now a heading): its old kind before its text. */
[data-redline-body] [data-was-block]::before {
  content: '(was ' attr(data-was-block) ') ';
  color: var(--rl-format);
  font-size: 0.8em;
  font-weight: normal;
}

/* White space that moved with a block boundary: marked (so accepting or rejecting all stays exact), not shown. */
[data-redline-body] :is(ins, del)[data-space] {
  padding: 0;
  background: none;
  text-decoration: none;
}

/* A paragraph split in two (or two merged): a ¶ where the new boundary starts (or where the old one was). */
[data-redline-body] del[data-break] {
  text-decoration: none;
  background: none;
}

[data-redline-body] del[data-kind][data-break]::before {
  content: ' ¶';
  position: static;
  clip-path: none;
  clip: auto;
  width: auto;
  height: auto;
  color: var(--rl-format);
}

[data-redline-body] del[data-kind][data-break='split']::before {
  text-decoration: underline dotted var(--rl-format);
}

[data-redline-body] del[data-kind][data-break='merge']::before {
  text-decoration: line-through;
}

/* The change being stepped to with n/p (or followed from the summary). */
[data-redline-body] :is(ins, del)[data-change]:target {
  outline: 2px solid var(--focus, #c25e00);
  outline-offset: 2px;
}

/* Links between the two halves of a move: no text of their own, a visible arrow from CSS, a name from aria-label. */
[data-redline-body] a.redline-move-link {
  text-decoration: none;
  color: var(--rl-move-fg);
  margin-inline-start: 0.2em;
}

[data-redline-body] a.redline-move-link::before {
  content: '⇄';
}

[data-redline-body] a.redline-move-link[data-direction='from']::before {
  content: '↖';
}

[data-redline-body] a.redline-move-link[data-direction='to']::before {
  content: '↘';
}

/* Screen readers: say where each change starts and ends (generated text, visually hidden; not part of the document). */
[data-redline-body] ins::before,
[data-redline-body] ins::after,
[data-redline-body] del::before,
[data-redline-body] del::after {
  clip-path: inset(100%);
  clip: rect(0 0 0 0);
  height: 1px;
  width: 1px;
  overflow: hidden;
  position: absolute;
  white-space: nowrap;
}

[data-redline-body] ins::before { content: ' [insertion start] '; }
[data-redline-body] ins::after { content: ' [insertion end] '; }
[data-redline-body] del::before { content: ' [deletion start] '; }
[data-redline-body] del::after { content: ' [deletion end] '; }
[data-redline-body] ins[data-move]::before { content: ' [moved text start] '; }
[data-redline-body] ins[data-move]::after { content: ' [moved text end] '; }
[data-redline-body] del[data-move]::before { content: ' [moved away start] '; }
[data-redline-body] del[data-move]::after { content: ' [moved away end] '; }
[data-redline-body] ins[data-kind='formatting']::before { content: ' [new formatting start] '; }
[data-redline-body] del[data-kind='formatting']::before { content: ' [old formatting start] '; }

/* Change bars in the margin, beside every block holding a change; they print too. */
[data-redline-body] :is(p, li, h1, h2, h3, h4, h5, h6, pre, td, th, hr):has(> ins, > del, > :not(ul, ol, table, blockquote) ins, > :not(ul, ol, table, blockquote) del, > [data-change]),
[data-redline-body] hr[data-change] {
  /* A bar the full height of the block, even of one line: the page's colour over the gap, the bar's beyond it. */
  box-shadow: -0.45rem 0 0 0 var(--bg, Canvas), -0.7rem 0 0 0 var(--rl-bar);
}

[data-redline-body] section[data-status='moved-from'] {
  opacity: 0.85;
}

[data-redline-body] section[data-status='moved-from'] > :is(h2, h3)::after {
  content: ' (moved)';
  font-weight: normal;
  font-size: 0.8em;
}

/* The summary and the step links above the body. */
.redline-summary {
  border: 1px solid var(--rule, #d6dbe1);
  background: var(--panel, #f4f6f8);
  border-radius: 0.4rem;
  padding: 0.6rem 1rem;
  margin-block: 1rem;
}

.redline-summary ul {
  margin: 0.3rem 0 0;
  padding-inline-start: 1.2rem;
}

.redline-summary .redline-status {
  font-size: 0.85em;
  text-transform: uppercase;
  letter-spacing: 0.04em;
}

.redline-summary .redline-first-change,
.redline-versions,
.redline-keys {
  font-size: 0.9em;
  color: var(--muted, #535b66);
}

.redline-nav kbd {
  border: 1px solid var(--rule, #d6dbe1);
  border-radius: 0.2rem;
  padding: 0 0.25em;
  font-size: 0.85em;
}

/* Side by side: old on the left, new on the right, one row per block. */
[data-redline-body][data-view='side-by-side'] .redline-row {
  display: grid;
  grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  gap: 1.5rem;
  align-items: start;
}

[data-redline-body][data-view='side-by-side'] .redline-row[data-changed] {
  background: linear-gradient(to right, transparent calc(50% - 0.75rem), var(--rule, #d6dbe1) calc(50% - 0.75rem), var(--rule, #d6dbe1) calc(50% - 0.7rem), transparent calc(50% - 0.7rem));
}

[data-redline-body][data-view='side-by-side'] .redline-old > :first-child,
[data-redline-body][data-view='side-by-side'] .redline-new > :first-child {
  margin-top: 0.5rem;
}

/* The columns' heads: which version each side is, in view while the reader scrolls through the rows. */
.redline-columns {
  display: grid;
  grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  gap: 1.5rem;
  position: sticky;
  top: 0;
  z-index: 1;
  background: var(--bg, light-dark(#fff, #14171b));
  border-bottom: 1px solid var(--rule, #d6dbe1);
  font-weight: 700;
}

.redline-columns p {
  margin: 0;
  padding-block: 0.4rem;
}

/* A narrow screen stacks the two sides: each changed block says which version it is; an unchanged one shows once. */
@media (max-width: 48rem) {
  .redline-columns {
    display: none;
  }

  [data-redline-body][data-view='side-by-side'] .redline-row {
    grid-template-columns: minmax(0, 1fr);
    gap: 0;
  }

  [data-redline-body][data-view='side-by-side'] .redline-row[data-changed] {
    background: none;
    border-left: 3px solid var(--rule, #d6dbe1);
    padding-left: 0.6rem;
  }

  [data-redline-body][data-view='side-by-side'] .redline-row:not([data-changed]) > .redline-old {
    display: none;
  }

  [data-redline-body][data-view='side-by-side'] .redline-row[data-changed] > div::before {
    content: attr(data-label);
    display: block;
    margin-top: 0.5rem;
    font-size: 0.8em;
    font-weight: 700;
    color: var(--muted, #535b66);
  }
}

/* Long runs of unchanged blocks, folded: a count to open; <details> needs no script. */
[data-redline-body] li.redline-fold > details > summary,
[data-redline-body] details.redline-fold > summary {
  cursor: pointer;
  width: fit-content;
  margin-block: 0.5rem;
  padding: 0.15rem 0.6rem;
  border: 1px dashed var(--rule, #d6dbe1);
  border-radius: 0.3rem;
  color: var(--muted, #535b66);
  font-size: 0.9em;
}

[data-redline-body] li.redline-fold {
  list-style: none;
}

[data-redline-body] li.redline-fold > details > :is(ul, ol) {
  margin: 0;
  padding-inline-start: 0;
}

/* The self-contained file: a readable page of its own. */
.redline-standalone {
  font: 1rem/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  max-width: 48rem;
  margin: 0 auto;
  padding: 1rem 2rem 3rem;
  color-scheme: light dark;
  color: light-dark(#1b1f24, #e5e8ec);
  background: light-dark(#fff, #14171b);
}

.redline-standalone[data-view='side-by-side'] {
  max-width: 90rem;
}

.redline-standalone a.pilcrow,
.redline-standalone a.self-link {
  display: none;
}

.redline-standalone code,
.redline-standalone pre {
  font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  font-size: 0.92em;
}

.redline-standalone table {
  border-collapse: collapse;
}

.redline-standalone :is(td, th) {
  border: 1px solid #d6dbe1;
  padding: 0.2rem 0.5rem;
}

/* The page around a standalone redline follows the system's scheme too. */
:root:has(> body > .redline-standalone) {
  color-scheme: light dark;
}

.redline-standalone a {
  color: light-dark(#0b57b0, #8ab8ff);
}

@media print {
  .redline-nav,
  .redline-keys,
  .redline-first-change {
    display: none;
  }
  .redline {
    print-color-adjust: exact;
    -webkit-print-color-adjust: exact;
  }
  [data-redline-body] ins,
  [data-redline-body] del {
    background: none;
    color: inherit;
  }
  .redline-standalone,
  :root:has(> body > .redline-standalone) {
    color-scheme: light;
  }
  .redline-standalone {
    max-width: none;
    padding: 0 0 0 1rem;
  }
  [data-redline-body] section {
    break-inside: auto;
  }
  [data-redline-body] :is(h2, h3) {
    break-after: avoid;
  }
}
`;
