import { Option, type Command } from 'commander';
import { formatsHelp, type FormatOf } from '../formats.js';
import { EXIT, UsageError, useColor, type CliIo } from '../io.js';
import { POLICIES } from './check.js';
import { formatOption } from './format-option.js';
import type { SetExit } from './index.js';

interface DiffCliOptions {
  format: FormatOf<'diff'>;
  policy: (typeof POLICIES)[number];
  failOn: (typeof FAIL_ON)[number];
  dialect: (typeof DIALECTS)[number];
  contracts: string;
}

const FAIL_ON = ['breaking', 'warning', 'semver', 'none'] as const;
const DIALECTS = ['2020-12', 'draft-07'] as const;

export function registerDiff(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('diff')
    .description('compare two versions of the contracts: what changed, whom it breaks, and which semver bump it needs')
    .argument('<old>', 'the old side: a contracts folder, a package folder, an npm .tgz, git:REF, or a JSON Schema file')
    .argument('<new>', 'the new side, of the same kind')
    .addOption(formatOption('diff', 'report format (github and sarif: every change as an annotation on its line in the new side\'s file)'))
    .addOption(new Option('--policy <policy>', 'lenient: declaring an optional property on an open object is compatible; strict: it is not').choices(POLICIES).default('lenient'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a change is at least this severe (breaking, warning), when the declared version bump is smaller than the changes require (semver), or never (none)').choices(FAIL_ON).default('breaking'))
    .addOption(new Option('--dialect <dialect>', 'dialect of schemas without $schema whose keywords do not tell').choices(DIALECTS).default('2020-12'))
    .option('-c, --contracts <path>', 'for git:REF sides, the contracts folder relative to the repository root', 'contracts')
    .addHelpText('after', formatsHelp('diff'))
    .action(async (oldArg: string, newArg: string, options: DiffCliOptions) => {
      setExit(await runDiff(oldArg, newArg, options, io));
    });
}

async function runDiff(oldArg: string, newArg: string, options: DiffCliOptions, io: CliIo): Promise<number> {
  // Heavy modules load only when the command runs, so `--version` and `--help` stay instant.
  const [{ openSource, SourceError }, { loadContractSet }, { diffContractSets, diffSchemaFiles }, { buildReport }, { attachPositions, annotationLocation }, formats, { missingParts, describeMissing }] = await Promise.all([
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
  const newModel = loadContractSet(newSide.source, oldModel); // the files both sides share are parsed once
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
  const diffOptions = { policy: options.policy, dialect: options.dialect };
  const changes =
    oldSide.kind === 'schema' && newSide.kind === 'schema'
      ? diffSchemaFiles(oldModel, oldSide.file, newModel, newSide.file, diffOptions)
      : diffContractSets(oldModel, newModel, diffOptions);
  const version = (side: typeof oldSide, model: typeof oldModel) => (side.kind === 'contracts' ? side.packageVersion ?? model.registry?.registryVersion : undefined);
  const field = newSide.kind === 'contracts' && newSide.packageVersion !== undefined ? 'package.json' : 'registry_version';
  const report = buildReport(changes, version(oldSide, oldModel), version(newSide, newModel), field);
  const display = { color: useColor(io), old: { label: oldSide.label, displayRoot: oldSide.displayRoot }, new: { label: newSide.label, displayRoot: newSide.displayRoot } };
  if (options.format === 'github' || options.format === 'sarif') {
    const [{ formatDiffGithub, formatDiffSarif }, { INFORMATION_URI, TOOL_NAME, toolVersion }] = await Promise.all([import('../../report/diff.js'), import('../version.js')]);
    const formatter = options.format === 'github' ? formatDiffGithub : formatDiffSarif;
    const tool = { name: TOOL_NAME, version: toolVersion(), informationUri: INFORMATION_URI };
    const { rerooted } = await import('../project.js');
    io.stdout(formatter(report, { ...display, color: false, tool, locate: (change) => annotationLocation(change, oldModel, newModel), reroot: (lint) => rerooted(lint, io.cwd) }));
  } else {
    if (options.format === 'text') attachPositions(report.changes, oldModel, newModel);
    const formatter = { text: formats.formatDiffText, json: formats.formatDiffJson, markdown: formats.formatDiffMarkdown }[options.format];
    io.stdout(formatter(report, display));
  }
  return failed(report, options.failOn) ? EXIT.problems : EXIT.ok;
}

/**
 * `breaking` and `warning` are severity thresholds and hold whatever the versions say: a reviewer
 * who asks to stop breaking changes gets that, even in a major release. `semver` is the release
 * check: it fails only when the declared bump is smaller than the changes require, so a major
 * release may break; with no comparable declared versions it falls back to `breaking`.
 */
function failed(report: import('../../diff/types.js').DiffReport, failOn: DiffCliOptions['failOn']): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'semver' && report.semver.declared !== null) return !report.semver.sufficient;
  const failing = failOn === 'warning' ? ['breaking', 'warning'] : ['breaking'];
  return report.changes.some((c) => failing.includes(c.severity));
}
