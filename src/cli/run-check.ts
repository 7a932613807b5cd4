/**
 * The `check` command: flags → the project (configuration, baseline) → the pipeline in
 * src/check.ts (rules, the --base gate, ignores, baseline) → one or more reports → exit code.
 * What is here is the command's own: output planning, --fix, --write-baseline, the cache.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
// Only what a check answered from the cache needs is imported here; the rules, the model and the
// formatters are imported when the check runs (issue 14: nothing beyond the cache on a cache hit).
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { openCache } from '../core/content-cache.js';
import { didYouMean } from '../core/did-you-mean.js';
import { writeFileAtomic } from '../core/write-atomic.js';
import { SEVERITIES } from '../config/load.js';
import { FolderSource } from '../load/source.js';
import { parseFormatSpec, type FormatName } from '../report/format-spec.js';
import type { LintReport, RuleInfo } from '../report/types.js';
import { displayPath } from '../core/paths.js';
import { answerKey, isAnswer } from './check-answer.js';
import { EXIT, untilStopped, UsageError, useColor, type CliIo } from './io.js';
import { loadBaseline, openProject, rerooted, show } from './project.js';
import { INFORMATION_URI, TOOL_NAME, toolVersion } from './version.js';

export interface CheckCommandOptions {
  /** As given on the command line (relative to the current folder); undefined: the configuration's, else `contracts`. */
  contracts?: string;
  config?: string;
  /** Repeatable `name[=file]`; empty means `text`. */
  format?: readonly string[];
  output?: string;
  failOn?: string;
  baseline?: string;
  writeBaseline?: string;
  /** A revision (`git:REF`), folder or tarball to compare with: breaking changes become findings. */
  base?: string;
  policy?: string;
  /** Apply every safe fix, write the files, then report what is left. */
  fix?: boolean;
  /** Show the fixes as a unified diff and write nothing. */
  fixDryRun?: boolean;
  /** Report errors only (warnings and infos still count for --fail-on and --max-warnings). */
  quiet?: boolean;
  /** Exit 1 when there are more warnings than this. */
  maxWarnings?: string;
}

/**
 * `check --watch`: a check now, then one after every change to the contracts folder, each headed
 * on stderr by the time and the files that changed. Ends with exit code 0 when stopped.
 */
export async function watchCheck(options: CheckCommandOptions, io: CliIo): Promise<number> {
  if (options.fix || options.fixDryRun || options.writeBaseline !== undefined || options.base !== undefined) {
    throw new UsageError('--watch cannot be combined with --fix, --fix-dry-run, --write-baseline or --base');
  }
  const project = openProject(io, options);
  if (!project) return EXIT.usage;
  const [{ watchFolder }, { watchStamp }] = await Promise.all([import('../build/watch.js'), import('./commands/build.js')]);
  const displayRoot = show(io, project.contractsDir);
  let chain = Promise.resolve();
  const once = (changed: readonly string[]) =>
    (chain = chain.then(async () => {
      io.stderr(`${watchStamp(changed, displayRoot)}\n`);
      try {
        await runCheck(options, io);
      } catch (error) {
        // A run that cannot start (the folder vanished, a bad configuration) is reported; watching goes on.
        if (!(error instanceof UsageError)) throw error;
        io.stderr(`${TOOL_NAME}: ${error.message}\n`);
      }
    }));
  io.stderr(`watching ${displayRoot} for changes; press Ctrl-C to stop\n`);
  const watcher = watchFolder(project.contractsDir, once);
  await once([]);
  await untilStopped(io);
  await watcher.close();
  await chain;
  return EXIT.ok;
}

interface Output {
  format: FormatName;
  /** Absolute path, or undefined for standard output. */
  file?: string;
}

