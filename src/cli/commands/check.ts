import { Option, type Command } from 'commander';
import { SEVERITIES } from '../../config/load.js';
import { formatsHelp } from '../formats.js';
import type { CliIo } from '../io.js';
import { formatOption } from './format-option.js';
import type { SetExit } from './index.js';

/** How compat/* judges an optional property declared on an open object (src/diff/types.ts). */
export const POLICIES = ['lenient', 'strict'] as const;

export function registerCheck(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('check')
    .description('check the contract set: registry, schemas, envelope, docs and examples')
    .option('-c, --contracts <dir>', 'contracts folder (default: "contracts" in the configuration, else ./contracts)')
    .option('--config <file>', 'configuration file (default: ./sguild-contracts.config.json when it exists)')
    .addOption(formatOption('check', 'report format; repeat it for several, "name=file" writes one to a file', { withFile: true }))
    .option('-o, --output <file>', 'write the report to a file instead of standard output (the one format without "=file")')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1 (default: error, or "failOn" in the configuration)').choices(SEVERITIES))
    .option('--baseline <file>', 'report only findings that are not in this baseline (default: "baseline" in the configuration)')
    .option('--write-baseline <file>', 'record every current finding in a baseline file; nothing counts as new in this run')
    .option('--base <rev>', 'also judge edits to existing versions, and removals, since this base by each event type\'s compatibility mode: git:REF, a folder or a .tgz')
    .addOption(new Option('--policy <policy>', 'how compat/* judges an optional property declared on an open object: lenient (default: compatible) or strict (not backward compatible)').choices(POLICIES))
    .option('--fix', 'apply every safe fix the findings offer (files written atomically, each fix printed), then check again')
    .option('--fix-dry-run', 'show the fixes as a unified diff; write nothing')
    .option('-q, --quiet', 'report errors only (warnings still count for --fail-on and --max-warnings)')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('-w, --watch', 'check again whenever a file under the contracts folder changes, each run headed by the time and the changed files (stop with Ctrl-C)')
    .addHelpText('after', formatsHelp('check'))
    .action(async (options: { contracts?: string; config?: string; format?: string[]; output?: string; failOn?: string; baseline?: string; writeBaseline?: string; base?: string; policy?: string; fix?: boolean; fixDryRun?: boolean; quiet?: boolean; maxWarnings?: string; watch?: boolean }) => {
      const { runCheck, watchCheck } = await import('../run-check.js');
      setExit(await (options.watch ? watchCheck(options, io) : runCheck(options, io)));
    });
}
