import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerCheck } from './check.js';

export type SetExit = (code: number) => void;

/** Every command, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIo, setExit: SetExit): void {
  registerCheck(program, io, setExit);
}
