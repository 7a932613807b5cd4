/**
 * The `dist/validators.js` generator: standalone validation code for every event, with no
 * runtime dependencies and no schema compilation at import time.
 *
 * - Schemas: ajv's standalone mode (`code: { source: true, esm: true }`) over the same prepared
 *   schemas src/schema/compile.ts registers (every `$ref` rewritten to the canonical URI that
 *   src/schema/refs.ts resolved), one block per JSON Schema dialect. Each group's code is a module
 *   of its own under `validators/` (src/build/group-files.ts) that validators.js imports, so an
 *   edit rewrites one group's files instead of tens of MB.
 * - ajv's runtime helpers that standalone code `require`s (ajv-formats' formats, ucs2length,
 *   fast-deep-equal) are vendored: their CommonJS source is copied in behind a tiny module map.
 * - The checks, the validator guard and the safe regex engine: the modules `validate` uses,
 *   bundled at compile time (src/build/runtime-bundle.ts), over the registry table
 *   (src/events/table.ts), so `validate` and the generated module run the same code and give
 *   the same verdicts.
 */
import standaloneModule from 'ajv/dist/standalone/index.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FAILURE_KINDS } from '../events/checker.js';
import { envelopeSchemaOf, payloadSchemaOf } from '../events/for-model.js';
import { eventTableOf } from '../events/table.js';
import type { ContractSet } from '../model/types.js';
import { partKey, type ContentCache } from '../core/content-cache.js';
import { SAFE_REGEXP_NAME } from '../core/safe-regexp.js';
import { canonicalUri, dialectOf, standaloneCompiler, type Dialect } from '../schema/compile.js';
import { resolveRef } from '../schema/refs.js';
import { walkSchema } from '../schema/walk.js';
import { RUNTIME_GLOBAL, runtimeBundle } from './runtime-bundle.js';
import { byCodeUnit } from './type-plan.js';
import { CREATE_EVENT_TYPE_IMPORTS, createEventDeclarations } from './create-event-types.js';
import { factoryName, fromMeta, isGroupMeta, isGroupText, metaOf, renderGroup, type GroupResult } from './group-files.js';
import { GENERATED_NOTICE, type GeneratedFile, type GenerateOptions, type Generator } from './generator-types.js';

// ajv's standalone entry is CommonJS; its default export arrives wrapped under ESM.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

export const VALIDATORS_RULE = 'build/validators';

export const validatorsGenerator: Generator = {
  name: 'validators',
  start: startValidators,
  generate(model, options) {
    return generateValidators(model, options);
  },
};

interface PayloadEntry {
  type: string;
  version: number;
  /** Where its validator is in the generated code (the group's variable and export name), or why there is none. */
  validator: { ref: string } | { reason: string };
}

/**
 * Payload schemas are generated in groups (by a hash of their path), each from a fresh
 * compiler, so a group's code depends only on its own schemas and what they reference: an edit
 * regenerates one group (the others come from the cache), and the output is the same whichever
 * groups were cached. The envelope is a group of its own. A group holds about GROUP_SIZE
 * schemas (a fresh compiler costs a few milliseconds), and there are at most MAX_GROUPS.
 */
export const GROUP_SIZE = 64;
export const MAX_GROUPS = 32;

export function groupCount(schemas: number): number {
  return Math.min(MAX_GROUPS, Math.max(1, Math.ceil(schemas / GROUP_SIZE)));
}

/** One group's generated code: a block per dialect, the schemas that do not compile, the runtime helpers it requires. */
export interface GroupOutput {
  blocks: { dialect: Dialect; body: string; names: string[] }[];
  /** path → ajv's reason, for members that do not compile. */
  failed: Record<string, string>;
  aliased: boolean;
  specs: string[];
}

export function groupOf(path: string, groups: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return (h >>> 0) % groups;
}

