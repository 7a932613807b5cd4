import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { allVersions, expectedPayloadPath, payloadPath, usableRegistry, VERSION_KEY, versionLabel } from './common.js';

export default defineRule({
  id: 'registry/payload-missing',
  severity: 'error',
  preset: 'minimal',
  description: 'A version\'s payload schema must be a file in the contract set',
  help: 'Each registered version names its payload schema by a path relative to the contracts root. When that file is not there, producers and consumers have no schema to validate the payload against. Create the schema file, or fix the path; paths that are absolute, URLs or climb out of the contracts root with ".." are never followed.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const files = new Set(model.paths);
    for (const [entry, version] of allVersions(registry)) {
      const target = payloadPath(version.schema);
      if (target.kind === 'invalid') continue; // not a string ending in .json: registry/shape
      const pointer = joinPointer(version.pointer, 'schema');
      if (target.kind !== 'ok') {
        report({ file: registry.file.path, pointer, message: `the payload schema "${version.schema}" of ${versionLabel(entry, version)} ${target.reason}` });
        continue;
      }
      if (files.has(target.path)) continue;
      const expected = entry.contract !== undefined && VERSION_KEY.test(version.version) ? expectedPayloadPath(entry.contract, entry.name, version.version) : undefined;
      const fix = expected !== undefined && expected !== target.path && files.has(expected) ? `; did you mean ${expected}?` : '; create the schema file or fix the path';
      report({ file: registry.file.path, pointer, message: `the payload schema ${target.path} of ${versionLabel(entry, version)} does not exist${fix}` });
    }
  },
});
