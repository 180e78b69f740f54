/** The folder this tool runs from: its checkout or package, with its package.json and its own configuration files. */
import path from 'node:path';

// Written in by the bundler (scripts/policy.ts bundles some commands into a cache folder, where the path of the module
// says nothing of the project's); undeclared (typeof gives 'undefined') when run from the source tree.
declare const __POLICY_TOOL_ROOT__: string | undefined;

/** The root of this project (the tool's own checkout or package). */
export const TOOL_ROOT = typeof __POLICY_TOOL_ROOT__ === 'string' ? __POLICY_TOOL_ROOT__ : path.resolve(import.meta.dirname, '..', '..');
