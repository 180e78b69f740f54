/**
 * `npm run fuzz [-- --seconds N] [--seed S]`: runs the hostile-input properties of test/fuzz for longer than CI does,
 * with a random seed that it prints first, so a failure can be replayed with --seed (or FUZZ_SEED in the test suite).
 */
import { parseArgs } from 'node:util';
import { properties, runProperty } from '../test/fuzz/properties.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('usage: npm run fuzz -- [--seconds N] [--seed S]\n\nRuns every property for about N seconds in all (default 60), in rounds of 200 runs, with seed S (default random).');
  process.exit(0);
}
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const deadline = performance.now() + Number(values.seconds) * 1000;
console.log(`fuzz seed ${seed} (replay with: npm run fuzz -- --seed ${seed})`);

const names = Object.keys(properties) as (keyof typeof properties)[];
const runs = Object.fromEntries(names.map((name) => [name, 0])) as Record<keyof typeof properties, number>;
let round = 0;
// Rounds of every property in turn, each round with its own seed derived from the first, until the time is up.
while (performance.now() < deadline) {
  for (const name of names) {
    const roundSeed = (seed + round * 7919) % 2 ** 31;
    try {
      runProperty(name, { seed: roundSeed, numRuns: 200 });
    } catch (error) {
      console.error(`\n${name} failed in round ${round} (seed ${roundSeed}):\n${(error as Error).message}`);
      process.exit(1);
    }
    runs[name] += 200;
  }
  round++;
}
for (const name of names) console.log(`${name}: ${runs[name]} runs passed`);
