import type { Command } from 'commander';
import { EXIT, UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const list = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** `new event|version|contract` and `init`: scaffolding that prints what it wrote and never overwrites. */
export function registerNew(program: Command, io: CliIo, setExit: SetExit): void {
  const group = program.command('new').description('scaffold an event type, a new version of one, or a contract folder');
  group
    .command('event')
    .description('add an event type: payload schema, registry entry, README mention and an example, ready for check')
    .argument('<type>', 'event type name, e.g. coach.rated')
    .option('--contract <name>', 'contract folder (default: the one owning the type\'s namespace)')
    .option('--producer <domain>', 'producer (default: the contract\'s usual producer)')
    .option('--subject <kind>', 'subject ID kind (default: the namespace when it is a kind, else the contract\'s usual subject)')
    .option('--actors <list>', 'actor kinds, comma-separated: person, system (default: the contract\'s usual actors)', list)
    .option('--description <text>', 'one sentence: what happened')
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .action(async (type: string, flags: { contract?: string; producer?: string; subject?: string; actors?: string[]; description?: string; contracts?: string }) => {
      setExit(await scaffold(io, flags.contracts, async (source, clock) => (await import('../../author/new-event.js')).planNewEvent(source, type, flags, clock)));
    });
  group
    .command('version')
    .description('copy the latest version of an event type to the next one: schema with a fresh $id, registry entry, example')
    .argument('<type>', 'registered event type')
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .action(async (type: string, flags: { contracts?: string }) => {
      setExit(await scaffold(io, flags.contracts, async (source, clock) => (await import('../../author/new-event.js')).planNewVersion(source, type, clock)));
    });
  group
    .command('contract')
    .description('add a contract folder with its README skeleton')
    .argument('<name>', 'folder name, e.g. coach-ratings')
    .option('--owner <team>', 'owning team, for the README header')
    .option('--description <text>', 'purpose paragraph')
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .action(async (name: string, flags: { owner?: string; description?: string; contracts?: string }) => {
      setExit(await scaffold(io, flags.contracts, async (source) => (await import('../../author/new-contract.js')).planNewContract(source, name, flags)));
    });
  program
    .command('init')
    .description('start a contract set in an empty folder: registry, envelope, shared IDs')
    .argument('[dir]', 'folder to create it in', 'contracts')
    .option('--producer <domain>', 'a producing domain (repeat for several; default: platform)', collect)
    .option('--base-uri <uri>', 'base URI of every schema $id', 'https://schemas.example.com/contracts/')
    .action(async (dir: string, flags: { producer?: string[]; baseUri: string }) => {
      const [{ resolve }, { readdirSync }, { planInit }] = await Promise.all([import('node:path'), import('node:fs'), import('../../author/new-contract.js')]);
      const root = resolve(io.cwd, dir);
      let existing: string[] = [];
      try {
        existing = readdirSync(root);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR') throw new UsageError(`${dir} exists and is not a folder`);
        if (code !== 'ENOENT') throw new UsageError(`cannot read ${dir}: ${code}`);
      }
      setExit(await write(io, root, () => planInit(existing, { producers: flags.producer?.length ? flags.producer : ['platform'], baseUri: flags.baseUri })));
    });
}

type Planner = (source: import('../../load/source.js').FileSource, clock: { now: number }) => Promise<import('../../author/plan.js').FileChange[]>;

async function scaffold(io: CliIo, contracts: string | undefined, plan: Planner): Promise<number> {
  const [{ openProject }, { FolderSource }] = await Promise.all([import('../project.js'), import('../../load/source.js')]);
  const project = openProject(io, { contracts });
  if (!project) return EXIT.usage;
  const source = new FolderSource(project.contractsDir);
  return write(io, project.contractsDir, () => plan(source, { now: Date.now() }));
}

async function write(io: CliIo, root: string, plan: () => Promise<import('../../author/plan.js').FileChange[]> | import('../../author/plan.js').FileChange[]): Promise<number> {
  const [{ relative, join, resolve }, { AuthorError }, { applyPlan }, { JsonEditError }, { discoverProject }] = await Promise.all([import('node:path'), import('../../author/plan.js'), import('../../author/apply.js'), import('../../json/edit.js'), import('../../load/discover.js')]);
  let changes;
  try {
    changes = await plan();
    applyPlan(root, changes);
  } catch (error) {
    if (error instanceof AuthorError || error instanceof JsonEditError) throw new UsageError(error.message);
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === 'string' && typeof e.syscall === 'string') throw new UsageError(`cannot write in ${relative(io.cwd, root) || '.'}: ${e.code}`);
    throw error;
  }
  for (const change of changes) {
    const shown = relative(io.cwd, join(root, change.path)).split('\\').join('/');
    io.stdout(`${change.action === 'create' ? 'created' : 'updated'} ${shown}\n`);
  }
  const shownRoot = relative(io.cwd, root).split('\\').join('/') || '.';
  // Without --contracts when the discovery from here finds this very set.
  const found = discoverProject(io.cwd).contractsDir;
  io.stdout(`next: sguild-contracts check${found !== undefined && resolve(found) === resolve(root) ? '' : ` --contracts ${shownRoot}`}\n`);
  return EXIT.ok;
}
