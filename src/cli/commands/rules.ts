import type { Command } from 'commander';
import { formatsHelp, type FormatOf } from '../formats.js';
import type { CliIo } from '../io.js';
import { formatOption } from './format-option.js';
import type { SetExit } from './index.js';

export function registerRules(program: Command, io: CliIo, _setExit: SetExit): void {
  program
    .command('rules')
    .description('list every rule with its group, default severity, presets and description')
    .addOption(formatOption('rules', 'output format (markdown is docs/rules.md)'))
    .addHelpText('after', formatsHelp('rules'))
    .action(async (options: { format: FormatOf<'rules'> }) => {
      const [{ CATALOGUE, CONFIGURABLE: RULES }, doc] = await Promise.all([import('../../rules/catalogue.js'), import('../../report/rules-doc.js')]);
      if (options.format === 'json') io.stdout(doc.renderRulesJson(RULES));
      else if (options.format === 'markdown') io.stdout(doc.renderRulesMarkdown(CATALOGUE));
      else io.stdout(doc.renderRulesText(RULES));
    });
}