export async function runCheck(options: CheckCommandOptions, io: CliIo): Promise<number> {
  const failOnFlag = options.failOn;
  if (failOnFlag !== undefined && !(SEVERITIES as readonly string[]).includes(failOnFlag)) {
    throw new UsageError(`--fail-on must be one of error, warning, info, not "${failOnFlag}"${didYouMean(failOnFlag, SEVERITIES)}`);
  }
  const policy = options.policy;
  if (policy !== undefined && policy !== 'strict' && policy !== 'lenient') throw new UsageError(`--policy must be one of lenient, strict, not "${policy}"${didYouMean(policy, ['lenient', 'strict'])}`);
  const maxWarnings = options.maxWarnings === undefined ? undefined : /^(0|[1-9][0-9]*)$/.test(options.maxWarnings) ? Number(options.maxWarnings) : undefined;
  if (options.maxWarnings !== undefined && maxWarnings === undefined) throw new UsageError(`--max-warnings must be a whole number (0 or more), not "${options.maxWarnings}"`);
  if (options.fix && options.fixDryRun) throw new UsageError('use either --fix (apply the fixes) or --fix-dry-run (show them as a diff), not both');
  if (options.baseline !== undefined && options.writeBaseline !== undefined) {
    throw new UsageError('use either --baseline (report only new findings) or --write-baseline (record the current ones), not both');
  }

  const project = openProject(io, options);
  if (!project) return EXIT.usage;
  const { config, contractsDir, configDir, configPath } = project;
  const failOn: Severity = (failOnFlag as Severity | undefined) ?? config.failOn ?? 'error';
  // --write-baseline replaces whatever baseline the configuration names: it records everything.
  const baselinePath = options.writeBaseline !== undefined ? undefined : options.baseline !== undefined ? resolve(io.cwd, options.baseline) : config.baseline !== undefined ? resolve(configDir, config.baseline) : undefined;
  const writeBaselinePath = options.writeBaseline !== undefined ? resolve(io.cwd, options.writeBaseline) : undefined;

  const outputs = planOutputs(options, io);
  if (writeBaselinePath !== undefined && outputs.some((o) => o.file === writeBaselinePath)) {
    throw new UsageError(`a report and the baseline would both be written to ${show(io, writeBaselinePath)}`);
  }
  const inputs = { contractsDir, configPath, baselinePath };
  for (const target of [...outputs.map((o) => o.file), writeBaselinePath]) {
    if (target !== undefined) guardOutput(target, inputs, io);
  }
  // A broken baseline stops the run before any checking, like a broken configuration.
  const baseline = baselinePath !== undefined ? loadBaseline(baselinePath, io) : undefined;
  if (baselinePath !== undefined && !baseline) return EXIT.usage;

  // Paths in reports are relative to the project root (the working folder when --contracts is
  // given), so ignores, baselines and SARIF say the same wherever in the project check runs.
  const displayRoot = toPosix(relative(project.projectRoot, contractsDir)) || '.';
  // oxlint-disable-next-line typescript/no-unnecessary-type-assertion -- tsgolint misses that `policy` is a plain string here
  const settings = { displayRoot, config, ...(policy ? { policy: policy as 'strict' | 'lenient' } : {}) };
  let source = new FolderSource(contractsDir, displayRoot);
  if (options.fix || options.fixDryRun) {
    const [{ fixUntilStable }, { checkConfigured }, { loadContractSet }, { applyIgnores }, { ignorable }] = await Promise.all([
      import('../fix/apply.js'),
      import('../check.js'),
      import('../load/loader.js'),
      import('../diagnostics/ignore.js'),
      import('../rules/catalogue.js'),
    ]);
    // Ignored findings stay as they are: an ignore entry says a person decided about them.
    const run = fixUntilStable(source, (current) => applyIgnores(checkConfigured(loadContractSet(current), settings).diagnostics, config, ignorable).kept);
    for (const fix of run.applied) io.stderr(`${options.fix ? 'fixed' : 'would fix'} ${fix.file}:${fix.line}:${fix.column}  ${fix.description}  ${fix.rule}\n`);
    const paths = [...run.changes.keys()].sort();
    if (options.fixDryRun) {
      const { unifiedDiff } = await import('../core/unified-diff.js');
      for (const path of paths) {
        const before = source.read(path);
        io.stdout(unifiedDiff(displayPath(displayRoot, path), before === undefined ? null : new TextDecoder().decode(before), run.changes.get(path) ?? null));
      }
      io.stderr(`${TOOL_NAME}: ${run.applied.length} fix${run.applied.length === 1 ? '' : 'es'} would change ${paths.length} file${paths.length === 1 ? '' : 's'}; nothing was written (run with --fix to apply)\n`);
      return run.applied.length ? EXIT.problems : EXIT.ok;
    }
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    // Every new content is written (atomically) before any moved-away file is removed.
    for (const path of paths) {
      const content = run.changes.get(path);
      if (content !== null && content !== undefined) write(join(contractsDir, path), content, io);
    }
    for (const path of paths) if (run.changes.get(path) === null) rmSync(join(contractsDir, path), { force: true });
    if (run.applied.length) io.stderr(`${TOOL_NAME}: applied ${run.applied.length} fix${run.applied.length === 1 ? '' : 'es'} to ${paths.length} file${paths.length === 1 ? '' : 's'}; checking again\n`);
    source = new FolderSource(contractsDir, displayRoot);
  }
  // --base needs the loaded model, so it always checks afresh; otherwise the cache may answer.
  const cache = options.base === undefined ? openCache(io.cwd, io.env) : undefined;
  // A run that only prints is answered whole (what it printed, its exit code) when nothing it reads changed.
  const answerable = cache !== undefined && !options.fix && !options.fixDryRun && writeBaselinePath === undefined && outputs.every((o) => o.file === undefined);
  const key = answerable ? answerKey({ options, cwd: io.cwd, contractsDir, displayRoot, color: useColor(io), configPath, baselinePath, source }) : undefined;
  const known = key !== undefined ? cache!.get(key, isAnswer) : undefined;
  if (known) {
    if (known.stdout) io.stdout(known.stdout);
    if (known.stderr) io.stderr(known.stderr);
    return known.code;
  }
  // The check itself and its reports (everything a run answered from the cache does not need).
  const checkAndReport = async (io: CliIo): Promise<number> => {
    const [{ BaseError, checkSourceCached, finishLint, gateFindings, gateRules }, { StoredRuleMemo }, { fails }, { baselinable, renderBaseline }, { FORMATTERS }] = await Promise.all([
      import('../check.js'),
      import('../rules/memo.js'),
      import('../diagnostics/pipeline.js'),
      import('../config/baseline.js'),
      import('../report/index.js'),
    ]);
    // The rules' per-unit findings of earlier runs (src/rules/memo.ts): an edit redoes the units that read the edited files.
    const memo = cache ? new StoredRuleMemo(cache, realpathSync(contractsDir)) : undefined;
    const result = checkSourceCached(source, settings, cache, memo);
    memo?.save();
    const sources: Diagnostic[][] = [result.diagnostics];
    if (options.base !== undefined && result.model) {
      try {
        sources.push(await gateFindings(result.model, { ...settings, base: options.base, cwd: io.cwd, contractsDir }));
      } catch (error) {
        if (error instanceof BaseError) throw new UsageError(error.message);
        throw error;
      }
    }

    let lint: { diagnostics: Diagnostic[]; ignored: number; baselined: number; rules: RuleInfo[] };
    if (writeBaselinePath !== undefined) {
      // Recording a baseline accepts every current finding, so none of them is new in this run.
      const all = finishLint(result.stats, sources, { config, registered: result.registered }, options.base !== undefined ? gateRules(config) : []);
      write(writeBaselinePath, renderBaseline(all.diagnostics), io);
      const recorded = all.diagnostics.filter(baselinable);
      io.stderr(`${TOOL_NAME}: wrote ${show(io, writeBaselinePath)} with ${recorded.length} finding${recorded.length === 1 ? '' : 's'}; later runs with --baseline report only new ones\n`);
      lint = { ...all, diagnostics: all.diagnostics.filter((d) => !baselinable(d)), baselined: recorded.length };
    } else {
      lint = finishLint(result.stats, sources, { config, registered: result.registered, ...(baseline ? { baseline } : {}) }, options.base !== undefined ? gateRules(config) : []);
    }
    const findings = lint.diagnostics;

    const shown = options.quiet ? findings.filter((d) => d.severity === 'error') : findings;
    const report: LintReport = {
      tool: { name: TOOL_NAME, version: toolVersion(), informationUri: INFORMATION_URI },
      stats: { ...result.stats },
      diagnostics: shown,
      rules: lint.rules,
      files: result.paths.map((path) => displayPath(displayRoot, path)),
      ...(lint.ignored || lint.baselined ? { suppressed: { ignored: lint.ignored, baselined: lint.baselined } } : {}),
    };
    const color = useColor(io);
    for (const output of outputs) {
      // SARIF locations are relative to the repository root (%SRCROOT%), wherever check runs.
      const shaped = output.format === 'sarif' ? rerooted(report, project.projectRoot) : report;
      if (output.file === undefined) io.stdout(FORMATTERS[output.format](shaped, { color }));
      else write(output.file, FORMATTERS[output.format](shaped, { color: false }), io);
    }
    const warnings = findings.filter((d) => d.severity === 'warning').length;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`${TOOL_NAME}: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows\n`);
      return EXIT.problems;
    }
    return fails(findings, failOn) ? EXIT.problems : EXIT.ok;
  };
  const recorded = { stdout: '', stderr: '' };
  const code = await checkAndReport(key === undefined ? io : { ...io, stdout: (t) => void ((recorded.stdout += t), io.stdout(t)), stderr: (t) => void ((recorded.stderr += t), io.stderr(t)) });
  if (key !== undefined) cache!.set(key, { ...recorded, code });
  return code;
}

