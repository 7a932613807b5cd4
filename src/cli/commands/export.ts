import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { EXIT, UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

interface ExportFlags {
  contracts?: string;
  service?: string;
  out?: string;
}

const FORMATS = ['asyncapi'];

export function registerExport(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('export')
    .description('export the contract set to another format: asyncapi (an AsyncAPI 3.0 document, JSON)')
    .argument('<format>', `what to export: ${FORMATS.join(', ')}`)
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .option('-s, --service <name>', 'only the channels and operations of this service (a key of services, or a producer)')
    .option('-o, --out <file>', 'write the document to this file (atomically) instead of standard output')
    .action(async (format: string, flags: ExportFlags) => {
      setExit(await runExport(format, flags, io));
    });
}

async function runExport(format: string, flags: ExportFlags, io: CliIo): Promise<number> {
  if (!FORMATS.includes(format)) throw new UsageError(`unknown export format "${format}"; use one of: ${FORMATS.join(', ')}`);
  const [{ FolderSource }, { loadContractSet }, { exportAsyncApi, ExportError }, { writeFileAtomic }, { isInside }] = await Promise.all([
    import('../../load/source.js'),
    import('../../load/loader.js'),
    import('../../export/asyncapi.js'),
    import('../../core/write-atomic.js'),
    import('../../build/run.js'),
  ]);
  const { openProject } = await import('../project.js');
  const project = openProject(io, { contracts: flags.contracts });
  if (!project) return EXIT.usage;
  const contractsDir = project.contractsDir;
  const model = loadContractSet(new FolderSource(contractsDir));
  if (!model.registry || !model.registry.file.doc.ok) {
    io.stderr(`sguild-contracts: ${relative(io.cwd, contractsDir) || '.'}/event-types-registry.json is missing or not valid JSON; run sguild-contracts check\n`);
    return EXIT.problems;
  }
  let document: Record<string, unknown>;
  try {
    document = exportAsyncApi(model, { service: flags.service });
  } catch (error) {
    if (error instanceof ExportError) throw new UsageError(error.message);
    throw error;
  }
  const text = JSON.stringify(document, null, 2) + '\n';
  if (flags.out === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  const out = resolve(io.cwd, flags.out);
  if (isInside(contractsDir, out)) throw new UsageError(`--out ${flags.out} is inside the contracts folder; write the document elsewhere`);
  try {
    writeFileAtomic(out, text);
  } catch (error) {
    throw new UsageError(`cannot write ${flags.out}: ${(error as Error).message}`);
  }
  io.stderr(`wrote ${flags.out}\n`);
  return EXIT.ok;
}
