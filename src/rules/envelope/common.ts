/**
 * What the envelope/* rules share: when the envelope, the ID schema and the registry can be
 * trusted, keyword lookup that follows `$ref` (with the one resolver, src/schema/refs.ts), and
 * verdicts on generated sample IDs from the same ajv validators `check` and `validate` use, so
 * a pattern is judged exactly as it will behave on real events.
 */
import { getAtPointer, joinPointer } from '../../json/pointer.js';
import type { ContractSet, Registry, SchemaFile } from '../../model/types.js';
import { dialectOf, prepareForAjv, schemaCompiler } from '../../schema/compile.js';
import { resolveRef } from '../../schema/refs.js';
import { schemaScreen } from '../../schema/screen.js';
import { isSchemaObject, type SchemaNode } from '../../schema/walk.js';

/** Fixed, valid UUIDs: output must not change from run to run. */
export const UUID_V7 = '01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f';
export const UUID_V4 = '01937b2e-4c1a-4d3e-9f10-2a3b4c5d6e7f';
/** The canonical lower-case UUID v7 as a regular expression, for suggested patterns. */
export const UUID_V7_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

export const REQUIRED_FIELDS = ['event_id', 'event_type', 'schema_version', 'occurred_at', 'producer', 'envelope_version', 'payload'] as const;
export const OPTIONAL_FIELDS = ['subject', 'actor', 'correlation_id'] as const;

import { own } from '../../core/objects.js';

export { own };

/** A schema file whose document parsed to an object; anything else is json/syntax's to report. */
export function usableSchema(file: SchemaFile | undefined): { file: SchemaFile; root: SchemaNode } | undefined {
  if (!file || !file.doc.ok || !isSchemaObject(file.doc.value)) return undefined;
  return { file, root: file.doc.value };
}

/** The registry when it parsed to an object (registry/missing, json/syntax and registry/shape report the rest). */
export function usableRegistry(model: ContractSet): Registry | undefined {
  const registry = model.registry;
  if (!registry || !registry.file.doc.ok || !isSchemaObject(registry.file.doc.value)) return undefined;
  return registry;
}

/** The envelope's `properties/<name>` subschema, when there is one (required-fields reports a missing one). */
export function envelopeProperty(root: SchemaNode, name: string): SchemaNode | undefined {
  const properties = own(root, 'properties');
  if (!isSchemaObject(properties)) return undefined;
  const property = own(properties, name);
  return isSchemaObject(property) ? property : undefined;
}

export type Lookup =
  | { kind: 'found'; file: string; pointer: string; value: unknown }
  /** Neither the node nor what its `$ref` chain reaches has the keyword; `pointer` is the node. */
  | { kind: 'absent'; file: string; pointer: string }
  /** A `$ref` on the way does not resolve: the schema/ref rules report it, so callers stay quiet. */
  | { kind: 'unresolved' };

/** A keyword of the subschema at `pointer`, or of the schema its `$ref` leads to (a few hops at most). */
export function lookupKeyword(model: ContractSet, file: string, pointer: string, keyword: string): Lookup {
  const start = { file, pointer };
  let at = start;
  for (let hop = 0; hop < 8; hop++) {
    const node = getAtPointer(model.json.get(at.file)?.doc.value, at.pointer).value;
    if (!isSchemaObject(node)) return { kind: 'absent', ...start };
    if (Object.hasOwn(node, keyword)) return { kind: 'found', file: at.file, pointer: joinPointer(at.pointer, keyword), value: node[keyword] };
    const ref = own(node, '$ref');
    if (typeof ref !== 'string') return { kind: 'absent', ...start };
    const target = resolveRef(model, at.file, ref);
    if (target.kind !== 'local') return { kind: 'unresolved' };
    at = { file: target.file, pointer: target.pointer };
  }
  return { kind: 'unresolved' };
}

export interface SampleVerdicts {
  /** Samples that should be accepted but are not. */
  wronglyRejected: string[];
  /** Samples that should be rejected but are not. */
  wronglyAccepted: string[];
}

/**
 * Runs the validator of one subschema over samples. Undefined when that subschema does not
 * compile (a bad pattern or reference in it is reported by the schema rules, not again here).
 */
