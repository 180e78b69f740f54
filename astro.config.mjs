// @ts-check
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { pagefind } from './src/integrations/pagefind.ts';

// SITE_URL and BASE_PATH come from the deployment (GitHub Pages sets both); the defaults serve a local preview.
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://security-policy.example.org',
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'always',
  build: { format: 'directory' },
  outDir: process.env.POLICY_OUT_DIR ?? './dist',
  devToolbar: { enabled: false },
  integrations: [sitemap(), pagefind()],
});
