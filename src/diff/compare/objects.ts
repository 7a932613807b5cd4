/**
 * Objects: declared properties judged against the content model (what the object says about
 * undeclared names), `required`, likely renames, `additionalProperties`, `patternProperties`,
 * `propertyNames`, property counts and dependencies.
 */
import { byCodeUnit, has, listOf, show, stringSet, type JsonObject } from '../json-values.js';
import { child, dialectOfNode, isTrivial, trueAt, type SNode } from '../schema-node.js';
import { shapeKey } from '../schema-shape.js';
import { compareCount } from './bounds.js';
import { arrayOf, describeJudgement, instancePath, mapOf, propertyPath, type DiffContext, type RawChange, type SchemaDiffer, type Site } from './differ.js';
import { compareOpenness } from './openness.js';

export function compareObjects(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path, depth } = s;
  const oProps = mapOf(O.properties);
  const nProps = mapOf(N.properties);
  const names = [...new Set([...Object.keys(oProps), ...Object.keys(nProps)])].sort(byCodeUnit);
  const added = new Map<string, RawChange>();
  const removed = new Map<string, RawChange>();
  for (const name of names) {
    const p = propertyPath(path, name);
    const inOld = has(oProps, name);
    const inNew = has(nProps, name);
    if (inOld && inNew) d.compare(child(o, 'properties', name), child(n, 'properties', name), p, depth + 1);
    else if (inNew) added.set(name, propertyAdded(d, o, n, name, p, depth));
    else removed.set(name, propertyRemoved(d, o, n, name, p, depth));
  }

  const oReq = stringSet(O.required);
  const nReq = stringSet(N.required);
  const oReqSet = new Set(oReq);
  const nReqSet = new Set(nReq);
  const reqAdded = new Map<string, RawChange>();
  const reqRemoved = new Map<string, RawChange>();
  for (const name of nReq) {
    if (oReqSet.has(name)) continue;
    const index = arrayOf(N.required).indexOf(name);
    reqAdded.set(name, d.make('REQUIRED_ATTRIBUTE_ADDED', d.at(n, 'new', 'required', index), propertyPath(path, name), 'became required: values without it, valid before, are now rejected'));
  }
  for (const name of oReq) {
    if (nReqSet.has(name)) continue;
    const index = arrayOf(O.required).indexOf(name);
    reqRemoved.set(name, d.make('REQUIRED_ATTRIBUTE_REMOVED', d.at(o, 'old', 'required', index), propertyPath(path, name), 'is no longer required: readers of the old schema reject values without it'));
  }

  // A property removed next to one added with the same schema is most likely a rename.
  if (removed.size && added.size) {
    const oldShapes = new Map([...removed.keys()].map((name) => [name, shapeKey(child(o, 'properties', name))]));
    const newShapes = new Map([...added.keys()].map((name) => [name, shapeKey(child(n, 'properties', name))]));
    for (const [from, shape] of oldShapes) {
      const candidates = [...newShapes].filter(([, x]) => x === shape).map(([name]) => name);
      const to = candidates.length === 1 ? candidates[0] : undefined;
      if (to === undefined) continue;
      if ([...oldShapes].filter(([, x]) => x === newShapes.get(to)).length !== 1) continue;
      const parts = [removed.get(from), added.get(to), reqRemoved.get(from), reqAdded.get(to)].filter((c): c is RawChange => c !== undefined);
      const flags = { backward: parts.every((c) => c.backward), forward: parts.every((c) => c.forward) };
      const consequence = !flags.backward && !flags.forward ? 'readers of either schema reject the other\'s data' : !flags.backward ? 'old data is rejected by new readers' : !flags.forward ? `readers of the old schema no longer receive "${from}"` : 'readers are unaffected';
      d.emit('PROPERTY_POSSIBLY_RENAMED', d.at(n, 'new', 'properties', to), propertyPath(path, to), `property "${from}" was removed and "${to}" added with the same schema, probably a rename: ${consequence}`, flags);
      removed.delete(from);
      added.delete(to);
      reqRemoved.delete(from);
      reqAdded.delete(to);
    }
  }
  d.changes.push(...removed.values(), ...added.values(), ...reqAdded.values(), ...reqRemoved.values());

  compareOpenness(d, s, 'additionalProperties', 'additionalProperties', 'ADDITIONAL_PROPERTIES', propertyPath(path, '*'));
  comparePatternProperties(d, s);

  const pn = isTrivial(O.propertyNames, dialectOfNode(o)) ? undefined : O.propertyNames;
  const qn = isTrivial(N.propertyNames, dialectOfNode(n)) ? undefined : N.propertyNames;
  if (pn !== undefined && qn !== undefined) d.compare(child(o, 'propertyNames'), child(n, 'propertyNames'), `${instancePath(path)} (property names)`, depth + 1);
  else if (qn !== undefined) d.emit('PROPERTY_NAMES_ADDED', d.at(n, 'new', 'propertyNames'), path, 'propertyNames added: property names must now match it');
  else if (pn !== undefined) d.emit('PROPERTY_NAMES_REMOVED', has(N, 'propertyNames') ? d.at(n, 'new', 'propertyNames') : d.at(o, 'old', 'propertyNames'), path, 'propertyNames removed: any property name is accepted');

  compareCount(d, s, 'minProperties', 'lower');
  compareCount(d, s, 'maxProperties', 'upper');
  compareDependencies(d, s);
}

