/**
 * A fix is data a rule attaches to a finding: what to change, as edits that name files by their
 * path under the contracts root. Being plain JSON, fixes travel with cached findings; they are
 * applied by src/fix/apply.ts, which edits JSON text in place (src/json/edit.ts) so the rest of
 * each file keeps its formatting.
 */
export type Edit =
  /** Replace the JSON value at `pointer`. */
  | { op: 'replace'; file: string; pointer: string; value: unknown }
  /** Rename the member at `pointer` to `key`, its value untouched. */
  | { op: 'rename'; file: string; pointer: string; key: string }
  /** Move (rename) a file. */
  | { op: 'move'; file: string; to: string }
  /** Add an event type (or one of its versions) to a contract README's list of events. */
  | { op: 'mention'; file: string; row: { name: string; versions: string[]; producer?: string; subject?: string; actors?: string[]; description?: string } };

export interface Fix {
  /** What the fix does, e.g. `rename "ratedAt" to "rated_at"`; printed when it is applied. */
  description: string;
  edits: Edit[];
}
