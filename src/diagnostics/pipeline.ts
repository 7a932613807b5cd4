/**
 * The one diagnostics pipeline every command goes through (`check`, `check --base`, `build`,
 * `validate`), so they report the same findings under the same configuration:
 *
 *   findings → positions → dedupe → configured severity   (`Collector`, per source)
 *            → ignores → baseline → sort                   (`settle`, once over all sources)
 *
 * A finding names its file relative to the contracts root and says where by JSON pointer (or an
 * explicit range); the collector turns it into a positioned `Diagnostic` with a display path.
 */
import { compareDiagnostics, SEVERITY_ORDER, type Diagnostic, type Range, type Severity } from './diagnostic.js';
import type { Fix } from './fix.js';
import { fill, type MessageArgs } from './catalogue.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { applyIgnores, type IgnoreSettings } from './ignore.js';

export interface Finding {
  /** Path relative to the contracts root. */
  file: string;
  /** The text; may be left out when `messageId` names one of the diagnostic's templates, filled from `args`. */
  message?: string;
  /** JSON pointer of the offending value, for JSON files; the location is derived from it. */
  pointer?: string;
  /** Point at the property name instead of its value (e.g. an unknown key). */
  at?: 'key' | 'value';
  /** Explicit position, for non-JSON files or positions a pointer cannot express. */
  range?: Range;
  /** Overrides the rule's severity for this finding (e.g. an error-level rule's softer case). */
  severity?: Severity;
  /** The change `check --fix` makes, when the rule is fixable and this finding has one safe repair. */
  fix?: Fix;
  /** The catalogue message `message` was filled from, and its arguments (src/diagnostics/catalogue.ts). */
  messageId?: string;
  args?: MessageArgs;
}

export const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export interface Positioning {
  /** The range of `pointer` in `file` (contracts-relative), or undefined when the file is not a parsed JSON document. */
  locate(file: string, pointer: string, at?: 'key' | 'value'): Range | undefined;
  /** The path users see for a contracts-relative path. */
  displayPath(file: string): string;
}

/** Severities after configuration: a diagnostic id absent from the map keeps its default; "off" drops it. */
export type SeverityOverrides = ReadonlyMap<string, Severity | 'off'>;

/** Positions, deduplicates and applies configured severities; `result()` is sorted. */
export class Collector {
  private readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly positioning: Positioning,
    private readonly severities?: SeverityOverrides,
  ) {}

  /** A finding of diagnostic `rule` (default severity `severity`, message templates `messages`). */
  add(rule: { readonly id: string; readonly severity: Severity; readonly messages?: Readonly<Record<string, string>> }, finding: Finding): void {
    const configured = this.severities?.get(rule.id);
    if (configured === 'off') return;
    let range = finding.range;
    if (!range) range = (finding.pointer !== undefined ? this.positioning.locate(finding.file, finding.pointer, finding.at) : undefined) ?? START;
    const d: Diagnostic = {
      rule: rule.id,
      severity: configured ?? finding.severity ?? rule.severity,
      message: finding.message ?? textOf(rule, finding),
      file: this.positioning.displayPath(finding.file),
      line: range.line,
      column: range.column,
      endLine: range.endLine,
      endColumn: range.endColumn,
    };
    if (finding.pointer !== undefined) d.pointer = finding.pointer;
    if (finding.fix) d.fix = finding.fix;
    if (finding.messageId !== undefined) {
      d.messageId = finding.messageId;
      d.args = finding.args ?? {};
    }
    this.push(d);
  }

  /** A diagnostic positioned already (its severity is final). */
  push(d: Diagnostic): void {
    // The same finding reached twice (e.g. via two $refs to one bad node) is shown once.
    const key = dedupeKey(d);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }

  result(): Diagnostic[] {
    return this.list.sort(compareDiagnostics);
  }
}

/** The text of a finding given as a message id and arguments. */
function textOf(rule: { readonly id: string; readonly messages?: Readonly<Record<string, string>> }, finding: Finding): string {
  const template = finding.messageId !== undefined ? rule.messages?.[finding.messageId] : undefined;
  if (template === undefined) throw new Error(`a finding of ${rule.id} has neither a message nor a message id of ${rule.id}`);
  return fill(template, finding.args ?? {});
}

export function dedupeKey(d: Pick<Diagnostic, 'rule' | 'file' | 'line' | 'column' | 'message'>): string {
  return `${d.rule}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
}

export interface SettleSettings extends IgnoreSettings {
  /** Whether the configuration may hide findings of this id (src/diagnostics/catalogue.ts). */
  readonly ignorable?: (rule: string) => boolean;
  readonly baseline?: Baseline;
}

export interface Settled {
  /** What to report: sorted, with a config/unused-ignore warning per stale ignore entry. */
  diagnostics: Diagnostic[];
  /** Hidden by an ignore entry. */
  ignored: number;
  /** Hidden because the baseline records them. */
  baselined: number;
}

/** Ignores, then the baseline, then one sorted list, over the findings of every source. */
export function settle(sources: readonly (readonly Diagnostic[])[], settings: SettleSettings): Settled {
  const all = new Collector({ locate: () => undefined, displayPath: (f) => f });
  for (const source of sources) for (const d of source) all.push(d);
  const ignoring = applyIgnores(all.result(), settings, settings.ignorable);
  let diagnostics = [...ignoring.kept, ...ignoring.unused].sort(compareDiagnostics);
  let baselined = 0;
  if (settings.baseline) {
    const split = applyBaseline(diagnostics, settings.baseline);
    diagnostics = split.fresh;
    baselined = split.known;
  }
  return { diagnostics, ignored: ignoring.ignored, baselined };
}

/** Whether any diagnostic is at least as severe as `failOn`: the run fails (exit code 1). */
export function fails(diagnostics: readonly Diagnostic[], failOn: Severity): boolean {
  return diagnostics.some((d) => SEVERITY_ORDER[d.severity] <= SEVERITY_ORDER[failOn]);
}
