/**
 * Every diagnostic id the tool can report, described once: the rules (src/rules/, each a module
 * that carries its own metadata and is listed in `catalogue()` by src/rules/catalogue.ts), and
 * here every diagnostic that is not a rule over one contract set:
 *
 * - `compat/*` from the `check --base` gate, which compares two sets (configurable like rules);
 * - `build/*`, about code generation (`check` reports the name collisions too, so the two agree);
 * - `config/*`, `baseline/*` and `internal/*`, about the tool's own inputs and failures.
 *
 * Each entry has a default severity, a one-line description, a help text (docs/rules.md and SARIF
 * show both), and, where the message has a fixed shape, message templates by id whose `{name}`
 * placeholders are the arguments JSON and SARIF carry next to the text.
 */
import type { Severity } from './diagnostic.js';
import type { Preset } from './presets.js';

/** Where a diagnostic comes from; decides how configuration applies to it (see `configurable`). */
export type Origin = 'rule' | 'gate' | 'build' | 'tool';

export interface DiagnosticInfo {
  /** `group/name`. */
  readonly id: string;
  readonly severity: Severity;
  /** Lowest preset it runs in; only configurable diagnostics have one. */
  readonly preset?: Preset;
  /** One line, no trailing period. */
  readonly description: string;
  /** Why it matters and how to fix it. */
  readonly help: string;
  readonly origin: Origin;
  /**
   * Whether the configuration can change its severity, turn it off, or ignore its findings.
   * Rules and the gate's findings can; the tool's own diagnostics, the build's and
   * `compat/incomplete` (the gate failing closed) cannot.
   */
  readonly configurable: boolean;
  /** What `check --fix` does for its findings, when it offers fixes. */
  readonly fixable?: string;
  /** Message templates by message id: `{name}` is replaced by the argument `name`. */
  readonly messages?: Readonly<Record<string, string>>;
}

/** A message's arguments: named, plain values (JSON and SARIF carry them as they are). */
export type MessageArgs = Readonly<Record<string, string | number>>;

const GATE = { origin: 'gate', configurable: true, preset: 'minimal' } as const;
const FIXED = { configurable: false } as const;

/** Every diagnostic that is not a rule, by id. */
export const NON_RULE_DIAGNOSTICS = {
  'compat/breaking-change': {
    ...GATE,
    severity: 'error',
    description: 'An existing payload or envelope version must not change in a way its compatibility mode forbids (check --base)',
    help: 'With `check --base REV`, every change to a payload version that exists on both sides is classified (see docs/diff.md) and judged by the event type\'s compatibility mode (FULL by default; the envelope follows the registry\'s default): BACKWARD forbids changes after which the edited version rejects data it accepted before, FORWARD forbids changes after which readers still on the old text reject new data (a new enum value, a property added to a closed object), FULL forbids both, NONE neither. Data of an existing version is already in production, so publish the change as a new version (`<event_type>-v<N+1>.json` and a new `versions` entry) and leave the existing one as it was.',
    messages: {
      incompatible: 'incompatible change to {subject} ({kind}): {change}; {how}, which {owner}\'s compatibility mode {mode} ({source}) forbids; {fix}',
      incompatibleConsumers: 'incompatible change to {subject} ({kind}): {change}; {how}, which {owner}\'s compatibility mode {mode} ({source}) forbids (consumers affected: {consumers}); {fix}',
    },
  },
  'compat/removed': {
    ...GATE,
    severity: 'error',
    description: 'An event type or version must be deprecated before it is removed (check --base)',
    help: 'With `check --base REV`, removing an event type or one of its versions that the base does not mark `deprecated` breaks every consumer of it without notice. Set `"status": "deprecated"` on the event type (or the version) first, release that, and remove it in a later major release.',
    messages: {
      removed: '{what} without being deprecated first; {who} break without notice: restore it, set {mark}, release that, and remove it in a later major release',
    },
  },
  'compat/removed-deprecated': {
    ...GATE,
    severity: 'info',
    description: 'Removing a deprecated event type or version is allowed, and needs a major release (check --base)',
    help: 'With `check --base REV`, removing an event type or version that the base already marks `deprecated` is the end of its announced retirement, so it is not an error. Consumers still on it break, so it needs a major release: the message says which registry_version that is.',
    messages: {
      removed: '{what}; allowed, as {why}, but consumers still on it break, so this needs a major release{hint}',
      removedConsumers: '{what}; allowed, as {why}, but consumers still on it ({consumers}) break, so this needs a major release{hint}',
    },
  },
  'compat/incomplete': {
    ...FIXED,
    origin: 'gate',
    severity: 'error',
    description: 'Every file of the checked set must load for the breaking-change gate (check --base)',
    help: 'With `check --base REV`, a file of the checked set that is not valid JSON, cannot be read or is over the size limit cannot be compared with the base, so a breaking change in it could pass unseen. The gate fails closed: fix the file (its own diagnostic says how). A base that cannot be loaded in full is refused with exit code 2.',
    messages: {
      notCompared: 'not compared with --base {base}: {cause}; until it loads, breaking changes in it cannot be ruled out',
    },
  },
  'build/type-name-collision': {
    ...FIXED,
    origin: 'build',
    severity: 'error',
    description: 'Two things would get the same generated TypeScript name',
    help: 'Every event type version, shared definition and ID kind gets a TypeScript name in the generated package (PascalCase of its name; payloads add `V<version>`), and names are never suffixed with numbers, so two that map to the same name cannot both be generated. `check` reports it as well as `build`, so a set that passes `check` builds. Rename one of the colliding event types or definitions.',
  },
  'build/type-generation-failed': {
    ...FIXED,
    origin: 'build',
    severity: 'error',
    description: 'A schema could not be turned into a TypeScript type',
    help: 'json-schema-to-typescript failed on a payload schema that `check` accepts, so `build` stops and writes nothing. Only `build` can report it, as only generating the type shows it. Simplify the schema at the reported place, or report it with the schema.',
  },
  'config/invalid': {
    ...FIXED,
    origin: 'tool',
    severity: 'error',
    description: 'The configuration file must be valid',
    help: 'sguild-contracts.config.json (or the file given with --config) is not valid JSON, has a key the tool does not know, a value of the wrong type, or names a rule that does not exist. Nothing is checked until it is fixed: the diagnostic gives the line and, for a misspelling, the closest valid name. The command exits with code 2.',
  },
  'config/unused-ignore': {
    ...FIXED,
    origin: 'tool',
    severity: 'warning',
    description: 'Every ignore entry in the configuration must still match a finding',
    help: 'An ignore entry that matches nothing has outlived its reason: the problem was fixed, the file moved, or the rule id, path or pointer is mistyped. Remove the entry (or correct it), so that ignores never silently hide a future finding.',
    messages: {
      unused: 'ignore entry {entry} (rule "{rule}", path "{path}") matches no finding; remove it',
      unusedPointer: 'ignore entry {entry} (rule "{rule}", path "{path}", pointer "{pointer}") matches no finding; remove it',
    },
  },
  'config/unknown-event-type': {
    ...FIXED,
    origin: 'tool',
    severity: 'error',
    description: 'Every event type named in the configuration\'s compatibility modes must be in the registry',
    help: 'A name under `compatibility.event_types` in sguild-contracts.config.json that the registry does not have sets the mode of nothing, so the event type it was meant for is judged by the default mode instead: a mistyped name can leave a type without the compatibility gate it was given. Correct the name (the message suggests the closest registered one) or remove the entry, e.g. after the event type was removed.',
    messages: {
      unknown: 'compatibility.event_types names "{name}", which is not an event type in the registry, so its mode ({mode}) applies to nothing{hint}',
    },
  },
  'baseline/invalid': {
    ...FIXED,
    origin: 'tool',
    severity: 'error',
    description: 'The baseline file must be one written by --write-baseline',
    help: 'The file given with --baseline (or the configuration\'s `baseline`) is not valid JSON or not in the baseline format: `{ "version": 1, "findings": [{ "rule", "file", "pointer" or "message", "count" }] }`. Regenerate it with `check --write-baseline FILE`. The command exits with code 2.',
  },
  'internal/rule-failed': {
    ...FIXED,
    origin: 'tool',
    severity: 'error',
    description: 'A rule failed on this input',
    help: 'A rule threw an error instead of reporting findings, so part of the contract set was not checked. This is a bug in the tool: please report it with the input that triggers it.',
    messages: {
      failed: 'rule {rule} failed on this input ({error}); please report it',
    },
  },
} as const satisfies Record<string, Omit<DiagnosticInfo, 'id'>>;

