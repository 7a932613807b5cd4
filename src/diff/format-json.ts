/** The stable machine format (version 1); `event_type` and `schema_version` only where they apply. */
import type { DiffFormatter } from './format-common.js';

export const formatDiffJson: DiffFormatter = (report) => {
  const output = {
    version: 1,
    compatibility: { backward: report.compatibility.backward, forward: report.compatibility.forward },
    semver: {
      required: report.semver.required,
      declared: report.semver.declared,
      old_version: report.semver.oldVersion,
      new_version: report.semver.newVersion,
      sufficient: report.semver.sufficient,
      ...(report.semver.fix ? { set: { field: report.semver.fix.field, version: report.semver.fix.version } } : {}),
    },
    changes: report.changes.map((c) => ({
      kind: c.kind,
      severity: c.severity,
      backward: c.backward,
      forward: c.forward,
      ...(c.eventType !== undefined ? { event_type: c.eventType } : {}),
      ...(c.schemaVersion !== undefined ? { schema_version: /^[0-9]+$/.test(c.schemaVersion) ? Number(c.schemaVersion) : c.schemaVersion } : {}),
      file: c.file,
      pointer: c.pointer,
      message: c.message,
      ...(c.consumers ? { consumers: c.consumers } : {}),
      ...(c.witness ? { witness: { value: c.witness.value, accepted_by: c.witness.acceptedBy } } : {}),
      ...(c.reverseWitness ? { reverse_witness: { value: c.reverseWitness.value, accepted_by: c.reverseWitness.acceptedBy } } : {}),
    })),
  };
  return JSON.stringify(output, null, 2) + '\n';
};