/** The members' verdicts (each compiled once) and the standalone code of those that compile. Throws when ajv's code generation fails. */
export function generateGroup(model: ContractSet, members: readonly string[], exportName: (index: number) => string): GroupOutput {
  const compiler = standaloneCompiler(model);
  const exports = new Map<Dialect, Record<string, string>>();
  const failed: Record<string, string> = {};
  members.forEach((path, index) => {
    const compiled = compiler.compile(path);
    if (!compiled.ok) return void (failed[path] = compiled.error);
    const dialect = dialectOf(model.schemas.get(path)!.doc.value);
    if (!exports.has(dialect)) exports.set(dialect, {});
    exports.get(dialect)![exportName(index)] = canonicalUri(path);
  });
  const blocks: GroupOutput['blocks'] = [];
  const specs = new Set<string>();
  for (const dialect of [...exports.keys()].sort()) {
    const names = exports.get(dialect)!;
    const code = standaloneCode(compiler.ajv(dialect), names);
    for (const [, spec] of code.matchAll(/require\("([^"]+)"\)/g)) if (spec !== undefined) specs.add(spec);
    blocks.push({ dialect, body: code.replace(/^"use strict";/, '').replace(/export const ([A-Za-z0-9_$]+) = /g, 'const $1 = '), names: Object.keys(names) });
  }
  return { blocks, failed, aliased: compiler.aliased, specs: [...specs].sort() };
}

/**
 * What a group's code depends on: its members, and the text of every schema file they reach
 * through `$ref` with where each reference resolved to (a changed `$id` elsewhere can move a
 * target). A changed key is a changed group.
 */
function groupKey(model: ContractSet, name: string, members: readonly string[]): string {
  const parts = [name, ...members, '\u0000'];
  const seen = new Set<string>();
  const queue = [...members];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const schema = model.schemas.get(file);
    parts.push(file, schema?.doc.ok ? JSON.stringify(schema.doc.value) : '\u0000unloadable', schema?.role ?? '');
    if (!schema?.doc.ok) continue;
    walkSchema(schema.doc.value, (node) => {
      if (typeof node.$ref !== 'string') return;
      const target = resolveRef(model, file, node.$ref);
      parts.push(node.$ref, target.kind === 'local' ? `${target.file}#${target.pointer}` : target.kind);
      if (target.kind === 'local') queue.push(target.file);
    });
  }
  return partKey('validators-group', parts);
}

/** A group to generate: its members (the envelope group exports `envelope`, the others `v<index>`). */
export interface GroupJob {
  members: readonly string[];
  envelope?: boolean;
  /** Its files' path without extension (`validators/group-3`), and how their comment names it. */
  file: string;
  title: string;
}

/** Generates a job's code and files (on a worker thread or this one: the same text). */
export function generateJob(model: ContractSet, job: GroupJob): GroupResult {
  return renderGroup(generateGroup(model, job.members, job.envelope ? () => 'envelope' : (i) => `v${i}`), job);
}

/**
 * Worker threads are worth starting (each loads the schemas again) for two groups or more, or
 * for one group of a set of at least this many groups: after a one-schema edit its group is
 * generated beside the check instead of before it.
 */
const MIN_GROUPS_FOR_ONE_WORKER = 8;
const MAX_WORKERS = 4;

/** How many worker threads generate code: SGUILD_CONTRACTS_WORKERS when set (0 or 1: none), else one per processor. */
function workerCount(): number {
  const set = process.env.SGUILD_CONTRACTS_WORKERS;
  if (set !== undefined && /^[0-9]+$/.test(set)) return Math.min(MAX_WORKERS, Number(set));
  return Math.min(MAX_WORKERS, availableParallelism());
}

/** Generation under way: the groups' outputs when they are all there, and a way to stop the workers. */
interface Pending {
  outputs: Promise<GroupResult[]>;
  cancel(): void;
}

/**
 * The groups' outputs, in order: from the cache, else generated, on worker threads when several
 * are left and there is more than one processor (the code is the same wherever it is generated).
 * Rejects like generateGroup throws.
 */
