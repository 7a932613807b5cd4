import type { Command } from 'commander';
import { UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

// Placeholder until the build command lands; replaced by its implementation.
export function registerBuild(program: Command, _io: CliIo, _setExit: SetExit): void {
  program
    .command('build')
    .description('(build: not available yet)')
    .action(() => {
      throw new UsageError('the build command is not available yet');
    });
}
