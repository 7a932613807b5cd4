import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerBuild } from './build.js';
import { registerCatalog } from './catalog.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';
import { registerExport } from './export.js';
import { registerEvents } from './events.js';
import { registerNew } from './new.js';
import { registerCompletion } from './completion.js';
import { registerRules } from './rules.js';
import { registerTrace } from './trace.js';
import { registerValidate } from './validate.js';

export type SetExit = (code: number) => void;

/** Every command, in the order `--help` lists them. Each lives in its own module. */
export function registerCommands(program: Command, io: CliIo, setExit: SetExit): void {
  registerCheck(program, io, setExit);
  registerBuild(program, io, setExit);
  registerDiff(program, io, setExit);
  registerValidate(program, io, setExit);
  registerTrace(program, io, setExit);
  registerCatalog(program, io, setExit);
  registerExport(program, io, setExit);
  registerEvents(program, io, setExit);
  registerRules(program, io, setExit);
  registerNew(program, io, setExit);
  registerCompletion(program, io, setExit);
}
