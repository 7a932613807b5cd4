import type { Command } from 'commander';
import { UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

// Placeholder until the validate command lands; replaced by its implementation.
export function registerValidate(program: Command, _io: CliIo, _setExit: SetExit): void {
  program
    .command('validate')
    .description('(validate: not available yet)')
    .action(() => {
      throw new UsageError('the validate command is not available yet');
    });
}
