import type { Command } from 'commander';
import { UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

// Placeholder until the rules command lands; replaced by its implementation.
export function registerRules(program: Command, _io: CliIo, _setExit: SetExit): void {
  program
    .command('rules')
    .description('(rules: not available yet)')
    .action(() => {
      throw new UsageError('the rules command is not available yet');
    });
}
