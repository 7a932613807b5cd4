/**
 * `check` as data: the configuration selects the diagnostics, the rules run over the model (with
 * the build's name-collision check, so a set `check` passes also builds), the `check --base` gate
 * adds its findings, and everything goes through the one pipeline (src/diagnostics/pipeline.ts).
 * `check`, `build` and `validate` all call this, with the same configuration. Prints nothing.
 */
import { SEVERITY_ORDER, type Diagnostic, type Range, type Severity } from './diagnostics/diagnostic.js';
import { diagnosticId, message, type DiagnosticInfo } from './diagnostics/catalogue.js';
import { Collector, fails, settle, START, type SeverityOverrides } from './diagnostics/pipeline.js';
import type { Baseline } from './diagnostics/baseline.js';
import type { IgnoreEntry } from './diagnostics/ignore.js';
import { selectRules, type SelectionSettings } from './diagnostics/select.js';
import { PRESETS } from './diagnostics/presets.js';
import { displayPath } from './core/paths.js';
import { didYouMean } from './core/did-you-mean.js';
import { joinPointer } from './json/pointer.js';
import { digestKey, fileDigests, type ContentCache } from './core/content-cache.js';
import { settingsKey } from './model/compatibility.js';
import { loadContractSet } from './load/loader.js';
import type { FileSource } from './load/source.js';
import type { CompatibilitySettings } from './model/compatibility.js';
import { modelPositioning } from './model/positioning.js';
import type { ContractSet } from './model/types.js';
import type { Rule, RuleContext } from './rules/define.js';
import { useFileDigests, type RuleMemo } from './rules/memo.js';
import { RULES } from './rules/index.js';
import { CATALOGUE, ignorable } from './rules/catalogue.js';
import { runRules } from './rules/run.js';
import { COLLISION_RULE, typePlan } from './build/type-plan.js';

export interface CheckStats {
  contracts: number;
  eventTypes: number;
  versions: number;
  schemas: number;
  examples: number;
  documents: number;
}

export interface CheckResult {
  model: ContractSet;
  diagnostics: Diagnostic[];
  stats: CheckStats;
  rules: readonly Rule[];
}

export interface CheckOptions {
  displayRoot: string;
  /** The rules to run; without them, the default preset (recommended) and the build's checks. */
  rules?: readonly Rule[];
  severities?: SeverityOverrides;
  context?: RuleContext;
  /** Run the build's checks (type-name collisions) too; the default when `rules` is not given. */
  buildChecks?: boolean;
}

export function checkSource(source: FileSource, options: CheckOptions): CheckResult {
  return checkModel(loadContractSet(source), options);
}

/** Rules (and the build's checks) over the model: positioned, deduplicated, configured, sorted; not yet ignored or baselined. */
export function checkModel(model: ContractSet, options: CheckOptions): CheckResult {
  // Without a selection, the default preset (recommended): strict-only rules run when asked for.
  const rules = options.rules ?? RULES.filter((r) => PRESETS.indexOf(r.preset) <= PRESETS.indexOf('recommended'));
  const collector = new Collector(modelPositioning(model, options.displayRoot), options.severities);
  if (options.buildChecks ?? options.rules === undefined) buildChecks(model, collector, options.displayRoot);
  const diagnostics = runRules(model, rules, { displayRoot: options.displayRoot, severities: options.severities, context: options.context }, collector);
  return { model, diagnostics, stats: statsOf(model), rules };
}

const COLLISION = { id: COLLISION_RULE, severity: 'error' } as const;

/** What the build would refuse that no rule sees: two things with one generated TypeScript name. */
function buildChecks(model: ContractSet, collector: Collector, displayRoot: string): void {
  try {
    for (const problem of typePlan(model).problems) if (problem.rule === COLLISION_RULE) collector.add(COLLISION, problem);
  } catch (error) {
    collector.push({
      rule: diagnosticId('internal/rule-failed'),
      severity: 'error',
      ...message('internal/rule-failed', 'failed', { rule: COLLISION.id, error: error instanceof Error ? error.message : String(error) }),
      file: displayPath(displayRoot, ''),
      ...START,
    });
  }
}

export function statsOf(model: ContractSet): CheckStats {
  let versions = 0;
  for (const entry of model.registry?.eventTypes.values() ?? []) versions += entry.versions.size;
  return {
    contracts: model.contracts.size,
    eventTypes: model.registry?.eventTypes.size ?? 0,
    versions,
    schemas: model.schemas.size,
    examples: model.examples.length,
    documents: model.docs.length,
  };
}