function propertyAdded(d: SchemaDiffer, o: SNode, n: SNode, name: string, path: string, depth: number): RawChange {
  const at = d.at(n, 'new', 'properties', name);
  const model = contentModel(d.ctx, o, name);
  if (model.kind === 'closed') return d.make('PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', at, path, 'property added; readers of the old schema reject it because undeclared properties are not allowed there');
  if (model.kind === 'open') {
    const text = d.ctx.options.policy === 'strict' ? 'property added to an open object; under the strict policy old data may already carry it with another type' : 'property added to an open object';
    return d.make('PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', at, path, text);
  }
  const flags = d.judge(model.node, child(n, 'properties', name), path, depth);
  return d.make('PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL', at, path, `property declared where ${model.via} applied before (${describeJudgement(flags)})`, flags);
}

function propertyRemoved(d: SchemaDiffer, o: SNode, n: SNode, name: string, path: string, depth: number): RawChange {
  const at = d.at(o, 'old', 'properties', name);
  const model = contentModel(d.ctx, n, name);
  if (model.kind === 'closed') return d.make('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', at, path, 'property removed from an object that rejects undeclared properties: data carrying it, valid before, is now rejected');
  if (model.kind === 'open') return d.make('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', at, path, 'property declaration removed; it may now arrive with any type (or not at all), which readers of the old schema may reject');
  const flags = d.judge(child(o, 'properties', name), model.node, path, depth);
  return d.make('PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL', at, path, `property declaration removed; ${model.via} applies to it now (${describeJudgement(flags)})`, flags);
}

export type ContentModel = { kind: 'open' } | { kind: 'closed' } | { kind: 'partial'; node: SNode; via: string };

/** What an object schema says about an undeclared property `name`. */
export function contentModel(ctx: DiffContext, node: SNode, name: string): ContentModel {
  const value = mapOf(node.value);
  const patterns = Object.keys(mapOf(value.patternProperties)).sort(byCodeUnit);
  for (const pattern of patterns) {
    const regex = cachedRegex(ctx, pattern);
    if (regex?.test(name)) return { kind: 'partial', node: child(node, 'patternProperties', pattern), via: `patternProperties ${show(pattern)}` };
  }
  const dialect = dialectOfNode(node);
  if (has(value, 'additionalProperties')) {
    const ap = value.additionalProperties;
    if (ap === false) return { kind: 'closed' };
    if (!isTrivial(ap, dialect)) return { kind: 'partial', node: child(node, 'additionalProperties'), via: 'the additionalProperties schema' };
    return { kind: 'open' };
  }
  if (dialect === '2020-12' && value.unevaluatedProperties === false) return { kind: 'closed' };
  return { kind: 'open' };
}

export function cachedRegex(ctx: DiffContext, pattern: string): RegExp | null {
  let regex = ctx.regexes.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      try {
        regex = new RegExp(pattern);
      } catch {
        regex = null;
      }
    }
    ctx.regexes.set(pattern, regex);
  }
  return regex;
}

