/**
 * sguild-contracts.config.json: parsed with the project's JSON document (so every problem has a
 * line and column) and checked by hand rather than with a JSON Schema, because the useful
 * messages here are "did you mean" suggestions against the live rule list.
 *
 *   {
 *     "extends": "recommended",                       minimal | recommended | strict
 *     "contracts": "contracts",                       relative to this file
 *     "rules": { "registry/producer-unknown": "warning", "docs": "off" },
 *     "ignore": [{ "rule": "docs", "path": "contracts/legacy/**", "pointer": "/x", "reason": "…" }],
 *     "failOn": "error",                              error | warning | info
 *     "baseline": "contracts-baseline.json",          relative to this file
 *     "compatibility": { "default": "FULL", "event_types": { "intake.captured": "BACKWARD" } }
 *   }
 */
import { lazyRequire } from '../core/lazy-require.js';
import { schemaFileTarget } from '../core/precompiled.js';
import type { ValidateFunction } from 'ajv';
import { compareDiagnostics, type Diagnostic, type Range, type Severity } from '../diagnostics/diagnostic.js';
import { parseJson, type JsonDocument } from '../json/document.js';
import { joinPointer, parsePointer } from '../json/pointer.js';
import { PRESETS, type Preset } from '../diagnostics/presets.js';
import { didYouMean } from '../core/did-you-mean.js';
import { COMPATIBILITY_MODES, isCompatibilityMode, type CompatibilityMode, type CompatibilitySettings } from '../model/compatibility.js';
import { diagnosticId } from '../diagnostics/catalogue.js';
import type { IgnoreEntry } from '../diagnostics/ignore.js';
import type { RuleSetting } from '../diagnostics/select.js';
import { isObject } from '../core/objects.js';

export const CONFIG_FILE_NAME = 'sguild-contracts.config.json';

export type { IgnoreEntry, RuleSetting };
export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Config {
  /** Display path of the configuration file, or undefined when none was found (all defaults). */
  file?: string;
  extends: Preset;
  /** As written, relative to the configuration file's folder. */
  contracts?: string;
  rules: ReadonlyMap<string, RuleSetting>;
  ignore: readonly IgnoreEntry[];
  failOn?: Severity;
  /** As written, relative to the configuration file's folder. */
  baseline?: string;
  /** Compatibility modes that override the registry's (src/model/compatibility.ts). */
  compatibility?: CompatibilitySettings;
  /** Where a JSON pointer of the configuration file is (parsed on first use, like ignore entries' positions). */
  locate?: (pointer: string, at?: 'value' | 'key') => Range;
}

export const DEFAULT_CONFIG: Config = { extends: 'recommended', rules: new Map(), ignore: [] };

export const CONFIG_KEYS_LIST = ['$schema', 'extends', 'contracts', 'rules', 'ignore', 'failOn', 'baseline', 'compatibility'];
const COMPATIBILITY_KEYS = ['default', 'event_types'];
export const IGNORE_KEYS = ['rule', 'path', 'pointer', 'reason'];

export interface ConfigInput {
  /** Display path for diagnostics. */
  file: string;
  text: string;
  /** Every rule id that can be configured; groups are derived from them. */
  ruleIds: readonly string[];
}

export type ConfigResult = { config: Config; diagnostics?: undefined } | { config?: undefined; diagnostics: Diagnostic[] };

