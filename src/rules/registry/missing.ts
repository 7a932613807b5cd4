import { REGISTRY_PATH } from '../../model/types.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'registry/missing',
  severity: 'error',
  preset: 'minimal',
  description: 'The contracts root must hold event-types-registry.json',
  help: 'The registry lists every event type, its owning contract, producer and payload schema versions; without it almost nothing else can be checked. Create event-types-registry.json at the contracts root, or point --contracts at the folder that holds it.',
  check(model, report) {
    if (model.registry || !model.problems.some((p) => p.kind === 'missing' && p.path === REGISTRY_PATH)) return;
    const other = model.problems.find((p) => p.path === REGISTRY_PATH && p.kind !== 'missing');
    // A registry that exists but cannot be read is already an error of file/skipped.
    if (other?.kind === 'unreadable' || other?.kind === 'encoding') return;
    if (other?.kind === 'skipped') {
      report({ file: '', message: `${REGISTRY_PATH} is a symbolic link or special file, which is never followed, so no registry was checked; replace it with the file itself` });
      return;
    }
    if (model.paths.some((p) => p.startsWith(`${REGISTRY_PATH}/`))) {
      report({ file: '', message: `${REGISTRY_PATH} at the contracts root is a folder; the registry must be a JSON file of that name` });
      return;
    }
    const nested = model.paths.filter((p) => p.endsWith(`/${REGISTRY_PATH}`)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
    const hint = nested
      ? `; there is one below it, at ${nested}: pass that folder with --contracts`
      : '; create it (with registry_version, id_kinds and event_types) or pass the folder that holds it with --contracts';
    report({ file: '', message: `no ${REGISTRY_PATH} at the contracts root${hint}` });
  },
});
