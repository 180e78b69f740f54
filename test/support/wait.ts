/** Waiting in a test for something another process does. */

/** Resolves true as soon as `predicate` holds, checking every 10 ms, or false after `seconds` (a loaded machine's margin). */
export async function waitUntil(predicate: () => boolean, seconds: number): Promise<boolean> {
  const deadline = performance.now() + seconds * 1000;
  while (!predicate()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
