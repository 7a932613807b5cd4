/** The registry table's event types, indexed by name with what the checks ask of each precomputed. */
import type { EventTable, ValidateFunction } from './types.js';

export interface TypeInfo {
  name: string;
  producer: string | undefined;
  subject: string | undefined;
  subjectPrefix: string | undefined;
  subjectRe: RegExp | undefined;
  actors: string[] | undefined;
  allowPerson: boolean;
  /** `system:<domain>` strings the entry allows (plain `system` allows `system:<producer>`). */
  allowedSystems: Set<string>;
  status: string | undefined;
  versions: number[];
  /** Resolved on first use: the validator, or the reason there is none. */
  payloads: Map<number, ValidateFunction | string>;
}

export function indexTypes(table: EventTable, idPattern: (prefix: string) => RegExp): Map<string, TypeInfo> {
  const types = new Map<string, TypeInfo>();
  for (const t of table.types) {
    const allowedSystems = new Set<string>();
    let allowPerson = false;
    for (const a of t.actors ?? []) {
      if (a === 'person') allowPerson = true;
      else if (a === 'system') {
        if (t.producer !== undefined) allowedSystems.add('system:' + t.producer);
      } else if (a.startsWith('system:')) allowedSystems.add(a);
    }
    types.set(t.name, {
      name: t.name,
      producer: t.producer,
      subject: t.subject,
      subjectPrefix: t.subjectPrefix,
      subjectRe: t.subjectPrefix !== undefined ? idPattern(t.subjectPrefix) : undefined,
      actors: t.actors,
      allowPerson,
      allowedSystems,
      status: t.status,
      versions: t.versions,
      payloads: new Map(),
    });
  }
  return types;
}
