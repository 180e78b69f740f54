// @ts-check
import sitemap from '@astrojs/sitemap';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { atomicBuild } from './src/integrations/atomic-build.ts';
import { draftMode } from './src/integrations/draft-mode.ts';
import { enableGitRunner } from './src/lib/git-runner.ts';
import { pagefind } from './src/integrations/pagefind.ts';
import { stylesheetDefine } from './src/lib/redline/style.ts';
import { loadSiteIdentity } from './src/lib/site/identity.ts';

// The pages start some 60 git processes late in the build, when this process holds 600 MB and each fork costs ~30 ms:
// a small helper process starts them instead (src/lib/git-runner.ts).
enableGitRunner();

// The address is site.yaml's url and base; SITE_URL and BASE_PATH from the deployment (GitHub Pages sets both) win.
const identity = loadSiteIdentity(process.env.POLICY_REPO ?? import.meta.dirname);

export default defineConfig({
  site: identity.url,
  base: identity.base,
  trailingSlash: 'always',
  build: { format: 'directory' },
  outDir: process.env.POLICY_OUT_DIR ?? './dist',
  // Astro's build cache (its content data store): the tests give a build beside others a folder of its own.
  cacheDir: process.env.POLICY_ASTRO_CACHE_DIR ?? './node_modules/.astro',
  devToolbar: { enabled: false },
  // Astro's compression drops the white space of a line break between text and an element or expression, which ran
  // text into links and dates ("list.Compare other releases", "2019· commit"); the templates' spacing is meant.
  compressHTML: false,
  // The standalone redline files (proposals' redline.html) inline src/styles/redline.css, which bundled code cannot read.
  vite: {
    define: stylesheetDefine(import.meta.dirname),
    // The compare page's Web Worker runs the Markdown renderer, whose entity decoder has a browser build that needs
    // `document`, which a worker lacks. Its plain build (what Node and workers get by their export conditions) works anywhere.
    resolve: { alias: [{ find: /^decode-named-character-reference$/, replacement: fileURLToPath(import.meta.resolve('decode-named-character-reference')) }] },
  },
  // A strict Content-Security-Policy in every page's <head>: Astro hashes its own scripts and styles and nothing remote
  // loads. Pagefind's search compiles WebAssembly, and its stylesheet draws an icon from a data: image (images run no
  // script). frame-ancestors works only as an HTTP header, so it is left to the host.
  // Shiki colours code with inline styles, which that policy refuses (Astro warns so at every build); the policy's own
  // Markdown is rendered by this project's pipeline, which adds none.
  markdown: { syntaxHighlight: false },
  security: {
    csp: {
      directives: ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-src 'none'", "img-src 'self' data:"],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
    },
  },
  // The sitemap leaves out the search page, which says noindex.
  // atomicBuild comes last: it swaps the finished output into place after the others have written theirs.
  integrations: [draftMode(), sitemap({ filter: (page) => !/\/search\/$/.test(page) }), pagefind(), atomicBuild()],
});