function cachedGroups(model: ContractSet, jobs: readonly (GroupJob & { name: string })[], cache: ContentCache | undefined): Pending {
  // A group is cached as two entries: its description (small, read on every build) under
  // `metaKey`, and its ES module's text under its key, read only when a file must be written.
  const keys = jobs.map((job) => (cache ? groupKey(model, job.name, job.members) : undefined));
  const metaKey = (key: string) => partKey('validators-group-meta', [key]);
  const outputs: (GroupResult | undefined)[] = keys.map((key, index) => {
    const meta = key ? cache!.get(metaKey(key), isGroupMeta) : undefined;
    if (!meta) return undefined;
    const job = jobs[index]!;
    // A damaged text entry is a miss: the text is generated again (the same text).
    return fromMeta(meta, job.file, () => cache!.get(key!, isGroupText)?.esm ?? generateJob(model, job).files[0]!.content);
  });
  const missing = outputs.flatMap((output, i) => (output ? [] : [i]));
  const store = (index: number, output: GroupResult) => {
    outputs[index] = output;
    const key = keys[index];
    if (!key) return;
    cache!.set(key, { esm: output.files[0]!.content });
    cache!.set(metaKey(key), metaOf(output));
  };
  if (workerCount() > 1 && (missing.length >= 2 || (missing.length === 1 && jobs.length >= MIN_GROUPS_FOR_ONE_WORKER))) {
    const pool = onWorkers(model, missing.map((i) => jobs[i]!), Math.min(workerCount(), missing.length), (at, output) => store(missing[at]!, output));
    return { outputs: pool.done.then(() => outputs as GroupResult[]), cancel: pool.cancel };
  }
  try {
    for (const index of missing) store(index, generateJob(model, jobs[index]!));
    return { outputs: Promise.resolve(outputs as GroupResult[]), cancel: () => {} };
  } catch (error) {
    return { outputs: Promise.reject(error instanceof Error ? error : new Error(String(error))), cancel: () => {} };
  }
}

/**
 * Runs the jobs on `count` worker threads (group-worker.ts, group-worker.js once compiled), each
 * taking the next job when it finishes one, so a thread slowed by other work takes fewer.
 * `onOutput` hears each job's output (by its index in `jobs`) as it arrives.
 */
function onWorkers(model: ContractSet, jobs: readonly GroupJob[], count: number, onOutput: (index: number, output: GroupResult) => void): { done: Promise<void>; cancel(): void } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './group-worker.ts' : './group-worker.js', import.meta.url);
  // Every schema file, so references resolve in the worker exactly as here.
  const workerData = { label: model.label, files: [...model.schemas.values()].map((schema) => [schema.path, schema.doc.text]) };
  // An old generation capped below 2 GB makes V8 grow a worker's heap by at most ~1.6× its live
  // size between full collections instead of 4×: each group leaves tens of MB of garbage, and with
  // 4× growth the two workers' heaps alone took ~100 MB more at the build's peak (cold M: 518 →
  // ~411 MB RSS, same CPU). 1 GB is still far above what one group needs (~40–110 MB).
  const resourceLimits = { maxOldGenerationSizeMb: 1024 };
  const threads: Worker[] = [];
  const retired = new Set<Worker>(); // terminated on purpose (its exit is not a failure)
  const retire = (worker: Worker) => {
    retired.add(worker);
    void worker.terminate();
  };
  const cancel = () => threads.forEach(retire);
  const done = new Promise<void>((resolve, reject) => {
    let next = 0;
    let left = jobs.length;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      cancel();
      reject(error);
    };
    const feed = (worker: Worker) => {
      if (next < jobs.length) {
        const index = next++;
        worker.postMessage({ index, job: jobs[index] });
      } else retire(worker);
    };
    for (let t = 0; t < count; t++) {
      // Running from src/ (the tests, under tsx): the worker registers tsx's loader before importing the module.
      const worker = fromSource
        ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData, resourceLimits })
        : new Worker(url, { workerData, resourceLimits });
      threads.push(worker);
      worker.on('message', (message: { index?: number; output?: GroupResult; error?: string }) => {
        if (message.output === undefined || message.index === undefined) return fail(new Error(message.error));
        onOutput(message.index, message.output);
        if (--left === 0) resolve();
        feed(worker);
      });
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (!retired.has(worker)) fail(new Error(`a code generation worker stopped (exit code ${code})`));
      });
      feed(worker);
    }
  });
  return { done, cancel };
}

