/** The fuzz properties in CI: a fixed seed and a budget of a few seconds; `npm run fuzz` runs them longer with a random seed. */
import { describe, it } from 'vitest';
import { properties, runProperty } from './properties.ts';

/** The seed of every CI run (FUZZ_SEED replays another one). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

/** Runs per property: each run is small, so this is a few seconds in all. */
const RUNS: Record<keyof typeof properties, number> = {
  'loader: never throws anything but a PolicyError': 400,
  'loader: metadata never throws': 300,
  'renderer: nothing dangerous survives': 300,
  'redline: no crash, lossless, bounded time': 100,
  'redline: lossless on generated documents and random edits': 50,
};

describe(`fuzzing hostile input (seed ${SEED})`, () => {
  for (const name of Object.keys(properties) as (keyof typeof properties)[]) {
    it(name, () => runProperty(name, { seed: SEED, numRuns: RUNS[name] }), 120_000);
  }
});
