/**
 * Schema compilation with ajv, shared by check (examples), validate, and the generated
 * validators, so all three give the same verdicts.
 *
 * Before ajv sees a schema, every `$ref` is rewritten to the canonical URI of the target that
 * src/schema/refs.ts resolved, and each file is registered under its canonical URI. ajv then
 * resolves exactly what our rules resolved, never anything else: an unresolvable reference
 * stays unresolvable (and is reported by schema/ref-* rules), and nothing is ever fetched.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { Ajv as AjvDraft7, AnySchema, ValidateFunction } from 'ajv';
import { lazyRequire } from '../core/lazy-require.js';
import { safeRegExp } from '../core/safe-regexp.js';
import { getAtPointer } from '../json/pointer.js';
import type { ContractSet } from '../model/types.js';
import { closestDialect, inferDialect } from './dialect-infer.js';
import { findRefCycles } from './ref-cycles.js';
import { resolveRef } from './refs.js';
import { guardedValidator, isStackOverflow } from './guard.js';
import { define, PROTO_ALIAS } from './proto-alias.js';
import { isSchemaObject, walkSchema } from './walk.js';

// ajv and ajv-formats load on the first compile (src/core/lazy-require.ts).
export const ajv2020Module = lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
export const ajvDraft7Module = lazyRequire<typeof import('ajv')>('ajv');
const ajvFormatsModule = lazyRequire<{ default?: (ajv: unknown) => void }>('ajv-formats');
export const addFormats = (ajv: unknown): void => {
  const module = ajvFormatsModule();
  ((module.default ?? module) as (ajv: unknown) => void)(ajv);
};

export const CANONICAL_BASE = 'https://sguild-contracts.invalid/';
export type Dialect = '2020-12' | 'draft-07';

/** Looked up with whatever `$schema` says, so without a prototype: `"$schema": "toString"` is just unknown. */
export const DIALECT_URIS: Readonly<Record<string, Dialect>> = Object.assign(Object.create(null) as Record<string, Dialect>, {
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
  'https://json-schema.org/draft/2020-12/schema#': '2020-12',
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'http://json-schema.org/draft-07/schema#': 'draft-07',
});

export function canonicalUri(path: string, pointer = ''): string {
  return CANONICAL_BASE + encodeURI(path) + (pointer ? '#' + encodeURI(pointer) : '');
}

/**
 * The dialect a schema is read in: the one its `$schema` declares (an unsupported one: the
 * closest supported one, else the fallback); without `$schema`, draft-07 when the schema uses a
 * form only draft-07 gives meaning to (src/schema/dialect-infer.ts), else the fallback.
 */
export function dialectOf(schema: unknown, fallback: Dialect = '2020-12'): Dialect {
  if (!isSchemaObject(schema)) return fallback;
  if (typeof schema.$schema === 'string') return DIALECT_URIS[schema.$schema] ?? closestDialect(schema.$schema) ?? fallback;
  if (Object.hasOwn(schema, '$schema')) return fallback;
  return inferDialect(schema)?.dialect ?? fallback;
}

export type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

export interface SchemaCompiler {
  /** The compiled validator for a schema file (root) or a subschema of it. Compiled at most once. */
  compile(path: string, pointer?: string): Compiled;
  /** The ajv instance for a dialect; `register(path)` first for schemas that reference other files. */
  ajv(dialect: Dialect): AjvDraft7 | Ajv2020;
  /** Registers a schema file and every file its references reach with the dialect's ajv instance. */
  register(path: string): void;
}

/**
 * `source`: keep generated code for ajv's standalone mode (build); off elsewhere, it costs memory.
 * `ownProperties: false`: only for parsedJsonCompiler (which says when that is exact).
 */