/** Which schema each (type, version) uses, decided exactly as `validate` decides it, and the payload schemas in their groups. */
interface Plan {
  table: ReturnType<typeof eventTableOf>;
  envelope: ReturnType<typeof envelopeSchemaOf>;
  payloads: (PayloadEntry & { path?: string })[];
  /** Each group's members, sorted. */
  groups: string[][];
}

function planOf(model: ContractSet): Plan {
  const payloads: Plan['payloads'] = [];
  const paths = new Set<string>();
  const table = eventTableOf(model);
  for (const row of table.types) {
    for (const version of row.versions) {
      const schema = payloadSchemaOf(model, row.name, version);
      if ('path' in schema) {
        payloads.push({ type: row.name, version, validator: { reason: '' }, path: schema.path });
        paths.add(schema.path);
      } else payloads.push({ type: row.name, version, validator: { reason: schema.reason } });
    }
  }
  const count = groupCount(paths.size);
  const groups: string[][] = Array.from({ length: count }, () => []);
  for (const path of paths) groups[groupOf(path, count)]!.push(path); // groupOf is below count
  return { table, envelope: envelopeSchemaOf(model), payloads, groups: groups.map((members) => members.sort(byCodeUnit)) };
}

function payloadGroups(model: ContractSet, plan: Plan, cache: ContentCache | undefined): Pending {
  return cachedGroups(model, plan.groups.map((members, g) => ({ name: `group ${g} of ${plan.groups.length}`, members, file: `validators/group-${g}`, title: `group ${g} of the payload schemas` })), cache);
}

/** Payload groups whose generation startValidators began, by model (and the cache it was given). */
const started = new WeakMap<ContractSet, { plan: Plan; cache: ContentCache | undefined; pending: Pending }>();

/**
 * Starts generating the payload groups' code (on worker threads) before the build's check runs,
 * so the check and the other generators run meanwhile on this thread; generateValidators then
 * takes what was started. Returns how to stop it when the build stops early.
 */
export function startValidators(model: ContractSet, cache: ContentCache | undefined): () => void {
  let plan: Plan;
  let pending: Pending;
  try {
    plan = planOf(model);
    pending = payloadGroups(model, plan, cache);
  } catch {
    return () => {}; // a set the check will refuse; generateValidators (if it runs) starts over
  }
  pending.outputs.catch(() => {}); // a failure is reported when generateValidators awaits it; a cancelled run is not
  started.set(model, { plan, cache, pending });
  return () => {
    started.delete(model);
    pending.cancel();
  };
}

