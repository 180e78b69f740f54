/**
 * Vitest setup file: every property test of the suite runs with one fixed seed, so a run is the same on every machine
 * (FUZZ_SEED replays another). `npm run fuzz` explores the hostile-input properties with random seeds instead.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20261127) });
