/** processAlive: a running or stopped process is alive; one that has ended is not, reaped or still a zombie. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../src/lib/process-alive.ts';
import { waitUntil } from '../support/wait.ts';

describe('processAlive', () => {
  it('is true of this process and a running one, false of ids no process has', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(1)).toBe(true);
    expect(processAlive(0)).toBe(false);
    expect(processAlive(-1)).toBe(false);
    expect(processAlive(2 ** 31)).toBe(false);
  });

  it.runIf(existsSync('/proc/self/stat'))('is false of a zombie: a process that has ended and that its parent has not reaped', async () => {
    // The shell starts a short sleep, then becomes a long one, which never waits for its child: the short sleep stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const child = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
      const state = () => readFileSync(`/proc/${child}/stat`, 'latin1').split(') ')[1]![0];
      await waitUntil(() => state() === 'Z', 10);
      expect(state()).toBe('Z');
      // It still answers a signal, which is what processAlive went by before.
      expect(() => process.kill(child, 0)).not.toThrow();
      expect(processAlive(child)).toBe(false);
      expect(processAlive(parent.pid!)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
