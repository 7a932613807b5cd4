import { joinPointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { idRefFrom, kindNamedBy, knownKinds, nameFitsKind } from '../../schema/id-kinds.js';
import { followRefs } from '../../schema/ref-index.js';
import { describeValue, typeList } from '../../schema/schema-problems.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

type Verdict = { kind: 'ok'; idKind: string } | { kind: 'bad'; why: string } | { kind: 'skip' };

const DEF = /^\/\$defs\/([^/]+)_id$/;

export default defineRule({
  id: 'schema/id-property',
  severity: 'error',
  preset: 'recommended',
  description: 'Every "*_id" property must reference the shared ID definition of its kind',
  fixable: 'replaces an inline "*_id" schema (its own "type"/"pattern") whose name says which kind it holds with the "$ref" to that kind\'s shared definition, keeping its "description"',
  help: 'IDs are prefixed UUID v7 strings defined once in event-envelope/schema/ids-v1.json, one "$defs/<kind>_id" per kind in the registry\'s id_kinds (a definition without a registered kind is reported there, by envelope/id-definitions). A "*_id" property (or the items of a "*_ids" array) that declares its own type or pattern drifts from that definition, and one whose name says it holds another kind ("lesson_id" pointing at person_id) accepts the wrong IDs. Reference the matching definition, e.g. "$ref": "../../../event-envelope/schema/ids-v1.json#/$defs/lesson_id"; a name that only adds a role ("coach_person_id") or names no known kind ("correlation_id" pointing at event_id) is fine.',
  check(model, report) {
    const ids = model.ids;
    if (!ids || !ids.doc.ok) return; // no shared ID definitions to point to: the envelope rules report that
    const kinds = knownKinds(model);
    for (const { schema, nodes } of schemaIndex(model)) {
      if (schema === ids) continue;
      for (const { node, pointer } of nodes) {
        if (!isSchemaObject(node.properties)) continue;
        for (const name of Object.keys(node.properties)) {
          const plural = name.endsWith('_ids');
          if (!(plural ? name.length > 4 : name.length > 3 && name.endsWith('_id'))) continue;
          const value = node.properties[name];
          const singular = plural ? name.slice(0, -1) : name;
          let target = value;
          if (plural) {
            if (!isSchemaObject(value)) continue;
            if (!isSchemaObject(value.items)) {
              if (!Object.hasOwn(value, 'items') && typeList(value.type)?.includes('array')) {
                const kind = kindNamedBy(singular, kinds);
                report({ file: schema.path, pointer: joinPointer(pointer, 'properties', name), message: `"${name}" is an array of IDs without "items", so any values pass; add "items": {"$ref": "${idRefFrom(model, schema.path, kind ?? '<kind>')}"}` });
              }
              continue;
            }
            target = value.items;
          }

          const verdict = classify(model, schema.path, target, ids.path, 0);
          if (verdict.kind === 'skip') continue;
          if (verdict.kind === 'ok' && nameFitsKind(singular, verdict.idKind)) continue;
          // Pointers are built only now: most properties pass, and building them is the walk's main cost.
          const at = plural ? joinPointer(pointer, 'properties', name, 'items') : joinPointer(pointer, 'properties', name);
          const subject = plural ? `the items of "${name}"` : `"${name}"`;
          const ownRef = isSchemaObject(target) && typeof target.$ref === 'string' ? joinPointer(at, '$ref') : at;
          const guess = kindNamedBy(singular, kinds);
          if (verdict.kind === 'bad') {
            const fix = guess
              ? `use {"$ref": "${idRefFrom(model, schema.path, guess)}"}`
              : `reference the matching "$defs/<kind>_id" in ${ids.path} (or register a new kind in id_kinds and define it there)`;
            const ref = guess !== undefined ? idRefFrom(model, schema.path, guess) : undefined;
            // Only an inline ID schema is replaced; a wrong "$ref" may point at what the author meant.
            const repair = ref !== undefined && isSchemaObject(target) && !('$ref' in target) && !['anyOf', 'oneOf', 'allOf'].some((k) => k in target) && !(Array.isArray(target.type) && target.type.includes('null'))
              ? { fix: { description: `${subject}: use {"$ref": "${ref}"}`, edits: [{ op: 'replace' as const, file: schema.path, pointer: at, value: { $ref: ref, ...(typeof target.description === 'string' ? { description: target.description } : {}) } }] } }
              : {};
            report({ file: schema.path, pointer: verdict.why.startsWith('references') ? ownRef : at, message: `${subject} must reference a shared ID definition in ${ids.path}, but ${plural ? 'the items schema' : 'its schema'} ${verdict.why}; ${fix}`, ...repair });
            continue;
          }
          const kind = verdict.idKind;
          // The name does not end with the kind: a mistake only when it names another kind.
          if (guess !== undefined && guess !== kind) {
            report({
              file: schema.path,
              pointer: ownRef,
              message: `${subject} reference${plural ? '' : 's'} $defs/${kind}_id, but ${plural ? 'the property' : 'its'} name says it holds a ${guess} ID; reference "${idRefFrom(model, schema.path, guess)}", or rename it to end with "_${kind}_id${plural ? 's' : ''}"`,
            });
          }
        }
      }
    }
  },
});

/** Whether a property schema is (a nullable form of) a reference to a shared ID definition. */
function classify(model: ContractSet, file: string, value: unknown, idsPath: string, depth: number): Verdict {
  if (!isSchemaObject(value)) return { kind: 'bad', why: `is ${describeValue(value)}, not a reference` };
  if (typeof value.$ref === 'string') {
    const { chain, broken } = followRefs(model, { file, pointer: '', value });
    if (broken) return { kind: 'skip' }; // unresolved or looping: the schema/ref-* rules report it
    for (const step of chain.slice(1)) {
      const idKind = step.file === idsPath ? DEF.exec(step.pointer)?.[1] : undefined;
      if (idKind !== undefined) return { kind: 'ok', idKind };
    }
    const last = chain.at(-1)!; // the chain starts with the reference itself
    return { kind: 'bad', why: `references ${last.file === file ? '' : last.file}#${last.pointer}, which is not one` };
  }
  if (depth < 8) {
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = value[keyword];
      if (!Array.isArray(branches)) continue;
      const real = branches.filter((b) => !(isSchemaObject(b) && typeList(b.type)?.join() === 'null'));
      if (!real.length) break;
      const verdicts = real.map((b) => classify(model, file, b, idsPath, depth + 1));
      if (verdicts.some((v) => v.kind === 'skip')) return { kind: 'skip' };
      const first = verdicts[0];
      if (first?.kind === 'ok' && verdicts.every((v) => v.kind === 'ok' && v.idKind === first.idKind)) return first;
    }
    if (Array.isArray(value.allOf)) {
      for (const branch of value.allOf) {
        const v = classify(model, file, branch, idsPath, depth + 1);
        if (v.kind !== 'bad') return v;
      }
    }
  }
  const type = Object.hasOwn(value, 'type') ? ` (it declares "type": ${JSON.stringify(value.type)} itself)` : '';
  return { kind: 'bad', why: `is not a "$ref"${type}` };
}
