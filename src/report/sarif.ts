/**
 * SARIF 2.1.0, shaped for GitHub code scanning (github/codeql-action/upload-sarif): one run, the
 * driver describing every rule that ran, results with 1-based regions relative to the repository
 * root (`%SRCROOT%`), and partial fingerprints that survive code moving around in a file.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { markdownText, ruleAnchor } from './markdown.js';
import type { Formatter, RuleInfo } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key under `partialFingerprints`; versioned so the hash recipe can change without collisions. */
export const FINGERPRINT_KEY = 'sguildContractsFinding/v1';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export const formatSarif: Formatter = (report) => {
  const rules = describedRules(report.rules, report.diagnostics);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const docs = `${report.tool.informationUri.replace(/\/+$/, '')}/blob/main/docs/rules.md`;
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: report.tool.informationUri,
            rules: rules.map((rule) => ruleDescriptor(rule, docs)),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The repository root: the folder sguild-contracts ran in.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: report.diagnostics.map((d) => result(d, index.get(d.rule)!, rules[index.get(d.rule)!])),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

/** The rules that ran plus any rule id that only appears in a finding (e.g. `internal/rule-failed`), by id. */
function describedRules(rules: readonly RuleInfo[], diagnostics: readonly Diagnostic[]): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const rule of rules) byId.set(rule.id, rule);
  for (const d of diagnostics) {
    if (!byId.has(d.rule)) byId.set(d.rule, { id: d.rule, severity: d.severity, description: d.rule, help: d.rule });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function ruleDescriptor(rule: RuleInfo, docs: string) {
  const slash = rule.id.indexOf('/');
  const group = slash < 0 ? rule.id : rule.id.slice(0, slash);
  const helpUri = rule.helpUri ?? `${docs}#${ruleAnchor(rule.id)}`;
  return {
    id: rule.id,
    name: pascalName(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.help },
    helpUri,
    help: { text: rule.help, markdown: `${markdownText(rule.help)}\n\nSee [\`${rule.id}\` in the ${rule.helpUri === undefined ? 'rules reference' : 'reference'}](${helpUri}).` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [group], ...(rule.preset ? { preset: rule.preset } : {}) },
    // SARIF's message strings number their arguments: `{subject}` becomes `{0}`, in order of first use.
    ...(rule.messages ? { messageStrings: Object.fromEntries(Object.entries(rule.messages).map(([id, template]) => [id, { text: positional(template).text }])) } : {}),
  };
}

/** `a {x} b {y} {x}` → `a {0} b {1} {0}` and the names in that order. */
export function positional(template: string): { text: string; names: string[] } {
  const names: string[] = [];
  const text = template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `{${names.indexOf(name)}}`;
  });
  return { text, names };
}

function message(d: Diagnostic, rule: RuleInfo | undefined) {
  const template = d.messageId !== undefined ? rule?.messages?.[d.messageId] : undefined;
  if (template === undefined || d.messageId === undefined) return { text: d.message };
  const args = d.args ?? {};
  return { text: d.message, id: d.messageId, arguments: positional(template).names.map((name) => String(args[name] ?? '')) };
}

function result(d: Diagnostic, ruleIndex: number, rule: RuleInfo | undefined) {
  return {
    ruleId: d.rule,
    ruleIndex,
    level: LEVEL[d.severity],
    message: message(d, rule),
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(d.file), uriBaseId: SRCROOT },
          region: { startLine: d.line, startColumn: d.column, endLine: Math.max(d.endLine, d.line), endColumn: Math.max(d.endColumn, 1) },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(d) },
    ...(d.messageId !== undefined ? { properties: { messageId: d.messageId, arguments: d.args ?? {} } } : {}),
  };
}

/**
 * Identity of a finding without its line: rule, file and JSON pointer (or the message when the
 * finding has no pointer). Code scanning uses it to recognise the same alert across commits.
 */
export function fingerprint(d: Pick<Diagnostic, 'rule' | 'file' | 'pointer' | 'message'>): string {
  const where = d.pointer !== undefined ? `pointer:${d.pointer}` : `message:${d.message}`;
  return createHash('sha256').update(`${d.rule}\0${d.file}\0${where}`).digest('hex').slice(0, 32);
}

/** A relative URI reference for a posix display path: each segment percent-encoded, `/` kept. */
export function fileUri(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}

/** `registry/producer-unknown` → `RegistryProducerUnknown`, SARIF's readable rule name. */
export function pascalName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    // An all-caps part (a diff change kind, `TYPE_NARROWED`) reads as a word: `TypeNarrowed`.
    .map((part) => part.charAt(0).toUpperCase() + (part === part.toUpperCase() ? part.slice(1).toLowerCase() : part.slice(1)))
    .join('');
}
