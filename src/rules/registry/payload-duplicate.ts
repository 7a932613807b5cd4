import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { expectedPayloadPath, payloadRegistrations, usableRegistry, VERSION_KEY, versionLabel } from './common.js';

export default defineRule({
  id: 'registry/payload-duplicate',
  severity: 'error',
  preset: 'recommended',
  description: 'A payload schema file must be registered by only one version',
  help: 'Each version of each event type has its own payload schema, so that one can change without silently changing the other. Two versions pointing at one file are usually a copy-paste slip. The file belongs to the version it is named for (else the first one registered); give every other version its own schema file, copied if the payloads really are identical today.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const files = new Set(model.paths);
    const { duplicates } = payloadRegistrations(model, registry);
    for (const { registration, owner } of duplicates) {
      const { entry, version } = registration;
      const own = entry.contract !== undefined && VERSION_KEY.test(version.version) ? expectedPayloadPath(entry.contract, entry.name, version.version) : undefined;
      let fix = 'give this version its own schema file';
      if (own !== undefined && own !== registration.path) fix = files.has(own) ? `point it at its own schema file, ${own}` : `give this version its own schema file, ${own}`;
      report({
        file: registry.file.path,
        pointer: joinPointer(version.pointer, 'schema'),
        message: `the payload schema ${registration.path} of ${versionLabel(entry, version)} is already registered by ${versionLabel(owner.entry, owner.version)}; ${fix}`,
      });
    }
  },
});
