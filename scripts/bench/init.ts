/**
 * Bench: `policy init` on a long history. A repository holding SECURITY.md (about 100 KB, 20 `##` sections and a
 * Change History) with 300 revisions, each editing a paragraph and every tenth adding a Change History entry, is made
 * with git fast-import; `policy init --git` then imports it as one process. Target (2-core machine): under 30 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(projectRoot, 'scripts', 'policy.mjs');
const WORDS = 'vendor embargo advisory disclosure patch release member list security process team response mitigation deployment public notice'.split(' ');

/** A paragraph of about 400 bytes, varied by `seed`. */
function paragraph(seed: number): string {
  let n = seed;
  return `${Array.from({ length: 55 }, () => WORDS[(n = (n * 1103515245 + 12345) % 2147483648) % WORDS.length]).join(' ')}.`;
}

/** The file at revision `revision`: 20 sections of 12 paragraphs, some edited by earlier revisions, and its Change History. */
function policyText(revision: number, sections: string[][], history: string[]): string {
  const parts = ['# Security Policy', '', 'How we handle reports of security problems.', ''];
  sections.forEach((paragraphs, index) => parts.push(`## Part ${index + 1}`, '', paragraphs.join('\n\n'), ''));
  parts.push('## Change History', '', ...history, '');
  return parts.join('\n').replace(/\n+$/, `\n\n<!-- revision ${revision} -->\n`);
}

/** A repository whose SECURITY.md has `revisions` revisions; made in one git fast-import. */
export function makeHistory(dir: string, revisions: number): number {
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir]);
  const sections = Array.from({ length: 20 }, (_, s) => Array.from({ length: 12 }, (_, p) => paragraph(s * 100 + p + 1)));
  const history: string[] = [];
  const chunks: string[] = [];
  let size = 0;
  for (let r = 1; r <= revisions; r++) {
    sections[r % 20]![r % 12] = `${paragraph(r * 7919)} (revised in revision ${r})`;
    if (r % 10 === 1) history.unshift(`-   **v1.${(r - 1) / 10} Jan ${(r % 28) + 1}th 2020:** Revision ${r}`);
    const text = policyText(r, sections, history);
    size = Buffer.byteLength(text);
    const message = `Revision ${r} of the policy\n`;
    const when = 1_577_836_800 + r * 86_400;
    chunks.push(`commit refs/heads/main\nauthor Bench Author <bench@example.org> ${when} +0000\ncommitter Bench Author <bench@example.org> ${when} +0000\ndata ${Buffer.byteLength(message)}\n${message}\nM 100644 inline SECURITY.md\ndata ${size}\n${text}\n`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join('') });
  return size;
}

/** Runs the bench and prints its figures. */
export default async function initBench(): Promise<void> {
  const revisions = Number(process.env.BENCH_REVISIONS ?? 300);
  const parent = mkdtempSync(path.join(tmpdir(), 'bench-init-'));
  try {
    const source = path.join(parent, 'source');
    const size = makeHistory(source, revisions);
    const target = path.join(parent, 'site');
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, cli, 'init', target, '--git', source, '--from', 'SECURITY.md'], { encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`policy init failed:\n${result.stdout}\n${result.stderr}`);
    const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
    const commits = execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: target, encoding: 'utf8' }).trim();
    const tags = execFileSync('git', ['tag', '--list', 'policy-v*'], { cwd: target, encoding: 'utf8' }).trim().split('\n').length;
    console.log(`policy init --git: ${revisions} revisions of a ${(size / 1024).toFixed(0)} KB file (load average ${loadavg()[0]!.toFixed(2)})`);
    console.log(`  one process: ${wall.toFixed(2)} s wall, ${cpu ? (Number(cpu[1]) + Number(cpu[2])).toFixed(2) : '?'} s CPU  (target < 30 s); ${commits} commits, ${tags} releases`);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
