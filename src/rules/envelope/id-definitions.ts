import { joinPointer } from '../../json/pointer.js';
import { ENVELOPE_CONTRACT } from '../../model/types.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';
import { idPattern, judgeSamples, listQuoted, nearMissPrefixes, own, patternPointer, registeredPrefixes, unusedPrefix, usableRegistry, usableSchema, UUID_V4, UUID_V7 } from './common.js';

export default defineRule({
  id: 'envelope/id-definitions',
  severity: 'error',
  preset: 'recommended',
  description: 'The shared ID schema must define <kind>_id for every registered id kind, matching only its prefix',
  help: 'Payload schemas reference event-envelope/schema/ids-v<N>.json#/$defs/<kind>_id for every *_id property, so each id kind in the registry needs a definition whose pattern accepts <prefix><uuid v7> and rejects other prefixes and non-v7 UUIDs (tested with generated samples, as validation runs the pattern). Add the missing definitions or fix their patterns; a <kind>_id definition for a kind the registry does not list is a warning: register the kind or remove the definition.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry || registry.idKinds.size === 0) return;
    if (!model.ids) {
      report({
        file: registry.file.path,
        pointer: '/id_kinds',
        at: 'key',
        message: `no shared ID schema: the registry declares ${registry.idKinds.size} id kind${registry.idKinds.size === 1 ? '' : 's'} but ${ENVELOPE_CONTRACT}/schema/ids-v<N>.json does not exist; add ${ENVELOPE_CONTRACT}/schema/ids-v1.json with a $defs/<kind>_id definition for each`,
      });
      return;
    }
    const ids = usableSchema(model.ids);
    if (!ids) return;
    const path = ids.file.path;
    const defsKey = isSchemaObject(own(ids.root, '$defs')) || !isSchemaObject(own(ids.root, 'definitions')) ? '$defs' : 'definitions';
    const defs = own(ids.root, defsKey);
    const defsPointer = isSchemaObject(defs) ? `/${defsKey}` : '';
    const prefixes = registeredPrefixes(registry);
    const unknown = unusedPrefix(prefixes);

    for (const kind of [...registry.idKinds.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = `${kind.name}_id`;
      const def = isSchemaObject(defs) ? own(defs, name) : undefined;
      if (!isSchemaObject(def)) {
        const example = kind.prefix ? `{ "type": "string", "pattern": "${idPattern(kind.prefix)}" }` : '{ "type": "string", "pattern": … }';
        const pointer = def === undefined ? defsPointer : joinPointer(defsPointer, name);
        report({ file: path, pointer, message: `no ${defsKey}/${name} for id kind "${kind.name}"${kind.prefix ? ` (prefix "${kind.prefix}")` : ''}; payload schemas cannot reference its IDs: add "${name}": ${example}` });
        continue;
      }
      if (!kind.prefix) continue; // a kind without a prefix is the registry rules' finding
      const others = [...prefixes].filter((p) => p !== kind.prefix).sort();
      // Other registered prefixes first: accepting one of them is the most telling failure.
      const reject = [...others.map((p) => `${p}${UUID_V7}`), `${unknown}${UUID_V7}`, ...nearMissPrefixes(kind.prefix, prefixes).map((p) => `${p}${UUID_V7}`), `${kind.prefix}${UUID_V4}`, `${kind.prefix}${UUID_V7}x`, `x${kind.prefix}${UUID_V7}`];
      const pointer = joinPointer(defsPointer, name);
      const verdicts = judgeSamples(model, path, pointer, [`${kind.prefix}${UUID_V7}`], reject);
      if (!verdicts || (verdicts.wronglyRejected.length === 0 && verdicts.wronglyAccepted.length === 0)) continue;
      const problems: string[] = [];
      if (verdicts.wronglyRejected.length) problems.push(`rejects ${listQuoted(verdicts.wronglyRejected)}`);
      if (verdicts.wronglyAccepted.length) problems.push(`accepts ${listQuoted(verdicts.wronglyAccepted)}`);
      report({
        file: path,
        pointer: patternPointer(def, pointer),
        message: `${name} must accept exactly "${kind.prefix}" followed by a lower-case UUID v7, but it ${problems.join(' and ')}; use "pattern": "${idPattern(kind.prefix)}"`,
      });
    }

    if (!isSchemaObject(defs)) return;
    for (const name of Object.keys(defs).sort()) {
      if (!name.endsWith('_id') || registry.idKinds.has(name.slice(0, -3))) continue;
      report({
        file: path,
        pointer: joinPointer(defsPointer, name),
        at: 'key',
        severity: 'warning',
        message: `${defsKey}/${name} has no id kind "${name.slice(0, -3)}" in the registry; register it under id_kinds (with its prefix) or remove the definition`,
      });
    }
  },
});
