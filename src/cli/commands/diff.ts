import type { Command } from 'commander';
import { UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

// Placeholder until the diff command lands; replaced by its implementation.
export function registerDiff(program: Command, _io: CliIo, _setExit: SetExit): void {
  program
    .command('diff')
    .description('(diff: not available yet)')
    .action(() => {
      throw new UsageError('the diff command is not available yet');
    });
}