/** The configuration as the pipeline reads it (src/config/load.ts `Config` is one). */
export interface DiagnosticConfig extends SelectionSettings {
  /** Display path of the configuration file, where config/unused-ignore points. */
  readonly file?: string;
  readonly ignore: readonly IgnoreEntry[];
  readonly failOn?: Severity;
  readonly compatibility?: CompatibilitySettings;
  /** Where a pointer of the configuration file is, for the diagnostics about its entries. */
  readonly locate?: (pointer: string, at?: 'value' | 'key') => Range;
}

export interface ConfiguredSelection {
  /** Every diagnostic that can appear under this configuration, rules first. */
  selected: DiagnosticInfo[];
  rules: Rule[];
  /** Configured severities; "off" for every configurable id that does not run. */
  severities: Map<string, Severity | 'off'>;
}

/** What runs, at which severity, under `config`: rules, the gate's diagnostics and the tool's own alike. */
export function configuredSelection(config: SelectionSettings): ConfiguredSelection {
  const selection = selectRules(CATALOGUE, config);
  const ids = new Set(selection.rules.map((d) => d.id));
  const severities = new Map<string, Severity | 'off'>(selection.severities);
  for (const d of CATALOGUE) if (d.configurable && !ids.has(d.id)) severities.set(d.id, 'off');
  return { selected: selection.rules, rules: RULES.filter((r) => ids.has(r.id)), severities };
}

export interface LintSettings {
  displayRoot: string;
  config: DiagnosticConfig;
  policy?: 'strict' | 'lenient';
  baseline?: Baseline;
}

export interface LintResult {
  /** What to report: ignored and baselined findings removed, stale ignore entries added, sorted. */
  diagnostics: Diagnostic[];
  ignored: number;
  baselined: number;
  stats: CheckStats;
  /** Whether the run fails under the configuration's `failOn` (default: error). */
  failed: boolean;
  /** Metadata of every diagnostic that ran or appears, for formats that describe them (SARIF). */
  rules: DiagnosticInfo[];
}

/** The rule context the configuration and flags give (compat/version-incompatible reads it). */
export function ruleContext(config: Pick<DiagnosticConfig, 'compatibility'>, policy?: 'strict' | 'lenient'): RuleContext {
  return { ...(config.compatibility ? { compatibility: config.compatibility } : {}), ...(policy ? { policy } : {}) };
}

/** The first stage under a configuration: the configured rules and the build's checks. Cacheable: depends only on the files and the settings. */
export function checkConfigured(model: ContractSet, settings: Pick<LintSettings, 'displayRoot' | 'config' | 'policy'>, memo?: RuleMemo): CheckResult {
  const selection = configuredSelection(settings.config);
  const context = { ...ruleContext(settings.config, settings.policy), ...(memo ? { memo } : {}) };
  return checkModel(model, { displayRoot: settings.displayRoot, rules: selection.rules, severities: selection.severities, context, buildChecks: true });
}

export interface CheckRun {
  diagnostics: Diagnostic[];
  stats: CheckStats;
  /** Every file of the set, contracts-relative. */
  paths: readonly string[];
  /** The registry's event types, or null when there is no readable registry. */
  registered: readonly string[] | null;
  /** The loaded model, when the set was checked now rather than answered from the cache. */
  model?: ContractSet;
}

/**
 * The first stage over a folder, answered from the content-hash cache when the files, the
 * settings and the tool are unchanged (src/core/content-cache.ts): the same findings either way.
 */
export function checkSourceCached(source: FileSource, settings: Pick<LintSettings, 'displayRoot' | 'config' | 'policy'>, cache: ContentCache | undefined, memo?: RuleMemo): CheckRun {
  const selection = configuredSelection(settings.config);
  const key = cache ? digestKey('check', { displayRoot: settings.displayRoot, rules: selection.rules.map((r) => r.id), severities: [...selection.severities], compatibility: settingsKey(settings.config.compatibility), policy: settings.policy ?? '' }, source) : undefined;
  const cached = key ? cache!.get(key, isCachedCheck) : undefined;
  if (cached) return cached;
  const model = loadContractSet(source);
  // The memo's file hashes are the digests the key was made of (hashed once, from the bytes).
  const digests = memo ? fileDigests(source) : undefined;
  if (memo && digests) useFileDigests(model, digests);
  const checked = checkConfigured(model, settings, memo);
  const run = { diagnostics: checked.diagnostics, stats: checked.stats, paths: model.paths, registered: registeredTypes(model) };
  if (key) cache!.set(key, run);
  return { ...run, model };
}

