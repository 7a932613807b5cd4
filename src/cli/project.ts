/**
 * The one way every command finds what it works on: --contracts and --config when given, else
 * the project discovered from the working folder (src/load/discover.ts), with the
 * configuration's "contracts" in between. Configuration problems are printed here, once.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config } from '../config/load.js';
import { discoverProject } from '../load/discover.js';
import { folderProblem, MAX_FILE_BYTES, sizeText } from '../load/source.js';
import { CONFIGURABLE_IDS } from '../rules/configurable-ids.js';
import type { LintReport } from '../report/types.js';
import { parseBaseline, type Baseline } from '../config/baseline.js';
import { UsageError, type CliIo } from './io.js';
import { TOOL_NAME } from './version.js';

export interface Project {
  contractsDir: string;
  config: Config;
  /** The configuration file read, when there is one. */
  configPath?: string;
  /** Folder relative configuration paths (baseline) are read from. */
  configDir: string;
  /** Folder default outputs (dist/) go to: the configuration's folder, the folder holding the contract set, or the working folder. */
  projectRoot: string;
}

export interface ProjectFlags {
  contracts?: string;
  config?: string;
}

/** The project, or undefined when its configuration is invalid (the problems were printed). */
export function openProject(io: CliIo, flags: ProjectFlags, options: { mustExist?: boolean } = {}): Project | undefined {
  const discovery = flags.contracts === undefined ? discoverProject(io.cwd) : undefined;
  // An explicit --contracts names the set; its configuration is then --config or the working folder's, never one found further up.
  const here = resolve(io.cwd, CONFIG_FILE_NAME);
  let configPath = flags.config !== undefined ? resolve(io.cwd, flags.config) : discovery ? discovery.configPath : existsSync(here) ? here : undefined;
  let config = configPath !== undefined ? loadConfig(configPath, flags.config !== undefined, io) : DEFAULT_CONFIG;
  if (!config) return undefined;
  // A configuration found further up than the nearest contract set governs the set it names; for
  // another set (a fixture, a vendored copy) it does not apply.
  if (flags.config === undefined && configPath !== undefined && discovery?.contractsDir !== undefined && dirname(configPath) !== discovery.matchedAt) {
    const governed = resolve(dirname(configPath), config.contracts ?? 'contracts');
    if (governed !== discovery.contractsDir) {
      config = DEFAULT_CONFIG;
      configPath = undefined;
    }
  }
  // Likewise the working folder's configuration names its own set: an explicit --contracts naming
  // another set (a fixture, a scratch copy) is not governed by it.
  if (flags.config === undefined && flags.contracts !== undefined && configPath !== undefined && config.contracts !== undefined && resolve(dirname(configPath), config.contracts) !== resolve(io.cwd, flags.contracts)) {
    config = DEFAULT_CONFIG;
    configPath = undefined;
  }
  const configDir = configPath !== undefined ? dirname(configPath) : io.cwd;
  let contractsDir: string;
  let projectRoot: string;
  if (flags.contracts !== undefined) {
    contractsDir = resolve(io.cwd, flags.contracts);
    projectRoot = io.cwd;
  } else if (config.contracts !== undefined) {
    contractsDir = resolve(configDir, config.contracts);
    // An explicit --config leaves paths relative to where the user stands, as before discovery.
    projectRoot = flags.config !== undefined ? io.cwd : configDir;
  } else if (discovery?.contractsDir !== undefined) {
    contractsDir = discovery.contractsDir;
    projectRoot = flags.config !== undefined ? io.cwd : configPath !== undefined ? configDir : discovery.projectRoot;
  } else {
    contractsDir = resolve(configPath !== undefined ? configDir : io.cwd, 'contracts');
    projectRoot = configPath !== undefined && flags.config === undefined ? configDir : io.cwd;
  }
  if (options.mustExist !== false) {
    const problem = folderProblem(contractsDir, show(io, contractsDir));
    if (problem) {
      const how = flags.contracts === undefined && config.contracts === undefined
        ? `no contract set found from ${show(io, io.cwd)} upwards (a folder holding event-types-registry.json, or a contracts/ child holding one); pass --contracts DIR or set "contracts" in ${CONFIG_FILE_NAME}`
        : `pass --contracts DIR or set "contracts" in ${CONFIG_FILE_NAME}`;
      throw new UsageError(`contracts folder ${problem} (${how})`);
    }
  }
  return { contractsDir, config, ...(configPath !== undefined && config.file !== undefined ? { configPath } : {}), configDir, projectRoot };
}