/**
 * `--format text --format sarif=findings.sarif` and `--output FILE`: every format with `=file`
 * goes to its file; `--output` takes the one format without a file; at most one goes to stdout.
 */
function planOutputs(options: CheckCommandOptions, io: CliIo): Output[] {
  const specs = options.format?.length ? options.format : ['text'];
  const outputs: Output[] = [];
  for (const spec of specs) {
    const parsed = parseFormatSpec(spec);
    if ('error' in parsed) throw new UsageError(parsed.error);
    outputs.push({ format: parsed.format, ...(parsed.file !== undefined ? { file: resolve(io.cwd, parsed.file) } : {}) });
  }
  const toStdout = outputs.filter((o) => o.file === undefined);
  if (options.output !== undefined) {
    const [only] = toStdout;
    if (!only || toStdout.length !== 1) {
      throw new UsageError(toStdout.length ? '--output takes exactly one format without "=file"; give the others as --format name=file' : '--output has no format to write: every --format already names its file');
    }
    only.file = resolve(io.cwd, options.output);
  } else if (toStdout.length > 1) {
    throw new UsageError(`only one format can go to standard output, not ${toStdout.map((o) => o.format).join(' and ')}; write the others to files with --format name=file`);
  }
  const seen = new Set<string>();
  for (const o of outputs) {
    if (o.file === undefined) continue;
    if (seen.has(o.file)) throw new UsageError(`two reports would be written to ${show(io, o.file)}`);
    seen.add(o.file);
  }
  return outputs;
}

/** Reports are never written over an input: not into the contracts folder, not onto the configuration or the baseline being read. */
function guardOutput(target: string, inputs: { contractsDir: string; configPath?: string; baselinePath?: string }, io: CliIo): void {
  const real = realish(target);
  const contracts = realish(inputs.contractsDir);
  const rel = relative(contracts, real);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new UsageError(`refusing to write ${show(io, target)}: it is inside the contracts folder being checked`);
  }
  for (const input of [inputs.configPath, inputs.baselinePath]) {
    if (input !== undefined && realish(input) === real) throw new UsageError(`refusing to write ${show(io, target)}: it is an input of this run`);
  }
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`cannot write ${show(io, target)}: it is a folder`);
}

/** The real path of `path`, or of its closest existing ancestor joined with the rest (the file may not exist yet). */
function realish(path: string): string {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return resolve(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(current.slice(parent.length).replace(/^[\\/]+/, ''));
      current = parent;
    }
  }
}

function write(path: string, content: string, io: CliIo): void {
  try {
    writeFileAtomic(path, content);
  } catch (error) {
    throw new UsageError(`cannot write ${show(io, path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}
