/** Copies this project's site (code, configuration, deployment) into a new policy repository, without the Xen text. */
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { SiteIdentity } from '../site/identity.ts';
import { packagesLoaded, pruneLock, sitePackage, type Lockfile, type PackageJson } from './site-package.ts';

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
  const pkg = JSON.parse(await readFile(path.join(from, 'package.json'), 'utf8')) as PackageJson;
  // (a tool installed from a package has no lockfile: then the new project makes its own at npm install)
  const lockText = await readFile(path.join(from, 'package-lock.json'), 'utf8').catch(() => undefined);
  const lock = lockText === undefined ? { packages: {} } : (JSON.parse(lockText) as Lockfile);
  // Scripts whose files stay behind (tests, benches, the audit) would only fail in the new project, and the packages
  // only those use would only make npm ci slower.
  const use = await packageUse(from, written, [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  const site = sitePackage({ ...pkg, name, description: 'The security policy, published from git as a static site (made with policy init).' }, lock, { ...use, has: (file) => existsSync(path.join(to, file)) });
  await writeFile(path.join(to, 'package.json'), `${JSON.stringify(site, null, 2)}\n`);
  if (lockText !== undefined) await writeFile(path.join(to, 'package-lock.json'), `${JSON.stringify(pruneLock(lock, site), null, 2)}\n`);
  written.push('package.json');
  return written;
}

// Files whose imports name the packages a project uses.
const CODE = /\.(?:[cm]?[jt]s|astro)$/;

/** The packages (of `names`) the code copied to the new site uses, and those the code left behind uses. */
async function packageUse(root: string, copied: string[], names: string[]): Promise<{ copied: Set<string>; leftBehind: Set<string> }> {
  const use = { copied: new Set<string>(), leftBehind: new Set<string>() };
  for (const file of await codeFiles(root, '')) {
    const into = copied.some((entry) => file === entry || file.startsWith(`${entry}/`)) ? use.copied : use.leftBehind;
    for (const name of packagesLoaded(await readFile(path.join(root, file), 'utf8'), names)) into.add(name);
  }
  return use;
}

/** The code files under `folder` of `root`, relative to it, without build output, caches and git's own folder. */
async function codeFiles(root: string, folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(root, folder), { withFileTypes: true })) {
    const file = folder ? `${folder}/${entry.name}` : entry.name;
    if (SKIPPED.has(entry.name) || entry.name === '.git') continue;
    if (entry.isDirectory()) files.push(...(await codeFiles(root, file)));
    else if (entry.isFile() && CODE.test(entry.name)) files.push(file);
  }
  return files;
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