export function createAjv(dialect: Dialect, options: { strict?: boolean | 'log'; logger?: unknown; source?: boolean; ownProperties?: boolean } = {}): AjvDraft7 | Ajv2020 {
  const common = {
    strict: options.strict ?? false,
    allErrors: true,
    validateFormats: true,
    // Patterns from contracts are compiled as Unicode regular expressions, as JSON Schema asks.
    unicodeRegExp: true,
    // A schema that cannot be resolved must fail loudly, never be fetched.
    loadSchema: undefined,
    logger: (options.logger ?? false) as false,
    // `required` and `properties` must see own properties only: without this, an event lacking a
    // required "constructor" or "toString" passes, and its inherited Object.prototype value is validated.
    ownProperties: options.ownProperties ?? true,
    // ajv's default (`true`) decides inlining with a walk that visits nested arrays twice per
    // level: a referenced schema holding `[[[…]]]` 500 levels deep never finishes compiling. A
    // keyword-count limit walks each value once, and still inlines the small shared definitions.
    inlineRefs: 12,
    // Patterns run on an engine that cannot backtrack for ever (src/core/safe-regexp.ts); its
    // source is inlined into standalone code, so generated validators are protected too.
    code: { source: options.source ?? false, regExp: safeRegExp },
  };
  const ajv = dialect === 'draft-07' ? new (ajvDraft7Module().Ajv)(common) : new (ajv2020Module().Ajv2020)(common);
  addFormats(ajv);
  return ajv;
}

const compilers = new WeakMap<ContractSet, SchemaCompiler>();

export function schemaCompiler(model: ContractSet): SchemaCompiler {
  let compiler = compilers.get(model);
  if (!compiler) {
    compiler = new ContractCompiler(model);
    compilers.set(model, compiler);
  }
  return compiler;
}

/**
 * A compiler of its own (not the model's shared one), for the generated validators: ajv keeps
 * each compiled schema's source, in ES module form, so the same compile that gives a schema's
 * verdict also gives its standalone code, and its ajv state starts fresh, so the code it
 * generates for a group of schemas does not depend on what was compiled before.
 */
export function standaloneCompiler(model: ContractSet): SchemaCompiler & { readonly aliased: boolean } {
  return new ContractCompiler(model, true);
}

const parsedJsonCompilers = new WeakMap<ContractSet, SchemaCompiler>();

/**
 * The model's compiler for values that come from JSON.parse (validate's streams, where the
 * validators run per event): ajv without `ownProperties`, so a property's presence is
 * `data[name] !== undefined` rather than that plus an own-property call (about 15% of the
 * validation time of the bench's M set). For a parsed object the two differ only for names it
 * inherits from Object.prototype (`constructor`, `toString`, `__proto__`, …), and `for…in`
 * and `Object.keys` list the same keys, so a schema whose files mention no such name (as a key
 * or a string, anywhere) gets the same verdict and the same errors. Any other schema is not
 * compiled here (`ok: false`): the caller uses schemaCompiler's validator.
 */
export function parsedJsonCompiler(model: ContractSet): SchemaCompiler {
  let compiler = parsedJsonCompilers.get(model);
  if (!compiler) {
    compiler = new ContractCompiler(model, false, true);
    parsedJsonCompilers.set(model, compiler);
  }
  return compiler;
}

/** Names every JSON-parsed object has without owning them. */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

class ContractCompiler implements SchemaCompiler {
  private readonly instances = new Map<Dialect, AjvDraft7 | Ajv2020>();
  private readonly cache = new Map<string, Compiled>();
  /** Some registered schema declares a property named `__proto__` (see aliasProtoProperties). */
  aliased = false;
  constructor(
    private readonly model: ContractSet,
    private readonly source = false,
    /** parsedJsonCompiler's: no own-property calls, and only for schemas that name no inherited property. */
    private readonly parsedJson = false,
  ) {}

  /**
   * The ajv instance for a dialect. Schemas are registered lazily, a file and the files its
   * `$ref`s reach at a time (see `register`), so compiling one schema of a 20,000-file set does
   * not first prepare all of them. Meta-schema validation is left to schema/invalid.
   */
  ajv(dialect: Dialect): AjvDraft7 | Ajv2020 {
    let ajv = this.instances.get(dialect);
    if (!ajv) {
      ajv = createAjv(dialect, { source: this.source, ownProperties: !this.parsedJson });
      if (this.source) (ajv.opts.code as { esm?: boolean }).esm = true;
      this.instances.set(dialect, ajv);
    }
    return ajv;
  }

