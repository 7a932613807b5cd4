import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { BuildRun } from '../../build/run.js';
import type { LockOwner } from '../../core/lock.js';
import { EXIT, untilStopped, UsageError, useColor, type CliIo } from '../io.js';
import type { SetExit } from './index.js';
import { plural } from '../../core/text.js';

interface BuildFlags {
  contracts?: string;
  out?: string;
  check?: boolean;
  watch?: boolean;
}

export function registerBuild(program: Command, io: CliIo, setExit: SetExit): void {
  program
    .command('build')
    .description('generate TypeScript payload types and the events table (events.js) from the contracts')
    .option('-c, --contracts <dir>', 'contracts folder (default: found from the current folder upwards)')
    .option('-o, --out <dir>', 'output folder (default: dist next to the contracts folder)')
    .option('--check', 'write nothing; exit 1 listing each stale, missing or extra generated file')
    .option('--watch', 'rebuild whenever a file under the contracts folder changes (stop with Ctrl-C)')
    .action(async (flags: BuildFlags) => {
      setExit(await runBuildCommand(flags, io));
    });
}

async function runBuildCommand(flags: BuildFlags, io: CliIo): Promise<number> {
  if (flags.check && flags.watch) throw new UsageError('--check and --watch cannot be combined');
  const { openProject } = await import('../project.js');
  const project = openProject(io, { contracts: flags.contracts });
  if (!project) return EXIT.usage;
  const contracts = project.contractsDir;
  const out = flags.out !== undefined ? resolve(io.cwd, flags.out) : resolve(project.projectRoot, 'dist');
  const displayRoot = display(io, contracts);
  const displayOut = display(io, out);
  // Heavy modules (json-schema-to-typescript, ajv) load only when a build actually runs.
  const { isInside, runBuild } = await import('../../build/run.js');
  if (isInside(contracts, out)) throw new UsageError(`--out ${displayOut} is the contracts folder or inside it; generated files must go elsewhere (e.g. --out dist)`);
  if (existsAsNonFolder(out)) throw new UsageError(`--out ${displayOut} exists and is not a folder`);
  const { LockBusyError } = await import('../../core/lock.js');
  // The same configuration and baseline as `check`: the build stops exactly when `check` fails.
  const { loadBaseline } = await import('../project.js');
  const baselinePath = project.config.baseline !== undefined ? resolve(project.configDir, project.config.baseline) : undefined;
  const baseline = baselinePath !== undefined ? loadBaseline(baselinePath, io) : undefined;
  if (baselinePath !== undefined && !baseline) return EXIT.usage;
  const options = {
    contracts,
    out,
    // Diagnostics show paths relative to the project root, as `check`'s do, so the configuration's ignores match the same paths.
    displayRoot: relative(project.projectRoot, contracts).split('\\').join('/') || '.',
    config: project.config,
    ...(baseline ? { baseline } : {}),
    lockTimeoutMs: lockWait(io),
    onWait: (owner: LockOwner | undefined) => io.stderr(`waiting for another build${owner ? ` (process ${owner.pid})` : ''} to finish with ${displayOut}…\n`),
  };

  if (flags.watch) {
    const { watchBuild } = await import('../../build/watch.js');
    io.stderr(`watching ${displayRoot} for changes; press Ctrl-C to stop\n`);
    const watcher = await watchBuild(options, (run, changed) => {
      io.stderr(`${watchStamp(changed, displayRoot)}\n`);
      if (run.kind === 'failed') io.stderr(`${run.error instanceof LockBusyError ? busyMessage(run.error, displayOut) : describeFailure(run.error, displayOut)}\n`);
      else report(run, io, displayRoot, displayOut).catch((error: unknown) => io.stderr(`${describeFailure(error, displayOut)}\n`));
    });
    await untilStopped(io);
    await watcher.close();
    return EXIT.ok;
  }

  let run: BuildRun;
  try {
    const { openCache } = await import('../../core/content-cache.js');
    run = await runBuild({ ...options, cache: openCache(io.cwd, io.env) }, flags.check ? 'check' : 'write');
  } catch (error) {
    if (error instanceof LockBusyError) throw new UsageError(busyMessage(error, displayOut));
    if (isFsError(error)) throw new UsageError(describeFailure(error, displayOut));
    throw error;
  }
  return report(run, io, displayRoot, displayOut);
}

