/** The registry of subcommands, in the order `policy --help` lists them. */
import type { Command } from './command.ts';
import { check } from './check.ts';
import { importCommand } from './import.ts';
import { lint } from './lint.ts';
import { redline } from './redline.ts';
import { release } from './release.ts';
import { series } from './series.ts';

export const commands: Record<string, Command> = {
  check,
  import: importCommand,
  lint,
  redline,
  release,
  series,
};
