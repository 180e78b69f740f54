#!/usr/bin/env node
/**
 * `npm run bench`: runs every module in scripts/bench/ (its default export), in name order, or only those named on the
 * command line. What the benches share is in scripts/bench/support/, which is not run.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const folder = path.join(import.meta.dirname, 'bench');
const wanted = process.argv.slice(2);
const modules = readdirSync(folder)
  .filter((name) => name.endsWith('.ts') && (wanted.length === 0 || wanted.includes(name.replace(/\.ts$/, ''))))
  .sort();
if (modules.length === 0) {
  console.error(`bench: no module matches ${wanted.join(', ')}; the modules are in scripts/bench/`);
  process.exitCode = 2;
}
for (const name of modules) {
  const module = (await import(pathToFileURL(path.join(folder, name)).href)) as { default?: () => unknown };
  if (typeof module.default !== 'function') {
    console.error(`bench: scripts/bench/${name} has no default export to run`);
    process.exitCode = 1;
    continue;
  }
  console.log(`\n== ${name.replace(/\.ts$/, '')}`);
  await module.default();
}