export async function generateValidators(model: ContractSet, options: Pick<GenerateOptions, 'files' | 'report' | 'cache'>): Promise<GeneratedFile[]> {
  const early = started.get(model);
  started.delete(model);
  const { plan, pending } = early && early.cache === options.cache ? early : { plan: planOf(model), pending: undefined };
  const { table, envelope, payloads } = plan;
  const cannot = (file: string, why: string) =>
    options.report({ rule: VALIDATORS_RULE, file, message: `dist/validators.js cannot be generated: ${why}; fix the envelope schema (see \`sguild-contracts check\`)` });
  if (!('path' in envelope)) {
    pending?.cancel();
    cannot('event-envelope', envelope.reason);
    return [];
  }

  let outputs: GroupResult[];
  const sorted = plan.groups;
  try {
    const envelopeOutput = (await cachedGroups(model, [{ name: 'envelope', members: [envelope.path], envelope: true, file: 'validators/envelope', title: 'the envelope schema' }], options.cache).outputs)[0]!; // one job, one output
    const problem = envelopeOutput.failed[envelope.path];
    if (problem !== undefined) {
      pending?.cancel();
      cannot(envelope.path, `${envelope.path} does not compile (${problem})`);
      return [];
    }
    outputs = [envelopeOutput, ...(await (pending ?? payloadGroups(model, plan, options.cache)).outputs)];
  } catch (error) {
    pending?.cancel();
    options.report({ rule: VALIDATORS_RULE, file: envelope.path, message: `dist/validators.js cannot be generated: ajv's standalone code generation failed (${error instanceof Error ? error.message : String(error)})` });
    return [];
  }

  const blocks: string[] = [];
  const specs = new Set<string>();
  const refOf = new Map<string, string>(); // payload path → `group.export`
  const aliased = outputs.some((o) => o.aliased);
  const safePatterns = outputs.some((o) => o.safe);
  outputs.forEach((output, index) => {
    // outputs[0] is the envelope's, outputs[i] group i - 1's; a validator vN validates members[N].
    const members = index === 0 ? [envelope.path] : sorted[index - 1]!;
    for (const spec of output.specs) specs.add(spec);
    for (const block of output.blocks) {
      const variable = index === 0 ? `envelope_${block.dialect.replace(/-/g, '')}` : `group${index - 1}_${block.dialect.replace(/-/g, '')}`;
      blocks.push(
        `// JSON Schema ${block.dialect} validators (ajv standalone code)${index === 0 ? ': the envelope' : `, group ${index - 1}`}.`,
        `import { ${factoryName(block.dialect)} as make_${variable} } from './${output.files[0]!.path}';`,
        `const ${variable} = make_${variable}(vendoredRequire, ${safePatterns ? SAFE_REGEXP_NAME : 'undefined'});`,
      );
      for (const name of block.names) refOf.set(index === 0 ? envelope.path : members[Number(name.slice(1))]!, `${variable}.${name}`);
    }
    if (index > 0) for (const [path, error] of Object.entries(output.failed)) refOf.set(path, `!its payload schema ${path} does not compile (${error})`);
  });
  for (const p of payloads) {
    if (p.path === undefined) continue;
    const ref = refOf.get(p.path)!;
    p.validator = ref.startsWith('!') ? { reason: ref.slice(1) } : { ref };
  }
  const envelopeRef = refOf.get(envelope.path)!;

  const vendored = vendor([...specs].sort());
  const payloadRows = payloads.map((p) => `  [${JSON.stringify(p.type)}, ${p.version}, ${'reason' in p.validator ? JSON.stringify(p.validator.reason) : p.validator.ref}],`);

  const js = [
    `// ${GENERATED_NOTICE}`,
    '// Standalone event validation: no imports, no schema compilation at load time.',
    '',
    vendored.code,
    '',
    '// The event checks, the validator guard and the backtracking-safe pattern engine: the modules',
    '// `sguild-contracts validate` runs (src/events/standalone.ts and its imports), bundled.',
    runtimeBundle().trimEnd(),
    ...(safePatterns ? [`const ${SAFE_REGEXP_NAME} = ${RUNTIME_GLOBAL}.safeRegExp;`] : []),
    '',
    ...blocks,
    '',
    '// The registry facts the checks need (src/events/table.ts).',
    `const TABLE = ${JSON.stringify(table, null, 2)};`,
    '',
    '// [event type, schema version, payload validator or why there is none]',
    'const PAYLOADS = [',
    ...payloadRows,
    '];',
    '',
    '// Every validator is guarded: running out of stack (a $ref loop, or data nested deeper than a',
    '// recursive schema can follow) or an exception is a failed validation, exactly as `validate`',
    ...(aliased
      ? [
          '// reports it. A schema declares a property named "__proto__", which ajv never applies: the',
          '// schemas were compiled with it renamed, so the data is renamed too and the errors renamed back.',
        ]
      : ['// reports it.']),
    `const checker = ${RUNTIME_GLOBAL}.standaloneChecker(TABLE, ${envelopeRef}, PAYLOADS, ${aliased});`,
    '',
    '/** Checks one event against everything the contracts say about it. */',
    'export function validateEvent(event) {',
    '  return checker.validateEvent(event);',
    '}',
    '',
    '/** Builds a complete, valid event around a payload (throws EventValidationError when it is not). */',
    'export function createEvent(eventType, payload, options) {',
    '  return checker.createEvent(eventType, payload, options);',
    '}',
    '',
    '/** Thrown by createEvent; `errors` lists every failure. */',
    'export const EventValidationError = checker.EventValidationError;',
    '',
  ].join('\n');

  return [
    { path: 'validators.js', content: js },
    { path: 'validators.d.ts', content: declarations(table.types.map((t) => t.name), options.files) },
    ...outputs.flatMap((output) => output.files),
  ];
}

