/**
 * What `diff` produces: a flat list of changes, each with a stable kind id, where it is, whether
 * it keeps backward and forward compatibility, and what it means for consumers. Formatters, the
 * `check --base` gate and the semver verdict all read this one shape.
 */
import type { Range } from '../diagnostics/diagnostic.js';
import type { Dialect } from '../schema/compile.js';

/**
 * - `strict`: an open object model may already have carried a property under another type, so
 *   declaring a new optional property is not backward compatible (Confluent's rule).
 * - `lenient` (default): undeclared properties are assumed never to be sent, so it is.
 */
export type Policy = 'strict' | 'lenient';

/** What a change means for consumers. */
export type ChangeSeverity = 'breaking' | 'warning' | 'info';

export type Bump = 'major' | 'minor' | 'patch' | 'none';

/** Which part of the contract set a change belongs to; decides grouping when there is no event type. */
export type ChangeScope = 'registry' | 'envelope' | 'payload' | 'shared' | 'docs' | 'schema';

export interface Change {
  /** Stable id, e.g. `ENUM_ARRAY_NARROWED`; every kind is listed in src/diff/kinds.ts and docs/diff.md. */
  kind: string;
  severity: ChangeSeverity;
  /** A reader with the new schema accepts everything valid under the old one. */
  backward: boolean;
  /** A reader with the old schema accepts everything valid under the new one. */
  forward: boolean;
  /** What the change requires of the version number: breaking → major, additive → minor, metadata → patch. */
  bump: Exclude<Bump, 'none'>;
  scope: ChangeScope;
  eventType?: string;
  schemaVersion?: string;
  /** Path relative to the contracts root (or the schema file's name when two schema files are compared). */
  file: string;
  /** JSON pointer into `file`: into the new side, or into the old side when `side` is `old` (removals). */
  pointer: string;
  side: 'old' | 'new';
  message: string;
  /** Position of `pointer` in `file`, filled in by `attachPositions` when a formatter wants lines. */
  range?: Range;
  /** For breaking changes to an event type: the services its registry lists as consumers of it (or of the changed version). */
  consumers?: string[];
  /** For changes inside a payload or envelope schema: the schema file on each side (the gate uses it). */
  root?: { old: string; new: string };
  /**
   * For a change that breaks backward or forward compatibility: a value the old schema accepts and
   * the new one rejects (`acceptedBy: 'old'`, a backward break) or the reverse, confirmed by
   * validating it against both schemas with ajv. Absent when none was found (the message says so).
   * When the change breaks both ways this is the backward witness, and `reverseWitness` the forward one.
   */
  witness?: Witness;
  reverseWitness?: Witness;
}

export interface Witness {
  value: unknown;
  acceptedBy: 'old' | 'new';
}

export interface DiffOptions {
  policy: Policy;
  /** Dialect of schemas that declare no (or an unknown) `$schema`. */
  dialect: Dialect;
  /**
   * The directions whose verdicts matter to the caller (both when absent). A direction left out
   * gets no witness or counterexample search: its changes keep the keyword walk's flags and
   * messages, so a caller must not report that direction's verdicts (compat/version-incompatible
   * under BACKWARD or FORWARD asks for one).
   */
  directions?: ReadonlyArray<'backward' | 'forward'>;
  /**
   * Which witness a change gets when several changes break one root: `'best'` (when absent) the
   * one whose places explain it best, which needs the rejecting schema compiled by ajv for its
   * error places; `'any'` the first one tied to it at all, compiling only when no place where a
   * candidate was varied ties one. Kinds, flags, messages and places of the changes are the same
   * either way; only the `witness` values may differ, so a caller that shows them keeps `'best'`.
   */
  witnesses?: 'best' | 'any';
}

export const DEFAULT_DIFF_OPTIONS: DiffOptions = { policy: 'lenient', dialect: '2020-12' };

export interface SemverVerdict {
  required: Bump;
  /** The bump between the two declared versions, or null when either is missing or not semver. */
  declared: Bump | null;
  oldVersion: string | null;
  newVersion: string | null;
  /** True when the declared bump is at least the required one (or nothing is declared). */
  sufficient: boolean;
  /** When it is not: the field that declares the new version and the lowest version that would do. */
  fix?: { field: VersionField; version: string };
}

/** Where a side's declared version was read: the registry's `registry_version`, or `package.json`'s `version`. */
export type VersionField = 'registry_version' | 'package.json';

export interface DiffReport {
  compatibility: { backward: boolean; forward: boolean };
  semver: SemverVerdict;
  changes: Change[];
}

export const SEVERITY_RANK: Record<ChangeSeverity, number> = { breaking: 0, warning: 1, info: 2 };
export const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };
