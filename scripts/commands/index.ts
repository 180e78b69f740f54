/** The registry of subcommands, in the order `policy --help` lists them. */
import type { CommandEntry } from './command.ts';

// Each command's module is imported only when it runs: `policy redline` need not load markdownlint, nor `policy lint` the redline.
export const commands: Record<string, CommandEntry> = {
  check: {
    summary: 'load the policy (working tree or a git revision) and report schema problems',
    load: async () => (await import('./check.ts')).check,
  },
  import: {
    summary: 'check a received patch series (mbox) and store it as a proposal version',
    load: async () => (await import('./import.ts')).importCommand,
  },
  init: {
    summary: 'start a policy site in a new folder from an existing Markdown policy and its git history',
    load: async () => (await import('./init.ts')).init,
  },
  lint: {
    summary: 'lint the policy: markdownlint and the policy rules (file:line:column rule message)',
    load: async () => (await import('./lint.ts')).lint,
  },
  redline: {
    summary: 'show what changed between two versions of the policy, word by word (terminal, HTML or JSON)',
    load: async () => (await import('./redline.ts')).redline,
  },
  release: {
    summary: 'cut a release: bump version and date, add the Change History entry, commit and tag',
    load: async () => (await import('./release.ts')).release,
  },
  series: {
    summary: 'make a versioned patch series of the current branch, with a section-by-section cover letter',
    load: async () => (await import('./series.ts')).series,
  },
};
