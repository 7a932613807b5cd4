import type { Command } from 'commander';
import { formatsHelp, type FormatOf } from '../formats.js';
import { formatOption } from './format-option.js';
import { byteSize, DEFAULT_MAX_EVENT_SIZE, eventInputs, positiveInteger } from '../inputs.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

interface TraceFlags {
  contracts?: string;
  format: FormatOf<'trace'>;
  id?: string;
  window: string;
  ndjson?: boolean;
  maxEventSize: string;
}

export function registerTrace(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('trace')
    .description('rebuild correlation and causation chains from event streams; report broken links and chains that leave a declared flow')
    .argument('[files...]', 'event files (JSON, JSON array or NDJSON); "-" or none reads standard input')
    .option('-c, --contracts <dir>', 'contracts folder (its registry declares the flows) (default: found from the current folder upwards)')
    .addOption(formatOption('trace', 'report format: json is NDJSON findings then a summary; with --id, text or mermaid'))
    .option('--id <event_id>', 'draw the chain holding this event (as a text tree, or a Mermaid sequence diagram with --format mermaid)')
    .option('--window <n>', 'how many recent events (and chains) are remembered; older references count as broken', '100000')
    .option('--ndjson', 'read every input as NDJSON, one event per line (default: detect)')
    .option('--max-event-size <bytes>', 'longest accepted event or line, in bytes (suffix K or M)', DEFAULT_MAX_EVENT_SIZE)
    .addHelpText('after', formatsHelp('trace'))
    .action(async (files: string[], flags: TraceFlags) => {
      setExit(await runTrace(files, flags, io));
    });
}

async function runTrace(files: string[], flags: TraceFlags, io: CliIo): Promise<number> {
  if (flags.format === 'mermaid' && flags.id === undefined) throw new UsageError('--format mermaid draws one chain: pass --id EVENT_ID');
  if (flags.format === 'json' && flags.id !== undefined) throw new UsageError('--id draws a chain as text or mermaid, not json');
  const window = positiveInteger(flags.window, '--window');
  const maxEventBytes = byteSize(flags.maxEventSize);
  const [{ FolderSource }, { loadContractSet }, { traceInputs }, { drawMermaid, drawText }, { InputReadError }, report] = await Promise.all([
    import('../../load/source.js'),
    import('../../load/loader.js'),
    import('../../trace/run.js'),
    import('../../trace/draw.js'),
    import('../../validate/run.js'),
    import('../../trace/report.js'),
  ]);
  const { openProject } = await import('../project.js');
  const project = openProject(io, { contracts: flags.contracts });
  if (!project) return EXIT.usage;
  const contractsDir = project.contractsDir;
  const inputs = eventInputs(files, io);
  const model = loadContractSet(new FolderSource(contractsDir));
  const registry = model.registry?.file.doc.ok ? model.registry : undefined;
  const drawing = flags.id !== undefined;
  let result;
  try {
    result = await traceInputs(inputs, registry, { ndjson: Boolean(flags.ndjson), maxEventBytes, window, id: flags.id }, (finding) => {
      if (!drawing) io.stdout(flags.format === 'json' ? report.findingJson(finding) : report.findingText(finding));
    });
  } catch (error) {
    if (error instanceof InputReadError) throw new UsageError(error.message);
    throw error;
  }
  if (drawing) {
    if (!result.tree) {
      io.stderr(`sguild-contracts: event ${flags.id} is not in the stream\n`);
      return EXIT.problems;
    }
    io.stdout(flags.format === 'mermaid' ? drawMermaid(result.tree, result.truncated) : drawText(result.tree, result.truncated));
    return EXIT.ok;
  }
  io.stdout(flags.format === 'json' ? report.summaryJson(result) : report.summaryText(result));
  return result.summary.findings > 0 ? EXIT.problems : EXIT.ok;
}