  private readonly registered = new Set<string>();
  /** Why ajv refused a file, for the message of compile(). */
  private readonly unusable = new Map<string, string>();

  /** Registers `path` and every file its references reach (each under its canonical URI). */
  register(path: string): void {
    const queue = [path];
    while (queue.length) {
      const file = queue.pop()!;
      if (this.registered.has(file)) continue;
      this.registered.add(file);
      const schema = this.model.schemas.get(file);
      if (!schema || !schema.doc.ok || !isSchemaObject(schema.doc.value)) continue;
      try {
        const prepared = prepareForAjv(this.model, file, schema.doc.value);
        if (aliasProtoProperties(prepared)) this.aliased = true;
        this.ajv(dialectOf(schema.doc.value)).addSchema(prepared as AnySchema, canonicalUri(file), undefined, false);
      } catch (error) {
        // An unusable schema is reported by the schema rules; it just cannot be referenced here.
        this.unusable.set(file, isStackOverflow(error) ? TOO_DEEP : error instanceof Error ? error.message : String(error));
      }
      walkSchema(schema.doc.value, (node) => {
        if (typeof node.$ref !== 'string') return;
        const target = resolveRef(this.model, file, node.$ref);
        if (target.kind === 'local' && !this.registered.has(target.file)) queue.push(target.file);
      });
    }
  }

  compile(path: string, pointer = ''): Compiled {
    const key = canonicalUri(path, pointer);
    let result = this.cache.get(key);
    if (result) return result;
    const schema = this.model.schemas.get(path);
    if (!schema || !schema.doc.ok) result = { ok: false, error: `${path} is not a loadable schema` };
    else if (this.parsedJson && this.reachesInheritedName(path)) result = { ok: false, error: 'it names a property parsed objects inherit; use schemaCompiler' };
    else if (this.reachesRefLoop(path, pointer)) {
      // ajv would compile it, and every validation would then recurse until the stack runs out.
      result = { ok: false, error: 'its $refs loop back without descending into the value (see schema/ref-cycle)' };
    } else {
      try {
        this.register(path);
        const validate = this.ajv(dialectOf(schema.doc.value)).getSchema(this.aliased ? canonicalUri(path, aliasPointer(pointer)) : key);
        result = validate ? { ok: true, validate: guardedValidator(validate, this.aliased) } : { ok: false, error: this.unusable.get(path) ?? `nothing to compile at ${key}` };
      } catch (error) {
        result = { ok: false, error: isStackOverflow(error) ? TOO_DEEP : error instanceof Error ? error.message : String(error) };
      }
    }
    this.cache.set(key, result);
    return result;
  }

  /** Whether a file the schema reaches through `$ref`s names an inherited property (see parsedJsonCompiler). */
  private reachesInheritedName(path: string): boolean {
    const seen = new Set<string>();
    for (const queue = [path]; queue.length; ) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const value = this.model.schemas.get(file)?.doc.value;
      if (mentionsInheritedName(value)) return true;
      walkSchema(value, (node) => {
        if (typeof node.$ref !== 'string') return;
        const target = resolveRef(this.model, file, node.$ref);
        if (target.kind === 'local') queue.push(target.file);
      });
    }
    return false;
  }

  private loopMembers: Set<string> | undefined;

  /** Whether evaluating the schema at (path, pointer) can reach a `$ref` loop that never descends. */
  private reachesRefLoop(path: string, pointer: string): boolean {
    this.loopMembers ??= new Set(findRefCycles(this.model).map((c) => `${c.ref.file}#${c.ref.pointer}`));
    if (!this.loopMembers.size) return false;
    const seen = new Set<string>();
    const queue: [string, string][] = [[path, pointer]];
    while (queue.length) {
      const [file, at] = queue.pop()!;
      if (seen.has(`${file}#${at}`)) continue;
      seen.add(`${file}#${at}`);
      const node = getAtPointer(this.model.json.get(file)?.doc.value, at).value;
      let found = false;
      walkSchema(
        node,
        (sub, subPointer) => {
          if (found) return false;
          if (typeof sub.$ref !== 'string') return;
          if (this.loopMembers!.has(`${file}#${subPointer}`)) return void (found = true);
          const target = resolveRef(this.model, file, sub.$ref);
          if (target.kind === 'local') queue.push([target.file, target.pointer]);
        },
        at,
      );
      if (found) return true;
    }
    return false;
  }
}

