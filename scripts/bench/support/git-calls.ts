/**
 * The caller of the git-helper bench, run as a process of its own: `git-calls.ts helper|direct N` makes N calls of
 * `git rev-parse HEAD` through the library's git(), with the helper on or off, from a process holding about 100 MB of
 * live objects, and waits for the helper to end, so that GNU time counts it and its git processes.
 */
import { git } from '../../../src/lib/git.ts';
import { disableGitRunner, enableGitRunner } from '../../../src/lib/git-runner.ts';

const [route, count] = process.argv.slice(2);
if (route === 'helper') enableGitRunner();
// What a test worker or a build holds, in small objects as theirs are.
const held = Array.from({ length: 1_000_000 }, (_, index) => ({ index, text: `held ${index}` }));
for (let call = 0; call < Number(count); call++) await git(['rev-parse', 'HEAD'], { cwd: process.cwd() });
await disableGitRunner();
if (held.length === 0) throw new Error('unreachable: keeps the objects alive');