/** Parses and validates a configuration file; any problem makes the whole file invalid (exit code 2). */
export function parseConfig(input: ConfigInput): ConfigResult {
  const doc = parseJson(input.text);
  const problems = new Problems(input.file, doc);
  for (const p of doc.problems) problems.at(p, (p.message), p.pointer);
  if (!doc.ok) return { diagnostics: problems.list };

  const value = doc.value;
  if (!isObject(value)) {
    problems.add('', 'the configuration must be a JSON object, e.g. { "extends": "recommended" }');
    return { diagnostics: problems.list };
  }
  const groups = [...new Set(input.ruleIds.map((id) => id.slice(0, id.indexOf('/'))))];
  const ruleNames = new Set([...input.ruleIds, ...groups]);
  const config: { -readonly [K in keyof Config]: Config[K] } = { file: input.file, extends: 'recommended', rules: new Map(), ignore: [], locate: (pointer, at) => doc.locate(pointer, at) };

  for (const key of Object.keys(value)) {
    if (!CONFIG_KEYS_LIST.includes(key)) problems.add(joinPointer('', key), `unknown key "${key}"${didYouMean(key, CONFIG_KEYS_LIST, `; the configuration keys are ${CONFIG_KEYS_LIST.filter((k) => k !== '$schema').join(', ')}`)}`, 'key');
  }
  if ('$schema' in value && typeof value.$schema !== 'string') problems.add('/$schema', '"$schema" must be a string');

  if ('extends' in value) {
    const preset = value.extends;
    if (typeof preset === 'string' && (PRESETS as readonly string[]).includes(preset)) config.extends = preset as Preset;
    else problems.add('/extends', `"extends" must be one of ${PRESETS.join(', ')}${typeof preset === 'string' ? `, not "${preset}"${didYouMean(preset, PRESETS)}` : ''}`);
  }
  if ('contracts' in value) {
    if (isNonEmptyString(value.contracts)) config.contracts = value.contracts;
    else problems.add('/contracts', '"contracts" must be a folder path (a non-empty string), relative to the configuration file');
  }
  if ('baseline' in value) {
    if (isNonEmptyString(value.baseline)) config.baseline = value.baseline;
    else problems.add('/baseline', '"baseline" must be a file path (a non-empty string), relative to the configuration file');
  }
  if ('failOn' in value) {
    const failOn = value.failOn;
    if (typeof failOn === 'string' && (SEVERITIES as readonly string[]).includes(failOn)) config.failOn = failOn as Severity;
    else problems.add('/failOn', `"failOn" must be one of error, warning, info${typeof failOn === 'string' ? `, not "${failOn}"${didYouMean(failOn, SEVERITIES)}` : ''}`);
  }

  if ('compatibility' in value) {
    const compatibility = parseCompatibility(value.compatibility, problems);
    if (compatibility) config.compatibility = compatibility;
  }

  if ('rules' in value) {
    const rules = value.rules;
    if (!isObject(rules)) {
      problems.add('/rules', '"rules" must be an object from rule id (or group) to off, info, warning or error');
    } else {
      const settings = new Map<string, RuleSetting>();
      for (const [id, setting] of Object.entries(rules)) {
        const pointer = joinPointer('/rules', id);
        if (!ruleNames.has(id)) {
          problems.add(pointer, `unknown rule "${id}"${didYouMean(id, ruleNames, '; run `sguild-contracts rules` to list the rules and groups')}`, 'key');
        } else if (typeof setting !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
          const hint = typeof setting === 'string' ? `, not "${setting}"${didYouMean(setting, RULE_SETTINGS)}` : '';
          problems.add(pointer, `the setting for "${id}" must be one of ${RULE_SETTINGS.join(', ')}${hint}`);
        } else {
          settings.set(id, setting as RuleSetting);
        }
      }
      config.rules = settings;
    }
  }

  if ('ignore' in value) {
    const ignore = value.ignore;
    if (!Array.isArray(ignore)) {
      problems.add('/ignore', '"ignore" must be an array of { "rule", "path", "pointer"?, "reason" } entries');
    } else {
      const entries: IgnoreEntry[] = [];
      ignore.forEach((entry: unknown, index) => {
        const base = `/ignore/${index}`;
        if (!isObject(entry)) {
          problems.add(base, 'an ignore entry must be an object: { "rule", "path", "pointer"?, "reason" }');
          return;
        }
        const before = problems.list.length;
        for (const key of Object.keys(entry)) {
          if (!IGNORE_KEYS.includes(key)) problems.add(joinPointer(base, key), `unknown key "${key}" in an ignore entry${didYouMean(key, IGNORE_KEYS, '; the keys are rule, path, pointer, reason')}`, 'key');
        }
        const { rule, path, pointer, reason } = entry;
        if (!('rule' in entry)) problems.add(base, 'an ignore entry needs "rule": a rule id or a group');
        else if (typeof rule !== 'string' || !ruleNames.has(rule)) {
          problems.add(`${base}/rule`, typeof rule === 'string' ? `unknown rule "${rule}"${didYouMean(rule, ruleNames, '; run `sguild-contracts rules` to list the rules and groups')}` : '"rule" must be a rule id or a group (a string)');
        }
        if (!('path' in entry)) problems.add(base, 'an ignore entry needs "path": a glob over report paths, e.g. "contracts/legacy/**"');
        else if (!isNonEmptyString(path)) problems.add(`${base}/path`, '"path" must be a non-empty glob, e.g. "contracts/legacy/**"');
        if ('pointer' in entry && (typeof pointer !== 'string' || parsePointer(pointer) === undefined)) {
          problems.add(`${base}/pointer`, '"pointer" must be a JSON pointer: empty, or starting with "/"');
        }
        if (!('reason' in entry)) problems.add(base, 'an ignore entry needs "reason": say why the finding is acceptable');
        else if (typeof reason !== 'string' || reason.trim() === '') problems.add(`${base}/reason`, '"reason" must say why the finding is acceptable (a non-empty string)');
        if (problems.list.length > before) return;
        entries.push({
          rule: rule as string,
          path: path as string,
          ...(pointer !== undefined ? { pointer: pointer as string } : {}),
          reason: reason as string,
          // Located on first use (config/unused-ignore): positions need momoa's parse of the
          // configuration, which a run answered from the cache should not load.
          get at() {
            return doc.locate(base);
          },
          index,
        });
      });
      config.ignore = entries;
    }
  }

  // The shipped schema (schemas/config.schema.json, the one editors use) has the last word: what
  // the checks above let through and it rejects is an error too, so the two cannot drift apart.
  if (!problems.list.length) {
    for (const error of configSchemaErrors(value)) problems.add(error.pointer, error.message);
  }
  return problems.list.length ? { diagnostics: problems.list.sort(compareDiagnostics) } : { config };
}

