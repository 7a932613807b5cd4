import type { Command } from 'commander';
import { resolve } from 'node:path';
import { EXIT, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

export function registerCheck(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('check')
    .description('check the contract set: registry, schemas, envelope, docs and examples')
    .option('-c, --contracts <dir>', 'contracts folder', 'contracts')
    .option('-f, --format <format>', 'report format: text or json', 'text')
    .action(async (options: { contracts: string; format: string }) => {
      const { runCheck } = await import('../run-check.js');
      setExit(await runCheck({ contracts: resolve(io.cwd, options.contracts), format: options.format }, io));
    });
  void EXIT;
}
