import { defineRule } from '../define.js';
import { usableRegistry } from '../registry/common.js';
import { isObject, own } from '../../core/objects.js';


export default defineRule({
  id: 'examples/misplaced',
  severity: 'error',
  preset: 'recommended',
  description: 'An example must be named and placed for the registered event type and version it holds',
  fixable: 'moves an example to <contract>/examples/ of the contract its event type belongs to, or renames it to <event_type>-v<N>.json when its event_type and schema_version are registered and its file name names nothing registered',
  help: 'Examples are found by name: <contract>/examples/<event_type>-v<N>.json is the example of that event type\'s version N, and tools (examples/missing, docs, code generators) rely on that. An example whose event_type or schema_version disagrees with its file name, that sits in another contract\'s folder, or that holds an event type or version the registry does not know is at best invisible and at worst documents the wrong event. Rename or move the file, or fix its event_type and schema_version.',
  check(model, report) {
    const registry = usableRegistry(model);
    for (const example of model.examples) {
      if (!example.doc.ok || !isObject(example.doc.value)) continue; // json/syntax and examples/invalid report those
      const event = example.doc.value;
      const type = own(event, 'event_type');
      const version = own(event, 'schema_version');
      const typeName = typeof type === 'string' ? type : undefined;
      const versionNumber = typeof version === 'number' && Number.isInteger(version) ? version : undefined;
      const fileName = example.path.slice(example.path.lastIndexOf('/') + 1);
      const expectedName = typeName !== undefined && versionNumber !== undefined ? `${typeName}-v${versionNumber}.json` : undefined;

      // The content decides only when it names a registered version and the file name names none.
      const folder = example.path.slice(0, example.path.lastIndexOf('/') + 1);
      const contentRegistered = typeName !== undefined && versionNumber !== undefined && registry?.eventTypes.get(typeName)?.versions.has(String(versionNumber)) === true;
      const nameRegistered = example.eventType !== undefined && registry?.eventTypes.get(example.eventType)?.versions.has(example.version ?? '') === true;
      const rename = expectedName !== undefined && contentRegistered && !nameRegistered ? { fix: { description: `rename ${example.path} to ${folder}${expectedName}`, edits: [{ op: 'move' as const, file: example.path, to: folder + expectedName }] } } : {};
      if (example.eventType === undefined) {
        report({ file: example.path, pointer: '', message: `example file name "${fileName}" does not follow <event_type>-v<N>[.<label>].json, so no tool can tell which event it shows; rename it${expectedName ? ` to ${expectedName}` : ''}`, ...rename });
      } else {
        if (typeName !== undefined && typeName !== example.eventType) {
          report({ file: example.path, pointer: '/event_type', message: `event_type "${typeName}" does not match the file name, which names "${example.eventType}"; rename the file${expectedName ? ` to ${expectedName}` : ''} or fix event_type`, ...rename });
        }
        if (versionNumber !== undefined && versionNumber !== Number(example.version)) {
          report({ file: example.path, pointer: '/schema_version', message: `schema_version ${versionNumber} does not match the file name, which names version ${example.version}; rename the file${expectedName ? ` to ${expectedName}` : ''} or fix schema_version`, ...rename });
        }
      }

      if (!registry || typeName === undefined) continue;
      const entry = registry.eventTypes.get(typeName);
      if (!entry) {
        report({ file: example.path, pointer: '/event_type', message: `event type "${typeName}" is not registered in event-types-registry.json; register it or remove the example` });
        continue;
      }
      if (versionNumber !== undefined && !entry.versions.has(String(versionNumber))) {
        const known = [...entry.versions.keys()].join(', ') || 'none';
        report({ file: example.path, pointer: '/schema_version', message: `schema_version ${versionNumber} is not registered for ${typeName} (registered: ${known}); register the version or fix schema_version` });
      }
      // A contract naming no folder is registry/contract-unknown's finding, not the example's.
      if (entry.contract !== undefined && model.contracts.has(entry.contract) && example.contract !== undefined && entry.contract !== example.contract) {
        const to = `${entry.contract}/examples/${fileName}`;
        report({ file: example.path, pointer: '/event_type', message: `this example of ${typeName} sits in contract folder "${example.contract}", but ${typeName} belongs to contract "${entry.contract}"; move it to ${entry.contract}/examples/`, fix: { description: `move ${example.path} to ${to}`, edits: [{ op: 'move', file: example.path, to }] } });
      }
    }
  },
});