export type NonRuleId = keyof typeof NON_RULE_DIAGNOSTICS;

type Messages<I extends NonRuleId> = (typeof NON_RULE_DIAGNOSTICS)[I] extends { messages: infer M } ? keyof M & string : never;

/** The entries as a list, each with its id. */
export const NON_RULE_LIST: readonly DiagnosticInfo[] = Object.entries(NON_RULE_DIAGNOSTICS).map(([id, info]) => ({ id, ...info }));

/** The catalogue entry of a non-rule id. */
export function describeDiagnostic(id: string): DiagnosticInfo | undefined {
  return NON_RULE_LIST.find((d) => d.id === id);
}

/** A typed non-rule id: a typo in a literal id fails to compile. */
export function diagnosticId<I extends NonRuleId>(id: I): I {
  return id;
}

export interface Message {
  message: string;
  messageId: string;
  args: MessageArgs;
}

/** The message `messageId` of a non-rule diagnostic, with its arguments filled in. */
export function message<I extends NonRuleId>(id: I, messageId: Messages<I>, args: MessageArgs): Message {
  const messages = (NON_RULE_DIAGNOSTICS[id] as DiagnosticInfo).messages ?? {};
  return { message: fill(messages[messageId] ?? '', args), messageId, args };
}

/** `{name}` → `args.name`; a placeholder without an argument is a programming mistake. */
export function fill(template: string, args: MessageArgs): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, name: string) => {
    if (!Object.hasOwn(args, name)) throw new Error(`message argument "${name}" is missing`);
    return String(args[name]);
  });
}

/**
 * The whole catalogue: the rules' metadata (passed in by src/rules/catalogue.ts, which lives
 * above this layer) and every other diagnostic, sorted by id. An id given twice is a mistake.
 */
export function catalogue(rules: readonly Omit<DiagnosticInfo, 'origin' | 'configurable'>[]): readonly DiagnosticInfo[] {
  const all: DiagnosticInfo[] = [...rules.map((r): DiagnosticInfo => ({ ...pick(r), origin: 'rule', configurable: true })), ...NON_RULE_LIST];
  const seen = new Set<string>();
  for (const d of all) {
    if (seen.has(d.id)) throw new Error(`diagnostic id ${d.id} is described twice`);
    seen.add(d.id);
  }
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function pick(r: Omit<DiagnosticInfo, 'origin' | 'configurable'>): Omit<DiagnosticInfo, 'origin' | 'configurable'> {
  return {
    id: r.id,
    severity: r.severity,
    description: r.description,
    help: r.help,
    ...(r.preset !== undefined ? { preset: r.preset } : {}),
    ...(r.fixable !== undefined ? { fixable: r.fixable } : {}),
    ...(r.messages !== undefined ? { messages: r.messages } : {}),
  };
}
