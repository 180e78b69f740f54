#!/usr/bin/env node
// The `policy` command's entry (package.json "bin"), in plain JavaScript on purpose: Node strips the types of a .ts
// entry before any of its code runs, so a TypeScript entry pays for loading the type stripper on every start
// (about 0.1 s) before it can turn the compile cache on. Turned on here first, the cache also holds the stripped
// scripts/policy.ts, and a warm start loads no stripper at all. Everything else is in scripts/policy.ts.
import module from 'node:module';
import v8 from 'node:v8';
// A larger young generation: the redline of big tables allocates many short-lived objects (5 MB of tables: 10.6 s and
// 1.1 GB without it, 7.7 s and 0.8 GB with it). Set here rather than as a node option, which the bin's shebang cannot
// pass and which measured no gain; Node calls flags set after start unsupported, so drop this if a Node release breaks it.
v8.setFlagsFromString('--max-semi-space-size=64');
import path from 'node:path';

const startCache = process.env.POLICY_START_CACHE || path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'policy-start');
module.enableCompileCache?.(path.join(startCache, 'compile'));
try {
  await import('./policy.ts');
} catch (error) {
  // A Node that cannot strip types (the machine's Node 20) runs this before npm ci has installed the project's own.
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  process.stderr.write(`policy: this Node (${process.version}) cannot run the project's TypeScript; run npm ci first: it installs the Node the commands run on, which npx policy and npm run then use\n`);
  process.exitCode = 2;
}
