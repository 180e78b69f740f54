/** Types for the part of markdownlint-cli2's API that lint uses (the package ships JSDoc, not declarations). */
declare module 'markdownlint-cli2' {
  import type { LintError, Rule } from 'markdownlint';

  /** Options that override the config files' options. */
  export interface Options {
    fix?: boolean;
    customRules?: Rule[];
    /** Formatter functions (or module ids) with their parameters. */
    outputFormatters?: [(options: { results: Array<LintError & { fileName: string }>; directory: string }) => void | Promise<void>, ...unknown[]][];
  }

  /** Parameters of main(). */
  export interface Parameters {
    directory?: string;
    argv?: string[];
    logMessage?: (message: string) => void;
    logError?: (message: string) => void;
    optionsOverride?: Options;
    noImport?: boolean;
  }

  /** Runs markdownlint-cli2 as its command line does; resolves to its exit code. */
  export function main(parameters: Parameters): Promise<number>;
}