export function judgeSamples(model: ContractSet, file: string, pointer: string, accept: readonly string[], reject: readonly string[]): SampleVerdicts | undefined {
  // The shared compiler is fastest (one compilation of the file serves every pointer); it fails
  // for the whole file when any part of it does, and then the subschema is compiled on its own.
  // Samples are judged once each: the interpreting screen answers without compiling when it can
  // (src/schema/screen.ts; it agrees with ajv by construction and by test), ajv otherwise.
  const screen = schemaScreen(model);
  if (screen.verdict(file, '', pointer) !== undefined) {
    const verdict = (sample: string) => screen.verdict(file, sample, pointer) === true;
    return { wronglyRejected: accept.filter((s) => !verdict(s)), wronglyAccepted: reject.filter((s) => verdict(s)) };
  }
  const shared = schemaCompiler(model).compile(file, pointer);
  const validate = shared.ok ? shared.validate : compileSubschema(model, file, pointer);
  if (!validate) return undefined;
  const verdict = (sample: string): boolean => {
    try {
      return validate(sample);
    } catch {
      return false;
    }
  };
  return { wronglyRejected: accept.filter((s) => !verdict(s)), wronglyAccepted: reject.filter((s) => verdict(s)) };
}

const detached = new WeakMap<ContractSet, Map<string, ((data: unknown) => boolean) | undefined>>();

/**
 * The subschema compiled on its own, in the set's shared ajv instance and with `$ref`s rewritten
 * by the same code as everywhere else (prepareForAjv). Asking ajv for `file#pointer` would compile
 * the whole file first, so an unresolved reference in a sibling property (reported elsewhere)
 * would hide this subschema's own problems.
 */
function compileSubschema(model: ContractSet, file: string, pointer: string): ((data: unknown) => boolean) | undefined {
  let cache = detached.get(model);
  if (!cache) detached.set(model, (cache = new Map()));
  const key = `${file}#${pointer}`;
  if (cache.has(key)) return cache.get(key);
  let result: ((data: unknown) => boolean) | undefined;
  const root = model.json.get(file)?.doc.value;
  const node = getAtPointer(root, pointer).value;
  if (isSchemaObject(node)) {
    try {
      const prepared = prepareForAjv(model, file, node) as Record<string, unknown>;
      // References are absolute after preparation; an $id would clash with the file's registered one.
      delete prepared.$id;
      delete prepared.$schema;
      const compiler = schemaCompiler(model);
      compiler.register(file);
      result = compiler.ajv(dialectOf(root)).compile(prepared);
    } catch {
      result = undefined;
    }
  }
  cache.set(key, result);
  return result;
}

/** A prefix of the `abc_` form that no registered id kind uses, for "unknown prefix" samples. */
export function unusedPrefix(used: ReadonlySet<string>): string {
  for (const candidate of ['zzz_', 'zzy_', 'zzx_', 'zyz_', 'yzz_']) if (!used.has(candidate)) return candidate;
  let n = 0;
  while (used.has(`zz${n}_`)) n++;
  return `zz${n}_`;
}

/**
 * Unregistered prefixes one character away from `prefix` (`les_` → `mes_`, `lft_`, `let_`): a
 * pattern written as `le[a-z]_` or `[a-z]es_` accepts them, while a far-off sample would pass.
 */
export function nearMissPrefixes(prefix: string, registered: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charAt(i);
    const swap = c === 'z' ? 'y' : c === '9' ? '8' : /[a-y0-8]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1) : undefined;
    if (swap === undefined) continue;
    const candidate = prefix.slice(0, i) + swap + prefix.slice(i + 1);
    if (!registered.has(candidate)) out.add(candidate);
  }
  return [...out];
}

/** Every prefix declared in the registry's id_kinds. */
export function registeredPrefixes(registry: Registry | undefined): Set<string> {
  const prefixes = new Set<string>();
  for (const kind of registry?.idKinds.values() ?? []) if (kind.prefix !== undefined) prefixes.add(kind.prefix);
  return prefixes;
}

/** `^les_<uuid v7>$` for a prefix, regex-escaped, as messages suggest it. */
export function idPattern(prefix: string): string {
  return `^${escapeRegExp(prefix)}${UUID_V7_PATTERN}$`;
}

/** Escapes what a Unicode-mode pattern treats as syntax (`-` is not escaped: `\\-` is invalid there). */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`);
}

/** `"a", "b", "c" and 2 more`: quoted samples, a bounded number of them. */
export function listQuoted(values: readonly string[], max = 4): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v));
  const rest = values.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The place to point at for a string-shaped subschema: its `pattern`, else its `anyOf`/`oneOf`, else the node. */
export function patternPointer(node: SchemaNode, pointer: string): string {
  for (const keyword of ['pattern', 'anyOf', 'oneOf']) if (Object.hasOwn(node, keyword)) return joinPointer(pointer, keyword);
  return pointer;
}
