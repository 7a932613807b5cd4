/** What every diff formatter shares: how a change is grouped, labelled and located. */
import type { Change, ChangeSeverity, DiffReport, Witness } from './types.js';
import { SEVERITY_RANK } from './types.js';

export interface SideDisplay {
  /** How the user named the side: a folder, `pkg.tgz`, `git:main`. */
  label: string;
  /** Set when the side's files are on disk: the path prefix that makes them clickable. */
  displayRoot?: string;
}

export interface DiffFormatOptions {
  color: boolean;
  old: SideDisplay;
  new: SideDisplay;
}

export type DiffFormatter = (report: DiffReport, options: DiffFormatOptions) => string;

const SCOPE_LABELS: Record<Change['scope'], string> = {
  registry: 'registry',
  envelope: 'event envelope',
  payload: 'payloads',
  shared: 'shared schemas',
  docs: 'documents',
  schema: 'schema',
};

/** The group a change is listed under: its event type, else the part of the set it touches. */
export function groupLabel(change: Change): string {
  return change.eventType ?? SCOPE_LABELS[change.scope];
}

export interface Group {
  label: string;
  severity: ChangeSeverity;
  changes: Change[];
}

/** Groups in order of their most severe change, then by name; changes keep the report's order. */
export function groupChanges(changes: readonly Change[]): Group[] {
  const groups = new Map<string, Group>();
  for (const change of changes) {
    const label = groupLabel(change);
    let group = groups.get(label);
    if (!group) groups.set(label, (group = { label, severity: change.severity, changes: [] }));
    if (SEVERITY_RANK[change.severity] < SEVERITY_RANK[group.severity]) group.severity = change.severity;
    group.changes.push(change);
  }
  return [...groups.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export function counts(changes: readonly Change[]): Record<ChangeSeverity, number> {
  const result: Record<ChangeSeverity, number> = { breaking: 0, warning: 0, info: 0 };
  for (const c of changes) result[c.severity]++;
  return result;
}

export function describeCounts(changes: readonly Change[]): string {
  const n = counts(changes);
  return `${n.breaking} breaking, ${n.warning} ${n.warning === 1 ? 'warning' : 'warnings'}, ${n.info} info`;
}

/** `file#pointer`, the location form that needs no file on disk. */
export function pointerLocation(change: Change): string {
  return change.pointer ? `${change.file}#${change.pointer}` : change.file;
}

/** `display/path:line:column` when the side is on disk and the change has a position, else `file#pointer`. */
export function changeLocation(change: Change, options: DiffFormatOptions): string {
  const side = change.side === 'old' ? options.old : options.new;
  if (side.displayRoot === undefined || !change.range) return pointerLocation(change);
  const root = side.displayRoot.replace(/\/+$/, '');
  const path = root && root !== '.' ? `${root}/${change.file}` : change.file;
  return `${path}:${change.range.line}:${change.range.column}`;
}

export function verdictOf(report: DiffReport): 'breaking' | 'warning' | 'compatible' | 'unchanged' {
  if (!report.changes.length) return 'unchanged';
  const n = counts(report.changes);
  return n.breaking ? 'breaking' : n.warning ? 'warning' : 'compatible';
}

/** A witness as one line: the value, whole (a shortened value would prove nothing), and which schema accepts it. */
export function describeWitness(w: Witness): string {
  return `${JSON.stringify(w.value)} (accepted by the ${w.acceptedBy} schema, rejected by the ${w.acceptedBy === 'old' ? 'new' : 'old'} one)`;
}

/** The witnesses of a change, backward first. */
export function witnessesOf(change: Change): Witness[] {
  return [change.witness, change.reverseWitness].filter((w): w is Witness => w !== undefined);
}
