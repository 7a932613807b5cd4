import type { Command } from 'commander';
import { EXIT, UsageError, useColor, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

interface DiffCliOptions {
  format: string;
  policy: string;
  failOn: string;
  dialect: string;
  contracts: string;
}

const FORMATS = ['text', 'markdown', 'json'];
const POLICIES = ['lenient', 'strict'];
const FAIL_ON = ['breaking', 'warning', 'semver', 'none'];
const DIALECTS = ['2020-12', 'draft-07'];

export function registerDiff(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('diff')
    .description('compare two versions of the contracts: what changed, whom it breaks, and which semver bump it needs')
    .argument('<old>', 'the old side: a contracts folder, a package folder, an npm .tgz, git:REF, or a JSON Schema file')
    .argument('<new>', 'the new side, of the same kind')
    .option('-f, --format <format>', `report format: ${FORMATS.join(', ')}`, 'text')
    .option('--policy <policy>', 'lenient: declaring an optional property on an open object is compatible; strict: it is not', 'lenient')
    .option('--fail-on <severity>', `exit 1 when a change is at least this severe (breaking, warning), when the declared version bump is smaller than the changes require (semver), or never (none)`, 'breaking')
    .option('--dialect <dialect>', `dialect of schemas without $schema whose keywords do not tell: ${DIALECTS.join(', ')}`, '2020-12')
    .option('-c, --contracts <path>', 'for git:REF sides, the contracts folder relative to the repository root', 'contracts')
    .action(async (oldArg: string, newArg: string, options: DiffCliOptions) => {
      setExit(await runDiff(oldArg, newArg, options, io));
    });
}

function choice(name: string, value: string, allowed: string[]): void {
  if (!allowed.includes(value)) throw new UsageError(`unknown ${name} "${value}"; use one of: ${allowed.join(', ')}`);
}

async function runDiff(oldArg: string, newArg: string, options: DiffCliOptions, io: CliIo): Promise<number> {
  choice('format', options.format, FORMATS);
  choice('policy', options.policy, POLICIES);
  choice('--fail-on value', options.failOn, FAIL_ON);
  choice('dialect', options.dialect, DIALECTS);
  // Heavy modules load only when the command runs, so `--version` and `--help` stay instant.
  const [{ openSource, SourceError }, { loadContractSet }, { diffContractSets, diffSchemaFiles }, { buildReport }, { attachPositions }, formats, { missingParts, describeMissing }] = await Promise.all([
    import('../../load/open-source.js'),
    import('../../load/loader.js'),
    import('../../diff/contract-diff.js'),
    import('../../diff/report.js'),
    import('../../diff/positions.js'),
    import('../../diff/formats.js'),
    import('../../load/completeness.js'),
  ]);
  const open = async (argument: string) => {
    try {
      return await openSource(argument, { cwd: io.cwd, contractsPath: options.contracts });
    } catch (error) {
      if (error instanceof SourceError) throw new UsageError(error.message);
      throw error;
    }
  };
  const [oldSide, newSide] = [await open(oldArg), await open(newArg)];
  if (oldSide.kind !== newSide.kind) {
    throw new UsageError(`cannot compare ${oldSide.kind === 'schema' ? 'a schema file' : 'a contract set'} (${oldArg}) with ${newSide.kind === 'schema' ? 'a schema file' : 'a contract set'} (${newArg}); give two of the same kind`);
  }
  const oldModel = loadContractSet(oldSide.source);
  const newModel = loadContractSet(newSide.source);
  // Fail closed: a side that could not be read in full would diff as "removed" or "unchanged".
  for (const [name, side, model] of [['old', oldSide, oldModel], ['new', newSide, newModel]] as const) {
    const parts = missingParts(model, { registry: side.kind === 'contracts' });
    if (parts.length) throw new UsageError(describeMissing(`the ${name} side (${side.label})`, parts));
  }
  for (const [side, model] of [[oldSide, oldModel], [newSide, newModel]] as const) {
    if (side.kind === 'schema') continue; // a lone schema has no registry, and that is expected
    // Sorted: a folder lists its entries in file-system order, and output must not depend on it.
    const lines = model.problems.map((problem) => `warning: ${side.label}: ${problem.path}: ${problem.message}\n`);
    for (const line of [...new Set(lines)].sort()) io.stderr(line);
  }
  const diffOptions = { policy: options.policy as 'lenient' | 'strict', dialect: options.dialect as '2020-12' | 'draft-07' };
  const changes =
    oldSide.kind === 'schema' && newSide.kind === 'schema'
      ? diffSchemaFiles(oldModel, oldSide.file, newModel, newSide.file, diffOptions)
      : diffContractSets(oldModel, newModel, diffOptions);
  const version = (side: typeof oldSide, model: typeof oldModel) => (side.kind === 'contracts' ? side.packageVersion ?? model.registry?.registryVersion : undefined);
  const field = newSide.kind === 'contracts' && newSide.packageVersion !== undefined ? 'package.json' : 'registry_version';
  const report = buildReport(changes, version(oldSide, oldModel), version(newSide, newModel), field);
  if (options.format === 'text') attachPositions(report.changes, oldModel, newModel);
  const formatter = options.format === 'json' ? formats.formatDiffJson : options.format === 'markdown' ? formats.formatDiffMarkdown : formats.formatDiffText;
  io.stdout(formatter(report, { color: useColor(io), old: { label: oldSide.label, displayRoot: oldSide.displayRoot }, new: { label: newSide.label, displayRoot: newSide.displayRoot } }));
  return failed(report, options.failOn) ? EXIT.problems : EXIT.ok;
}

/**
 * `breaking` and `warning` are severity thresholds and hold whatever the versions say: a reviewer
 * who asks to stop breaking changes gets that, even in a major release. `semver` is the release
 * check: it fails only when the declared bump is smaller than the changes require, so a major
 * release may break; with no comparable declared versions it falls back to `breaking`.
 */
function failed(report: import('../../diff/types.js').DiffReport, failOn: string): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'semver' && report.semver.declared !== null) return !report.semver.sufficient;
  const failing = failOn === 'warning' ? ['breaking', 'warning'] : ['breaking'];
  return report.changes.some((c) => failing.includes(c.severity));
}