const STAT_KEYS = ['contracts', 'eventTypes', 'versions', 'schemas', 'examples', 'documents'] as const;

/** The schema of a cached check result: anything else in an entry is a miss (src/core/content-cache.ts). */
function isCachedCheck(value: unknown): value is CheckRun {
  if (!isRecord(value) || !Array.isArray(value.paths) || !Array.isArray(value.diagnostics) || !isRecord(value.stats)) return false;
  const stats = value.stats;
  if (Object.keys(stats).length !== STAT_KEYS.length || !STAT_KEYS.every((k) => isCount(stats[k]))) return false;
  const registered = value.registered;
  if (registered !== null && !(Array.isArray(registered) && registered.every((t) => typeof t === 'string'))) return false;
  return value.paths.every((p) => typeof p === 'string') && value.diagnostics.every(isCachedDiagnostic);
}

const CACHED_KEYS = new Set(['rule', 'severity', 'message', 'file', 'pointer', 'line', 'column', 'endLine', 'endColumn', 'messageId', 'args']);

function isCachedDiagnostic(value: unknown): value is Diagnostic {
  if (!isRecord(value)) return false;
  const { rule, severity, message, file, pointer, line, column, endLine, endColumn, messageId, args } = value;
  if (!Object.keys(value).every((k) => CACHED_KEYS.has(k))) return false;
  if (typeof rule !== 'string' || typeof message !== 'string' || typeof file !== 'string') return false;
  if (typeof severity !== 'string' || !Object.hasOwn(SEVERITY_ORDER, severity)) return false;
  if (pointer !== undefined && typeof pointer !== 'string') return false;
  if ((messageId === undefined) !== (args === undefined)) return false;
  if (messageId !== undefined && (typeof messageId !== 'string' || !isRecord(args) || !Object.values(args).every((a) => typeof a === 'string' || typeof a === 'number'))) return false;
  return [line, column, endLine, endColumn].every((n) => isCount(n) && (n as number) >= 1);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

/** The event types of the model's registry (null without a readable registry), which the configuration's names are checked against. */
export function registeredTypes(model: ContractSet): string[] | null {
  return model.registry ? [...model.registry.eventTypes.keys()] : null;
}

/**
 * config/unknown-event-type: a name under the configuration's `compatibility.event_types` that
 * the registry does not have. Its mode would apply to nothing, and the type it was meant for
 * would be judged by the default mode. Not checked without a readable registry (whose own
 * diagnostics come first).
 */
export function unknownCompatibilityTypes(config: Pick<DiagnosticConfig, 'file' | 'compatibility' | 'locate'>, registered: readonly string[] | null): Diagnostic[] {
  const named = config.compatibility?.eventTypes;
  if (!named || registered === null) return [];
  const known = new Set(registered);
  const found: Diagnostic[] = [];
  for (const [name, mode] of named) {
    if (known.has(name)) continue;
    const pointer = joinPointer('/compatibility/event_types', name);
    const hint = didYouMean(name, registered, '; correct the name or remove the entry');
    found.push({
      rule: diagnosticId('config/unknown-event-type'),
      severity: 'error',
      ...message('config/unknown-event-type', 'unknown', { name, hint, mode }),
      file: config.file ?? '.',
      pointer,
      ...(config.locate?.(pointer, 'key') ?? START),
    });
  }
  return found;
}

/**
 * Everything after the first stage: the configuration's own findings, ignores, baseline, sort,
 * and the verdict. `sources` are the first stage's lists (rules, gate, …); `registered` the
 * registry's event types (CheckRun.registered).
 */
export function finishLint(stats: CheckStats, sources: readonly (readonly Diagnostic[])[], settings: Pick<LintSettings, 'config' | 'baseline'> & { registered: readonly string[] | null }, extraRules: readonly DiagnosticInfo[] = []): LintResult {
  const configFindings = unknownCompatibilityTypes(settings.config, settings.registered);
  const settled = settle([...sources, configFindings], { file: settings.config.file, ignore: settings.config.ignore, ignorable, baseline: settings.baseline });
  const selection = configuredSelection(settings.config);
  return {
    ...settled,
    stats,
    failed: fails(settled.diagnostics, settings.config.failOn ?? 'error'),
    rules: reportedRules([...selection.selected.filter((d) => d.origin !== 'gate' || extraRules.includes(d)), ...extraRules], settings.config, settled.diagnostics),
  };
}

/** The whole pipeline over one model, as `build` and `validate` run it (`check` adds its cache and `--base`). */
export function lintModel(model: ContractSet, settings: LintSettings, memo?: RuleMemo): LintResult {
  const checked = checkConfigured(model, settings, memo);
  return finishLint(checked.stats, [checked.diagnostics], { ...settings, registered: registeredTypes(model) });
}

/**
 * Rule metadata for a report: the rules that ran (and the gate's, when it ran), plus every other
 * diagnostic that appears (and config/unused-ignore whenever there are ignores), each once.
 */
export function reportedRules(ran: readonly DiagnosticInfo[], config: Pick<DiagnosticConfig, 'ignore'>, findings: readonly Diagnostic[]): DiagnosticInfo[] {
  const present = new Set(findings.map((d) => d.rule));
  const out = new Map<string, DiagnosticInfo>();
  for (const d of ran) if (d.origin === 'rule' || d.origin === 'gate' || present.has(d.id)) out.set(d.id, d);
  for (const d of CATALOGUE) {
    if (out.has(d.id)) continue;
    if (present.has(d.id) || (d.id === 'config/unused-ignore' && config.ignore.length)) out.set(d.id, d);
  }
  return [...out.values()];
}

/** A `--base` that cannot be used: the message says why (the CLI turns it into a usage error, exit 2). */
export class BaseError extends Error {}

export interface GateSettings {
  base: string;
  cwd: string;
  contractsDir: string;
  displayRoot: string;
  config: DiagnosticConfig;
  policy?: 'strict' | 'lenient';
}

/**
 * The `check --base` gate: the contract set at `base` against the one being checked, configured
 * like the rules (severities, off), plus compat/incomplete for every file of the checked set the
 * gate could not compare, which no configuration turns off. Throws BaseError when the base
 * cannot be opened or loaded in full (fail closed).
 */
export async function gateFindings(model: ContractSet, settings: GateSettings): Promise<Diagnostic[]> {
  const [{ realpathSync }, { relative }, { openSource, SourceError }, { GitError, repositoryRoot }, { compatibilityDiagnostics, incompleteDiagnostics }, { missingParts, describeMissing }] = await Promise.all([
    import('node:fs'),
    import('node:path'),
    import('./load/open-source.js'),
    import('./load/git.js'),
    import('./diff/gate.js'),
    import('./load/completeness.js'),
  ]);
  const { base } = settings;
  let opened;
  try {
    // For git:REF the contracts folder is found at the same place inside the repository.
    const contractsPath = base.startsWith('git:') ? relative(repositoryRoot(settings.contractsDir), realpathSync(settings.contractsDir)).split('\\').join('/') || '.' : 'contracts';
    opened = await openSource(base, { cwd: settings.cwd, contractsPath });
  } catch (error) {
    if (error instanceof SourceError || error instanceof GitError) throw new BaseError(`--base ${base}: ${error.message}`);
    throw error;
  }
  if (opened.kind !== 'contracts') throw new BaseError(`--base ${base}: expected a contracts folder, a package, a tarball or git:REF, not a single schema file`);
  // Fail closed: a base that cannot be read in full would make everything look added (and pass).
  const baseModel = loadContractSet(opened.source);
  const missing = missingParts(baseModel);
  if (missing.length) throw new BaseError(`--base ${base}: ${describeMissing('the base', missing)}`);
  const { severities } = configuredSelection(settings.config);
  const found = compatibilityDiagnostics(baseModel, model, { displayRoot: settings.displayRoot, policy: settings.policy ?? 'lenient', severities, ...(settings.config.compatibility ? { compatibility: settings.config.compatibility } : {}) });
  return [...found, ...incompleteDiagnostics(missingParts(model), model, settings.displayRoot, base)];
}

/** Metadata of the gate's diagnostics that run under `config`, for the report of a `check --base`. */
export function gateRules(config: SelectionSettings): DiagnosticInfo[] {
  return configuredSelection(config).selected.filter((d) => d.origin === 'gate' && d.configurable);
}