function comparePatternProperties(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path, depth } = s;
  const a = mapOf(O.patternProperties);
  const b = mapOf(N.patternProperties);
  const patterns = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byCodeUnit);
  for (const pattern of patterns) {
    const p = `${instancePath(path)} (properties matching ${show(pattern)})`;
    if (has(a, pattern) && has(b, pattern)) d.compare(child(o, 'patternProperties', pattern), child(n, 'patternProperties', pattern), p, depth + 1);
    else if (has(b, pattern)) {
      const before = has(O, 'additionalProperties') ? child(o, 'additionalProperties') : trueAt(o, 'additionalProperties');
      const flags = d.judge(before, child(n, 'patternProperties', pattern), p, depth);
      d.emit('PATTERN_PROPERTY_ADDED', d.at(n, 'new', 'patternProperties', pattern), path, `patternProperties ${show(pattern)} added (${describeJudgement(flags)})`, flags);
    } else {
      const after = has(N, 'additionalProperties') ? child(n, 'additionalProperties') : trueAt(n, 'additionalProperties');
      const flags = d.judge(child(o, 'patternProperties', pattern), after, p, depth);
      d.emit('PATTERN_PROPERTY_REMOVED', d.at(o, 'old', 'patternProperties', pattern), path, `patternProperties ${show(pattern)} removed (${describeJudgement(flags)})`, flags);
    }
  }
}

function compareDependencies(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path, depth } = s;
  const a = dependencyView(o, O);
  const b = dependencyView(n, N);
  for (const name of [...new Set([...a.required.keys(), ...b.required.keys()])].sort(byCodeUnit)) {
    const before = a.required.get(name);
    const after = b.required.get(name);
    if (before && after) {
      const removed = before.list.filter((x) => !after.list.includes(x));
      const added = after.list.filter((x) => !before.list.includes(x));
      if (!removed.length && !added.length) continue;
      const at = d.at(n, 'new', after.key, name);
      if (!removed.length) d.emit('DEPENDENCY_ARRAY_EXTENDED', at, path, `when "${name}" is present, ${listOf(added.map((x) => `"${x}"`))} must now be present too`);
      else if (!added.length) d.emit('DEPENDENCY_ARRAY_NARROWED', at, path, `when "${name}" is present, ${listOf(removed.map((x) => `"${x}"`))} no longer must be`);
      else d.emit('DEPENDENCY_ARRAY_CHANGED', at, path, `the properties required with "${name}" changed`);
    } else if (after) d.emit('DEPENDENCY_ARRAY_ADDED', d.at(n, 'new', after.key, name), path, `when "${name}" is present, ${listOf(after.list.map((x) => `"${x}"`))} must now be present too`);
    else if (before) d.emit('DEPENDENCY_ARRAY_REMOVED', d.at(o, 'old', before.key, name), path, `properties required with "${name}" are no longer required`);
  }
  for (const name of [...new Set([...a.schemas.keys(), ...b.schemas.keys()])].sort(byCodeUnit)) {
    const before = a.schemas.get(name);
    const after = b.schemas.get(name);
    if (before && after) d.compare(child(o, before, name), child(n, after, name), path, depth + 1);
    else if (after) d.emit('DEPENDENCY_SCHEMA_ADDED', d.at(n, 'new', after, name), path, `when "${name}" is present the object must now also match a schema`);
    else if (before) d.emit('DEPENDENCY_SCHEMA_REMOVED', d.at(o, 'old', before, name), path, `the schema applied when "${name}" is present was removed`);
  }
}

/** `dependentRequired`/`dependentSchemas` (2020-12) or `dependencies` (draft-07), split by kind. */
function dependencyView(node: SNode, schema: JsonObject): { required: Map<string, { key: string; list: string[] }>; schemas: Map<string, string> } {
  const required = new Map<string, { key: string; list: string[] }>();
  const schemas = new Map<string, string>();
  if (dialectOfNode(node) === 'draft-07') {
    const deps = mapOf(schema.dependencies);
    for (const name of Object.keys(deps)) {
      if (Array.isArray(deps[name])) required.set(name, { key: 'dependencies', list: stringSet(deps[name]) });
      else schemas.set(name, 'dependencies');
    }
  } else {
    const req = mapOf(schema.dependentRequired);
    for (const name of Object.keys(req)) required.set(name, { key: 'dependentRequired', list: stringSet(req[name]) });
    for (const name of Object.keys(mapOf(schema.dependentSchemas))) schemas.set(name, 'dependentSchemas');
  }
  return { required, schemas };
}