async function report(run: BuildRun, io: CliIo, displayRoot: string, displayOut: string): Promise<number> {
  if (run.kind === 'refused') {
    const { formatText } = await import('../../report/text.js');
    const { INFORMATION_URI, TOOL_NAME, toolVersion } = await import('../version.js');
    const { result } = run;
    const text = formatText(
      {
        tool: { name: TOOL_NAME, version: toolVersion(), informationUri: INFORMATION_URI },
        stats: result.stage === 'check' ? { ...result.stats } : undefined,
        diagnostics: result.diagnostics,
        rules: result.rules.map(({ id, severity, description, help }) => ({ id, severity, description, help })),
        ...(result.ignored || result.baselined ? { suppressed: { ignored: result.ignored ?? 0, baselined: result.baselined ?? 0 } } : {}),
      },
      { color: useColor(io) },
    );
    // Without errors, the configuration's failOn (warning or info) is what stops it, as it fails `check`.
    const errors = result.diagnostics.some((d) => d.severity === 'error');
    const why = result.stage === 'generate' ? 'the types cannot be generated' : errors ? `${displayRoot} has errors` : `${displayRoot} has findings at or above the configuration's failOn, so check fails`;
    io.stderr(`${text}build stopped: ${why}; nothing was written to ${displayOut}\n`);
    return EXIT.problems;
  }
  const count = run.paths.length - 1; // the manifest is bookkeeping, not output
  if (run.kind === 'compared') {
    if (!run.differences.length) {
      io.stdout(`✔ ${displayOut} is up to date (${plural(count, 'generated file')})\n`);
      return EXIT.ok;
    }
    const lines: string[] = [];
    for (const d of run.differences) {
      const path = `${displayOut}/${d.path}`;
      if (d.kind === 'extra') lines.push(`extra    ${path} (written by an earlier build, no longer generated)`);
      else if (d.kind === 'foreign') lines.push(`foreign  ${path} (not written by sguild-contracts build; it would ship with the output: remove it or keep it elsewhere)`);
      else if (d.kind === 'interrupted') lines.push(`interrupted ${path} (a build was interrupted while switching the files over; run \`sguild-contracts build\` to finish it)`);
      else lines.push(`${d.kind.padEnd(8)} ${path}`);
      for (const line of d.diff ?? []) lines.push(`    ${line}`);
    }
    lines.push(`✖ ${displayOut} is out of date (${plural(run.differences.length, 'file')}); run \`sguild-contracts build\` to update it`);
    io.stdout(lines.join('\n') + '\n');
    return EXIT.problems;
  }
  const { written, unchanged, removed, kept } = run.write;
  const recovery = run.recovery;
  if (recovery?.finished) io.stderr(`note: finished switching ${displayOut} over, which an interrupted build had begun\n`);
  if (recovery?.temps.length) io.stderr(`note: removed ${plural(recovery.temps.length, 'temporary file')} that interrupted builds left in ${displayOut}\n`);
  const notManifest = (paths: string[]) => paths.filter((p) => !p.startsWith('.sguild-contracts-manifest')).length;
  const parts = [`${notManifest(written)} written`, `${notManifest(unchanged)} unchanged`];
  if (removed.length) parts.push(`${removed.length} removed`);
  io.stdout(`✔ built ${displayOut} from ${displayRoot}: ${plural(count, 'file')} (${parts.join(', ')})\n`);
  for (const path of kept) io.stderr(`warning: left ${displayOut}/${path}: an earlier build wrote it, it is no longer generated, and it was edited since; delete it if it is not needed\n`);
  return EXIT.ok;
}

/** How long to wait for another build holding the output folder: SGUILD_CONTRACTS_LOCK_WAIT seconds, default 600. */
function lockWait(io: CliIo): number {
  const text = io.env.SGUILD_CONTRACTS_LOCK_WAIT;
  if (text === undefined || text === '') return 600_000;
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`SGUILD_CONTRACTS_LOCK_WAIT must be a whole number of seconds, not "${text}"`);
  return Number(text) * 1000;
}

function busyMessage(error: InstanceType<typeof import('../../core/lock.js').LockBusyError>, displayOut: string): string {
  const who = error.owner ? `process ${error.owner.pid} on ${error.owner.host} (since ${error.owner.started})` : 'another process';
  return `another build is writing ${displayOut}: ${who} holds ${displayOut}/.sguild-contracts.lock; wait for it to finish (SGUILD_CONTRACTS_LOCK_WAIT sets how many seconds to wait), or delete the lock if no build is running`;
}

function display(io: CliIo, path: string): string {
  return relative(io.cwd, path).split('\\').join('/') || '.';
}

function existsAsNonFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function describeFailure(error: unknown, displayOut: string): string {
  if (isFsError(error)) return `cannot write to ${displayOut}: ${error.code} (${error.syscall})`;
  return `build failed: ${error instanceof Error ? error.message : String(error)}`;
}


/** `[16:42:07] changed: contracts/x.json, …` (UTC), the line that opens each watch run. */
export function watchStamp(changed: readonly string[], displayRoot: string, now = new Date()): string {
  const time = now.toISOString().slice(11, 19);
  if (!changed.length) return `[${time}] first run`;
  const shown = changed.slice(0, 5).map((p) => (displayRoot === '.' ? p : `${displayRoot}/${p}`));
  return `[${time}] changed: ${shown.join(', ')}${changed.length > 5 ? ` and ${changed.length - 5} more` : ''}`;
}
