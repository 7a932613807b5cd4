import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { EXIT, UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

interface CatalogFlags {
  contracts?: string;
  out: string;
}

export function registerCatalog(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('catalog')
    .description('generate the event catalog: a static site (index with search and filters, a page per event type, service and flow, with diagrams) that works from file://')
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .option('-o, --out <dir>', 'output folder', 'catalog')
    .action(async (flags: CatalogFlags) => {
      setExit(await runCatalog(flags, io));
    });
}

async function runCatalog(flags: CatalogFlags, io: CliIo): Promise<number> {
  const [{ FolderSource }, { loadContractSet }, { buildCatalog }, { writeOutput }, { manifestFor }, { isInside }, { writeFileAtomic }] = await Promise.all([
    import('../../load/source.js'),
    import('../../load/loader.js'),
    import('../../catalog/build.js'),
    import('../../build/output.js'),
    import('../../build/manifest.js'),
    import('../../build/run.js'),
    import('../../core/write-atomic.js'),
  ]);
  const { openProject } = await import('../project.js');
  const project = openProject(io, { contracts: flags.contracts });
  if (!project) return EXIT.usage;
  const contractsDir = project.contractsDir;
  const out = resolve(io.cwd, flags.out);
  const rel = relative(io.cwd, out).split('\\').join('/');
  const shownOut = rel.startsWith('..') || isAbsolute(rel) ? flags.out : rel || '.';
  if (isInside(contractsDir, out)) throw new UsageError(`--out ${shownOut} is the contracts folder or inside it; write the catalog elsewhere (e.g. --out catalog)`);
  try {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out ${shownOut} exists and is not a folder`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  const model = loadContractSet(new FolderSource(contractsDir));
  if (!model.registry || !model.registry.file.doc.ok) {
    io.stderr(`sguild-contracts: ${relative(io.cwd, contractsDir).split('\\').join('/') || '.'}/event-types-registry.json is missing or not valid JSON; run sguild-contracts check\n`);
    return EXIT.problems;
  }
  const files = buildCatalog(model);
  let result;
  try {
    // Atomic (rename over the target) but not fsynced page by page: the site is rebuilt at will.
    result = writeOutput(out, [...files, manifestFor(files)], { writeFile: (path, content) => writeFileAtomic(path, content, { fsync: false }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write the catalog to ${shownOut}: ${code ?? (error as Error).message}`);
  }
  io.stderr(`catalog: ${files.length} files in ${shownOut} (${result.written.length} written, ${result.unchanged.length} unchanged${result.removed.length ? `, ${result.removed.length} removed` : ''}); open ${shownOut}/index.html\n`);
  return EXIT.ok;
}