/** `{ "default": MODE, "event_types": { "<event type>": MODE } }`, every mode checked with a "did you mean". */
function parseCompatibility(value: unknown, problems: Problems): CompatibilitySettings | undefined {
  const shape = '"compatibility" must be an object: { "default": "FULL", "event_types": { "<event type>": "BACKWARD" } }';
  if (!isObject(value)) {
    problems.add('/compatibility', `${shape}${typeof value === 'string' && isCompatibilityMode(value) ? `; for every event type write { "default": "${value}" }` : ''}`);
    return undefined;
  }
  const settings: { default?: CompatibilityMode; eventTypes?: Map<string, CompatibilityMode> } = {};
  const mode = (pointer: string, raw: unknown): CompatibilityMode | undefined => {
    if (isCompatibilityMode(raw)) return raw;
    const hint = typeof raw === 'string' ? `, not "${raw}"${didYouMean(raw, COMPATIBILITY_MODES)}` : '';
    problems.add(pointer, `a compatibility mode must be one of ${COMPATIBILITY_MODES.join(', ')}${hint}`);
    return undefined;
  };
  for (const key of Object.keys(value)) {
    if (!COMPATIBILITY_KEYS.includes(key)) problems.add(joinPointer('/compatibility', key), `unknown key "${key}" in "compatibility"${didYouMean(key, COMPATIBILITY_KEYS, '; the keys are default and event_types')}`, 'key');
  }
  if ('default' in value) {
    const m = mode('/compatibility/default', value.default);
    if (m) settings.default = m;
  }
  if ('event_types' in value) {
    const types = value.event_types;
    if (!isObject(types)) problems.add('/compatibility/event_types', '"event_types" must be an object from event type name to compatibility mode');
    else {
      settings.eventTypes = new Map();
      for (const [name, raw] of Object.entries(types)) {
        const m = mode(joinPointer('/compatibility/event_types', name), raw);
        if (m) settings.eventTypes.set(name, m);
      }
    }
  }
  return settings;
}

export const CONFIG_SCHEMA_URL = new URL('../../schemas/config.schema.json', import.meta.url);
const CONFIG_OPTIONS = { allErrors: true, strict: false, logger: false as const };
const ajv2020 = lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');

/** The configuration schema's validator, generated at compile time (src/core/precompiled.ts). */
export const CONFIG_TARGET = schemaFileTarget<ValidateFunction>('config', CONFIG_SCHEMA_URL, CONFIG_OPTIONS, (options) => new (ajv2020().Ajv2020)(options));

export function configSchemaErrors(value: unknown): { pointer: string; message: string }[] {
  const configValidator = CONFIG_TARGET.validator();
  if (configValidator(value)) return [];
  return (configValidator.errors ?? []).map((e) => ({ pointer: e.instancePath, message: `${e.instancePath || 'the configuration'} ${e.message ?? 'is invalid'} (schemas/config.schema.json)` }));
}

class Problems {
  readonly list: Diagnostic[] = [];
  constructor(private readonly file: string, private readonly doc: JsonDocument) {}
  add(pointer: string, message: string, at: 'key' | 'value' = 'value'): void {
    this.at(this.doc.locate(pointer, at), message, pointer);
  }
  at(range: Range, message: string, pointer?: string): void {
    const d: Diagnostic = { rule: diagnosticId('config/invalid'), severity: 'error', message, file: this.file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
    if (pointer !== undefined) d.pointer = pointer;
    this.list.push(d);
  }
}


function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
