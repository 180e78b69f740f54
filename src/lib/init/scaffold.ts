/** Copies this project's site (code, configuration, deployment) into a new policy repository, without the Xen text. */
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { SiteIdentity } from '../site/identity.ts';

/** What a policy site is made of, relative to this project's root: no tests, benches, examples or shipped policy. */
export const SITE_PATHS = ['.github/workflows/pages.yml', '.gitignore', '.npmrc', 'astro.config.mjs', 'package-lock.json', 'public', 'scripts/policy.mjs', 'scripts/policy.ts', 'scripts/commands', 'src', 'tsconfig.json'];

// Folders that are build output or caches wherever they are.
const SKIPPED = new Set(['node_modules', 'dist', '.astro', '.cache']);

export { TOOL_ROOT } from '../tool-root.ts';

/** Copies the site's files from `from` into `to`, writes package.json for the new project; returns the paths written. */
export async function copySite(from: string, to: string, name: string): Promise<string[]> {
  const written: string[] = [];
  for (const entry of SITE_PATHS) {
    const source = path.join(from, entry);
    if (!(await stat(source).catch(() => undefined))) continue;
    await cp(source, path.join(to, entry), { recursive: true, filter: (file) => !SKIPPED.has(path.basename(file)) });
    written.push(entry);
  }
  const pkg = JSON.parse(await readFile(path.join(from, 'package.json'), 'utf8')) as { name: string; description?: string; scripts: Record<string, string> };
  pkg.name = name;
  pkg.description = 'The security policy, published from git as a static site (made with policy init).';
  // Scripts whose files stay behind (tests, benches, examples) would only fail in the new project.
  pkg.scripts = Object.fromEntries(Object.entries(pkg.scripts).filter(([script]) => !['test', 'bench', 'fuzz', 'examples'].includes(script)));
  await writeFile(path.join(to, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  written.push('package.json');
  return written;
}

/** The text of `site.yaml` for a new project, with a comment for each field the user still has to fill in. */
export function siteYaml(identity: SiteIdentity): string {
  return `# The site's identity, in one place: every page, both feeds, \`policy series\` and \`policy import\` read it.
# SITE_URL and BASE_PATH in the environment override url and base (GitHub Pages sets them when it deploys).
# Fields: name, url, base; organisation, licence (name, url), list (the default --to of policy series),
# archive (the discussion link of an imported proposal, with {messageId}), repository.
${stringify(identity, { lineWidth: 0 })}`;
}

/** A short README for the new project. */
export function projectReadme(title: string, source: string): string {
  return `# ${title}

This repository publishes the policy as a static site: the published text with a permalink on every
section, its release history with a redline for every release, and proposals received as patch series.
It was made with \`policy init\` from \`${source}\`.

\`\`\`sh
npm ci                    # once; Node 20 or later runs npm, the project's own Node runs the scripts
npm run build             # the site, in dist/
npx policy lint           # the policy's Markdown and metadata
\`\`\`

- The policy is \`content/policy.yaml\` (title, version, date) and one Markdown file per section in
  \`content/policy/\`.
- The site's name, address, licence, list address and links are in \`site.yaml\`.
- \`npx policy --help\` lists the commands: \`series\` turns a branch into a patch series for the list,
  \`import\` stores a received series as a proposal, \`release\` cuts a release, \`redline\` compares versions.
- Deployment to GitHub Pages is in \`.github/workflows/pages.yml\`; it needs the full history (\`fetch-depth: 0\`).
`;
}