/** The configuration, defaults when there is no file, or undefined (after printing why) when it is invalid. */
function loadConfig(path: string, explicit: boolean, io: CliIo): Config | undefined {
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`configuration file not found: ${show(io, path)}`);
    return DEFAULT_CONFIG;
  }
  let text: string;
  try {
    // Sizes before bytes: refused before it is read (Node cannot read a file over 2 GiB at all).
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) throw new UsageError(`configuration file ${show(io, path)} is too large: ${size} bytes, more than the ${sizeText(MAX_FILE_BYTES)} it may have; it was not read`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read configuration file ${show(io, path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseConfig({ file: show(io, path), text, ruleIds: CONFIGURABLE_IDS });
  if (parsed.diagnostics) {
    printInputProblems(parsed.diagnostics, 'the configuration file', io);
    return undefined;
  }
  return parsed.config;
}

/** Problems with the tool's own inputs go to stderr as text, whatever the report formats: nothing was checked. */
export function printInputProblems(diagnostics: Diagnostic[], what: string, io: CliIo): void {
  const lines = diagnostics.map((d) => `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.rule}`);
  io.stderr(`${lines.join('\n')}\n${TOOL_NAME}: ${what} ${diagnostics[0]?.file ?? ''} is invalid; nothing was checked\n`);
}

/** A path as shown to the user: relative to the current folder, posix style. */
export function show(io: CliIo, path: string): string {
  return relative(io.cwd, path).split('\\').join('/') || '.';
}

/** The baseline at `path`, or undefined (after printing why) when it is invalid; a missing or unreadable one is a usage error. */
export function loadBaseline(path: string, io: CliIo): Baseline | undefined {
  let text: string;
  try {
    refuseIfLarger(path, MAX_BASELINE_BYTES, `baseline file ${show(io, path)}`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`baseline file not found: ${show(io, path)} (create it with --write-baseline ${show(io, path)})`);
    throw new UsageError(`cannot read baseline file ${show(io, path)}: ${code ?? String(error)}`);
  }
  const parsed = parseBaseline(text, show(io, path));
  if (parsed.diagnostics) {
    printInputProblems(parsed.diagnostics, 'the baseline file', io);
    return undefined;
  }
  return parsed.baseline;
}

/** A baseline records every finding of a large set; a quarter of a GiB is far beyond any real one. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

/** Sizes before bytes: a file over `cap` is refused before it is read (and Node cannot read one over 2 GiB at all). */
function refuseIfLarger(path: string, cap: number, what: string): void {
  const size = statSync(path).size;
  if (size > cap) throw new UsageError(`${what} is too large: ${size} bytes, more than the ${sizeText(cap)} it may have; it was not read`);
}

/**
 * The report with every path relative to the enclosing repository root (the folder holding .git)
 * instead of `from`, as SARIF wants (`%SRCROOT%`) wherever the command ran. Names that are not
 * paths (`<stdin>`) stay as they are.
 */
export function rerooted(report: LintReport, from: string): LintReport {
  let root: string | undefined;
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) {
      root = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (root === undefined || root === resolve(from)) return report;
  const move = (file: string) => (file.startsWith('<') ? file : relative(root, resolve(from, file)).split('\\').join('/'));
  return { ...report, diagnostics: report.diagnostics.map((d) => ({ ...d, file: move(d.file) })), ...(report.files ? { files: report.files.map(move) } : {}) };
}
