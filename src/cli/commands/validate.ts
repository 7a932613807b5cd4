import type { Command } from 'commander';
import { relative } from 'node:path';
import { formatsHelp, type FormatOf } from '../formats.js';
import { formatOption } from './format-option.js';
import { byteSize, DEFAULT_MAX_EVENT_SIZE, eventInputs, positiveInteger } from '../inputs.js';
import { EXIT, UsageError, useColor, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

interface ValidateFlags {
  contracts?: string;
  format: FormatOf<'validate'>;
  ndjson?: boolean;
  maxErrors?: string;
  maxEventSize: string;
}


export function registerValidate(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('validate')
    .description('check event instances (JSON, JSON array or NDJSON; files or standard input) against the contracts')
    .argument('[files...]', 'event files; "-" or none reads standard input')
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .addOption(formatOption('validate', 'report format (json: NDJSON, an object per event with failures, then the summary)'))
    .option('--ndjson', 'read every input as NDJSON, one event per line (default: detect)')
    .option('--max-errors <n>', 'stop after this many errors')
    .option('--max-event-size <bytes>', 'longest accepted event or line, in bytes (suffix K or M for KiB, MiB)', DEFAULT_MAX_EVENT_SIZE)
    .addHelpText('after', formatsHelp('validate'))
    .action(async (files: string[], flags: ValidateFlags) => {
      setExit(await runValidate(files, flags, io));
    });
}

async function runValidate(files: string[], flags: ValidateFlags, io: CliIo): Promise<number> {
  const maxErrors = flags.maxErrors === undefined ? undefined : positiveInteger(flags.maxErrors, '--max-errors');
  const maxEventBytes = byteSize(flags.maxEventSize);

  // Everything heavy is loaded only now, so `--help` and `--version` stay instant.
  const [{ FolderSource }, { loadContractSet }, { eventCheckerOf }, { validateInputs, InputReadError }, { jsonFormatter, textFormatter }, { contractsBlocker }] = await Promise.all([
    import('../../load/source.js'),
    import('../../load/loader.js'),
    import('../../events/for-model.js'),
    import('../../validate/run.js'),
    import('../../validate/report.js'),
    import('../../validate/contracts.js'),
  ]);

  const { openProject } = await import('../project.js');
  const project = openProject(io, { contracts: flags.contracts });
  if (!project) return EXIT.usage;
  const contractsDir = project.contractsDir;

  const inputs = eventInputs(files, io);

  const model = loadContractSet(new FolderSource(contractsDir));
  const shownContracts = relative(io.cwd, contractsDir).split('\\').join('/') || '.';
  let formatter;
  if (flags.format === 'json') formatter = jsonFormatter;
  else if (flags.format === 'text') formatter = textFormatter(useColor(io));
  else {
    const [{ validateFormatter }, { INFORMATION_URI, TOOL_NAME, toolVersion }] = await Promise.all([import('../../report/validate.js'), import('../version.js')]);
    const { rerooted } = await import('../project.js');
    formatter = validateFormatter(flags.format, { name: TOOL_NAME, version: toolVersion(), informationUri: INFORMATION_URI }, inputs.map((i) => i.name), (report) => rerooted(report, io.cwd));
  }
  // Broken contracts are a problem found in an input (exit 1, with check's diagnostics), not a usage error.
  // Diagnostics under the project root, as `check` shows them, with the same configuration.
  const diagnosticRoot = relative(project.projectRoot, contractsDir).split('\\').join('/') || '.';
  const blocker = contractsBlocker(model, () => eventCheckerOf(model), diagnosticRoot, project.config);
  if (blocker) {
    io.stdout(formatter.blocked(blocker, `sguild-contracts check --contracts ${shownContracts}`));
    return EXIT.problems;
  }
  const checker = eventCheckerOf(model);
  const registered = checker.table.types.map((t) => t.name);
  const { progressLine } = await import('../progress.js');
  const progress = progressLine(io, flags.format === 'text', (n) => `validating: ${n.toLocaleString('en-US')} events read`);
  const { closest } = await import('../../core/did-you-mean.js');

  let summary;
  try {
    summary = await validateInputs(inputs, checker, { ndjson: Boolean(flags.ndjson), maxEventBytes, maxErrors, abandoned: io.stdoutFailed, suggestEventType: (name: string) => closest(name, registered), ...(progress ? { progress: progress.update } : {}) }, (result) => io.stdout(formatter.event(result)));
  } catch (error) {
    if (error instanceof InputReadError) throw new UsageError(error.message);
    throw error;
  }
  progress?.clear();
  io.stdout(formatter.summary(summary));
  return summary.errors > 0 ? EXIT.problems : EXIT.ok;
}
