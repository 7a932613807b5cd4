import type { Command } from 'commander';
import { UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

const FORMATS = ['text', 'json', 'markdown'];

export function registerRules(program: Command, io: CliIo, _setExit: SetExit): void {
  program
    .command('rules')
    .description('list every rule with its group, default severity, presets and description')
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')} (markdown is docs/rules.md)`, 'text')
    .action(async (options: { format: string }) => {
      if (!FORMATS.includes(options.format)) throw new UsageError(`unknown format "${options.format}"; use one of: ${FORMATS.join(', ')}`);
      const [{ CATALOGUE, CONFIGURABLE: RULES }, doc] = await Promise.all([import('../../rules/catalogue.js'), import('../../report/rules-doc.js')]);
      if (options.format === 'json') io.stdout(doc.renderRulesJson(RULES));
      else if (options.format === 'markdown') io.stdout(doc.renderRulesMarkdown(CATALOGUE));
      else io.stdout(doc.renderRulesText(RULES));
    });
}