/**
 * The CommonJS modules standalone code requires, and what they require in turn, copied in as
 * factories behind `vendoredRequire`. Keys are package-relative paths (never absolute), so the
 * output does not depend on where the tool is installed.
 */
function vendor(topSpecs: string[]): { code: string } {
  const rootRequire = createRequire(import.meta.url);
  const modules = new Map<string, { deps: Record<string, string>; source: string }>();
  const keyOf = (file: string) => {
    const posix = file.split('\\').join('/');
    const at = posix.lastIndexOf('/node_modules/');
    return at >= 0 ? posix.slice(at + '/node_modules/'.length) : posix.split('/').slice(-3).join('/');
  };
  const visit = (file: string): string => {
    const key = keyOf(file);
    if (modules.has(key)) return key;
    const source = readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, '').trimEnd();
    const entry = { deps: {} as Record<string, string>, source };
    modules.set(key, entry);
    const localRequire = createRequire(file);
    const specs = [...new Set([...source.matchAll(/require\("([^"]+)"\)/g)].flatMap(([, spec]) => (spec === undefined ? [] : [spec])))].sort();
    for (const spec of specs) entry.deps[spec] = visit(localRequire.resolve(spec));
    return key;
  };
  const top: Record<string, string> = {};
  for (const spec of topSpecs) top[spec] = visit(rootRequire.resolve(spec));

  const lines = [
    '// ajv runtime helpers, vendored (ajv, ajv-formats and fast-deep-equal are MIT licensed).',
    'const vendoredModules = new Map([',
  ];
  for (const key of [...modules.keys()].sort()) {
    const { deps, source } = modules.get(key)!;
    lines.push(`  [${JSON.stringify(key)}, [${JSON.stringify(deps)}, function (module, exports, require) {`, source, '  }]],');
  }
  lines.push(
    ']);',
    `const vendoredTop = ${JSON.stringify(top)};`,
    'const vendoredCache = new Map();',
    'function loadVendored(key) {',
    '  let module = vendoredCache.get(key);',
    '  if (module === undefined) {',
    '    const [deps, factory] = vendoredModules.get(key);',
    '    module = { exports: {} };',
    '    vendoredCache.set(key, module);',
    '    factory.call(module.exports, module, module.exports, (spec) => loadVendored(deps[spec]));',
    '  }',
    '  return module.exports;',
    '}',
    'function vendoredRequire(spec) {',
    '  return loadVendored(vendoredTop[spec]);',
    '}',
  );
  return { code: lines.join('\n') };
}

/**
 * validators.d.ts. When the build's events.d.ts is there (it declares EventType, PayloadOf,
 * EventEnvelope…), createEvent's payload and result follow from the event type and version;
 * otherwise payloads are plain objects. Names exported here must not clash with events.d.ts:
 * index.d.ts re-exports both.
 */
function declarations(eventTypes: string[], files: readonly GeneratedFile[]): string {
  const events = files.find((f) => f.path === 'events.d.ts')?.content ?? '';
  const typed = CREATE_EVENT_TYPE_IMPORTS.every((name) => new RegExp(`\\bexport (?:interface|type) ${name}\\b`).test(events));
  const kinds = Object.keys(FAILURE_KINDS).map((k) => JSON.stringify(k)).join(' | ');
  const names = eventTypes.length ? eventTypes.map((t) => JSON.stringify(t)).join(' | ') : 'never';
  const lines = [`// ${GENERATED_NOTICE}`];
  if (typed) {
    lines.push(
      `import type { ${CREATE_EVENT_TYPE_IMPORTS.join(', ')} } from './events.js';`,
      '',
      '/** Every registered event type (EventType of events.d.ts). */',
      'export type ValidatedEventType = EventType;',
      '',
      '/** A valid event: discriminated by event_type and schema_version (AnyEventEnvelope of events.d.ts). */',
      'export type ValidatedEvent = AnyEventEnvelope;',
    );
  } else {
    lines.push(
      '',
      '/** Every registered event type. */',
      `export type ValidatedEventType = ${names};`,
      '',
      '/** A valid event (payload types were not generated alongside, so payloads are plain objects). */',
      'export interface ValidatedEvent<T extends string = ValidatedEventType> {',
      '  event_id: string;',
      '  event_type: T;',
      '  schema_version: number;',
      '  occurred_at: string;',
      '  producer: string;',
      '  envelope_version: number;',
      '  subject?: string;',
      '  actor?: string;',
      '  correlation_id?: string;',
      '  payload: Record<string, unknown>;',
      '}',
    );
  }
  lines.push(
    '',
    `export type FailureKind = ${kinds};`,
    '',
    'export interface EventFailure {',
    '  kind: FailureKind;',
    "  severity: 'error' | 'warning';",
    "  /** JSON pointer into the event ('' is the event itself). */",
    '  pointer: string;',
    '  message: string;',
    '}',
    '',
    '/** `ok` unless a failure is an error; warnings (deprecated or proposed event types) alone keep it ok. */',
    'export type ValidationResult =',
    '  | { ok: true; event: ValidatedEvent; warnings: EventFailure[] }',
    '  | { ok: false; errors: EventFailure[] };',
    '',
    '/** Checks one event against everything the contracts say about it. */',
    'export declare function validateEvent(event: unknown): ValidationResult;',
    '',
  );
  if (typed) {
    lines.push(
      ...createEventDeclarations(),
    );
  } else {
    lines.push(
      'export interface CreateEventOptions {',
      '  /** Payload schema version; the current (highest) one when absent. */',
      '  schemaVersion?: number;',
      '  /** A person ID; `system:<producer>` when absent. */',
      '  actor?: string;',
      "  /** The subject ID; taken from the payload's `<subject kind>_id` when absent. */",
      '  subject?: string;',
      "  /** The event that caused this one: its event_id becomes causation_id, its correlation_id (or, at a root, its event_id) correlation_id. */",
      '  causedBy?: { event_id: string; correlation_id?: string };',
      '  /** When it happened; now when absent. */',
      '  occurredAt?: string | Date;',
      '}',
      '',
      '/** Builds a complete event (ID, timestamp, version, producer, actor, subject, correlation) and validates it. */',
      'export declare function createEvent<T extends ValidatedEventType>(eventType: T, payload: Record<string, unknown>, options?: CreateEventOptions): ValidatedEvent<T>;',
    );
  }
  lines.push(
    '',
    '/** Thrown by createEvent when the event it built is not valid. */',
    'export declare class EventValidationError extends Error {',
    '  readonly errors: EventFailure[];',
    '  constructor(errors: EventFailure[]);',
    '}',
    '',
  );
  return lines.join('\n');
}