/** Any object key or string in the JSON value is an inherited name. Iterative: schemas can be deep. */
function mentionsInheritedName(root: unknown): boolean {
  for (const stack = [root]; stack.length; ) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (INHERITED_NAMES.has(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value as unknown[]) stack.push(item);
    }
    else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (INHERITED_NAMES.has(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

const TOO_DEEP = 'the schema nests or references itself too deeply to compile';

/**
 * ajv never applies a `properties` entry named `__proto__` (it filters the name out to protect
 * itself), so `additionalProperties: false` would reject a property the schema declares. The
 * name is valid JSON Schema and must work: in the copy given to ajv it is renamed to PROTO_ALIAS
 * in `properties`, `required` and the dependency keywords, and data gets the same renaming.
 * Returns whether anything was renamed. (The data-side steps are in src/schema/proto-alias.ts,
 * shared with the generated validators.)
 */
export function aliasProtoProperties(schema: unknown): boolean {
  let renamed = false;
  const rename = (name: unknown) => (name === '__proto__' ? ((renamed = true), PROTO_ALIAS) : name);
  const own = (o: object, k: string) => Object.hasOwn(o, k);
  walkSchema(schema, (node) => {
    for (const keyword of ['properties', 'dependentSchemas', 'dependentRequired', 'dependencies']) {
      const map = own(node, keyword) ? node[keyword] : undefined;
      if (!isSchemaObject(map)) continue;
      const hasProto = own(map, '__proto__');
      const isList = keyword === 'dependentRequired' || keyword === 'dependencies';
      if (!hasProto && !(isList && Object.values(map).some((v) => Array.isArray(v) && v.includes('__proto__')))) continue;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(map)) define(out, rename(key) as string, isList && Array.isArray(map[key]) ? (map[key] as unknown[]).map(rename) : map[key]);
      define(node, keyword, out);
    }
    if (Array.isArray(node.required) && node.required.includes('__proto__')) define(node, 'required', node.required.map(rename));
  });
  return renamed;
}

function aliasPointer(pointer: string): string {
  return pointer.replace(/\/properties\/__proto__(?=\/|$)/g, `/properties/${PROTO_ALIAS}`);
}

const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

/**
 * A copy of the schema that ajv can compile in isolation: `$ref`s made absolute canonical URIs,
 * the root `$id` replaced by the file's canonical URI, nested `$id`s dropped (references are
 * already absolute), and an unknown `$schema` dropped so ajv does not try to load it.
 */
export function prepareForAjv(model: ContractSet, path: string, schema: unknown): unknown {
  const copy = (value: unknown, depth: number, isRoot: boolean): unknown => {
    if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1, false));
    if (!isSchemaObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (key === '$id' && typeof v === 'string') {
        if (!isRoot) continue;
        define(out, '$id', canonicalUri(path));
      } else if (key === '$schema' && typeof v === 'string') {
        if (isRoot && DIALECT_URIS[v]) define(out, key, v);
      } else if (key === '$ref' && typeof v === 'string') {
        const target = resolveRef(model, path, v);
        define(out, key, target.kind === 'local' ? canonicalUri(target.file, target.pointer) : v);
      } else if (DATA_KEYWORDS.has(key)) {
        define(out, key, v);
      } else {
        define(out, key, copy(v, depth + 1, false));
      }
    }
    if (isRoot && !('$id' in out)) define(out, '$id', canonicalUri(path));
    return out;
  };
  return copy(schema, 0, true);
}
