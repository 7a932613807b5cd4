/**
 * `payloads.d.ts`: one exported interface per event type version, the shared definitions they
 * reference (prefixed IDs as template-literal types) emitted once, and the envelope's own type.
 *
 * json-schema-to-typescript runs once per payload schema (and once per non-ID shared
 * definition), without prettier; src/build/tidy.ts indents the result.
 */
import { diagnosticId } from '../diagnostics/catalogue.js';
import { createHash } from 'node:crypto';
import { compile } from 'json-schema-to-typescript';
import { partKey } from '../core/content-cache.js';
import type { ContractSet } from '../model/types.js';
import { GENERATED_NOTICE, type GenerateOptions, type Generator } from './generator-types.js';
import { isSchemaObject } from './schema-copy.js';
import { tidyDeclarations } from './tidy.js';
import { docOf, TypeSchemaBuilder } from './type-schema.js';
import { byCodeUnit, typePlan, type BuildFinding, type TypePlan } from './type-plan.js';

export const PAYLOADS_FILE = 'payloads.d.ts';
export const GENERATION_RULE = diagnosticId('build/type-generation-failed');

const COMPILE_OPTIONS = {
  bannerComment: '',
  format: false,
  additionalProperties: true,
  declareExternallyReferenced: true,
  unreachableDefinitions: false,
  strictIndexSignatures: true,
  // minItems/maxItems would turn arrays into unions of tuples, which no caller can build from an array.
  ignoreMinAndMaxItems: true,
  unknownAny: true,
  // Every $ref is resolved before compile() sees the schema; nothing may be looked up anywhere.
  $refOptions: { resolve: { external: false } },
} as const;

export const payloadsGenerator: Generator = {
  name: 'payload types',
  async generate(model, options) {
    const plan = typePlan(model);
    for (const problem of plan.problems) options.report(problem);
    if (plan.problems.length) return [];
    return [{ path: PAYLOADS_FILE, content: await payloadDeclarations(model, plan, options) }];
  },
};

interface Section {
  name: string;
  text: string;
}

/** The schema of the cached memo table (src/core/content-cache.ts): strings by string. */
function isStringTable(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((x) => typeof x === 'string');
}

async function payloadDeclarations(model: ContractSet, plan: TypePlan, options: GenerateOptions): Promise<string> {
  const taken = new Set(plan.taken);
  const declared = new Set<string>();
  // json-schema-to-typescript's output for one (name, schema) is kept between builds: after an
  // edit only the changed schemas' types are generated again. One table, rewritten with the
  // entries this build used, so it never grows beyond one build's worth.
  const memoKey = options.cache ? partKey('payload-types', []) : undefined;
  const memo = (memoKey ? options.cache!.get(memoKey, isStringTable) : undefined) ?? {};
  const used: Record<string, string> = {};
  const compileOne = async (file: string, pointer: string, name: string, schema: unknown): Promise<string | undefined> => {
    if (!isSchemaObject(schema)) return `export type ${name} = ${schema === false ? 'never' : 'unknown'};\n`;
    let text: string;
    try {
      const key = memoKey ? memoEntryKey(name, schema) : undefined;
      const remembered = key !== undefined && Object.hasOwn(memo, key) ? memo[key] : undefined;
      text = remembered ?? tidyDeclarations(await compile(schema, name, COMPILE_OPTIONS));
      if (key !== undefined) used[key] = text;
    } catch (error) {
      options.report(failure(file, pointer, `json-schema-to-typescript could not turn this schema into the type ${name}: ${error instanceof Error ? error.message : String(error)}`));
      return undefined;
    }
    // Every declared name must be one we chose; anything else (e.g. a `Foo1` suffix) is a bug to surface, not to ship.
    for (const [, declaredName = ''] of text.matchAll(/^export (?:interface|type|enum|declare enum|const enum) ([A-Za-z0-9_$]+)/gm)) {
      if (!taken.has(declaredName) || declared.has(declaredName)) {
        options.report(failure(file, pointer, `json-schema-to-typescript produced the type name "${declaredName}", which the build did not choose or already emitted; please report this schema`));
        return undefined;
      }
      declared.add(declaredName);
    }
    return text;
  };

  const shared: Section[] = [];
  for (const s of plan.shared.values()) {
    if (s.prefix !== undefined) shared.push({ name: s.name, text: templateType(s.name, s.prefix, isSchemaObject(s.value) ? docOf(s.value) : undefined) });
  }
  for (const id of plan.idKinds) {
    if (id.fromRegistry) shared.push({ name: id.name, text: templateType(id.name, id.prefix, id.description ? `ID of kind "${id.kind}"\n\n${id.description}` : undefined) });
  }
  for (const s of plan.shared.values()) {
    if (s.prefix !== undefined) continue;
    const schema = new TypeSchemaBuilder(model, plan, s.file, s.name, taken, false).root(s.value);
    const text = await compileOne(s.file, s.pointer, s.name, schema);
    if (text) shared.push({ name: s.name, text });
  }
  shared.sort((a, b) => byCodeUnit(a.name, b.name));
  for (const s of shared) declared.add(s.name);

  const sections = [`// ${GENERATED_NOTICE}\n`, ...shared.map((s) => s.text)];
  if (plan.envelope) {
    const { name, schema } = plan.envelope;
    const text = await compileOne(schema.path, '', name, new TypeSchemaBuilder(model, plan, schema.path, name, taken, false).root(schema.doc.value));
    if (text) sections.push(text);
  }
  for (const p of plan.payloads) {
    if (!p.schema) {
      sections.push(`/** The registry names no loadable schema for ${p.eventType} v${p.version}. */\nexport type ${p.name} = unknown;\n`);
      continue;
    }
    const schema = new TypeSchemaBuilder(model, plan, p.schema.path, p.name, taken, true).root(p.schema.doc.value);
    const text = await compileOne(p.schema.path, '', p.name, schema);
    if (text) sections.push(text);
  }
  if (memoKey) options.cache!.set(memoKey, used);
  return sections.join('\n');
}

/** The memo key of one compile() call: the name and the schema it is given (undefined when the schema cannot be serialised). */
function memoEntryKey(name: string, schema: unknown): string | undefined {
  try {
    return createHash('sha256').update(name).update('\0').update(JSON.stringify(schema)).digest('base64');
  } catch {
    return undefined;
  }
}

function failure(file: string, pointer: string, message: string): BuildFinding {
  return { rule: GENERATION_RULE, file, pointer, at: pointer ? 'key' : undefined, message };
}

/** `export type PersonId = \`per_${string}\`;` with the definition's title and description as its comment. */
function templateType(name: string, prefix: string | undefined, doc: string | undefined): string {
  const type = prefix === undefined ? 'string' : `\`${escapeTemplate(prefix)}\${string}\``;
  return `${docComment(doc, '')}export type ${name} = ${type};\n`;
}

/** Escapes text for a template literal type (registry prefixes are free text). */
export function escapeTemplate(text: string): string {
  return text.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${').replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function docComment(doc: string | undefined, indent: string): string {
  if (!doc) return '';
  const lines = doc.replace(/\*\//g, '*\\/').split(/\r?\n/).map((l) => l.trimEnd());
  return `${indent}/**\n${lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}
