/**
 * The rules reference, rendered from rule metadata alone: the `rules` command's table and JSON,
 * and docs/rules.md (regenerated with `sguild-contracts rules --format markdown > docs/rules.md`
 * or `node --import tsx scripts/gen-rules-doc.ts`; a test fails when the committed file is stale).
 */
import { PRESETS, type Preset } from '../diagnostics/presets.js';
import type { DiagnosticInfo } from '../diagnostics/catalogue.js';
import { markdownText, ruleAnchor } from './markdown.js';

export { ruleAnchor };

/** A catalogue entry (src/diagnostics/catalogue.ts); only configurable ones have a preset. */
export type RuleDoc = Pick<DiagnosticInfo, 'id' | 'severity' | 'preset' | 'description' | 'help' | 'fixable'> & { configurable?: boolean };


export function groupOf(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

/** Presets nest, so a rule whose lowest preset is `recommended` is also in `strict`. */
export function presetsOf(preset: Preset | undefined): Preset[] {
  return preset === undefined ? [] : PRESETS.slice(PRESETS.indexOf(preset));
}

export function renderRulesText(rules: readonly RuleDoc[]): string {
  const rows = [['RULE', 'GROUP', 'SEVERITY', 'PRESETS', 'DESCRIPTION']];
  for (const rule of sorted(rules)) rows.push([rule.id, groupOf(rule.id), rule.severity, presetsOf(rule.preset).join(','), rule.description]);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
  lines.push('', `${rules.length} rules; presets nest: minimal ⊂ recommended ⊂ strict (the default is recommended).`);
  return lines.join('\n') + '\n';
}

export function renderRulesJson(rules: readonly RuleDoc[]): string {
  const list = sorted(rules).map((rule) => ({
    id: rule.id,
    group: groupOf(rule.id),
    severity: rule.severity,
    preset: rule.preset,
    presets: presetsOf(rule.preset),
    description: rule.description,
    help: rule.help,
  }));
  return JSON.stringify({ version: 1, rules: list }, null, 2) + '\n';
}

/** docs/rules.md from the whole catalogue: the configurable diagnostics (rules, the gate's) by group, then the others. */
export function renderRulesMarkdown(catalogue: readonly RuleDoc[]): string {
  const list = sorted(catalogue.filter((d) => d.configurable !== false));
  const tool = catalogue.filter((d) => d.configurable === false);
  const groups = [...new Set(list.map((rule) => groupOf(rule.id)))];
  const out: string[] = [
    '# Rules reference',
    '',
    '<!-- Generated from the diagnostic catalogue by `sguild-contracts rules --format markdown`; do not edit by hand.',
    '     Regenerate with `npm run docs`. -->',
    '',
    `${list.length} rules in ${groups.length} groups. Each rule has a default severity and the lowest preset it belongs to; presets nest ` +
      '(minimal ⊂ recommended ⊂ strict), and `check` runs the `recommended` preset unless the configuration says otherwise ' +
      '(see [ci.md](ci.md) for `extends`, per-rule and per-group severities, and ignores).',
    '',
    '| Rule | Severity | Presets | Description |',
    '| --- | --- | --- | --- |',
  ];
  for (const rule of list) {
    out.push(`| [\`${rule.id}\`](#${ruleAnchor(rule.id)}) | ${rule.severity} | ${presetsOf(rule.preset).join(', ')} | ${cell(rule.description)} |`);
  }
  for (const group of groups) {
    out.push('', `## ${group}`);
    for (const rule of list.filter((r) => groupOf(r.id) === group)) {
      out.push(
        '',
        `### \`${rule.id}\``,
        '',
        `${markdownText(rule.description)}.`,
        '',
        `- Default severity: ${rule.severity}`,
        `- Presets: ${presetsOf(rule.preset).join(', ')}`,
        `- Fixture: [\`fixtures/rules/${rule.id}/\`](../fixtures/rules/${rule.id}/)`,
        ...(rule.fixable ? [`- Fixable with \`check --fix\`: ${markdownText(rule.fixable)} (before → after: [\`fixtures/fix/rules/${rule.id}/\`](../fixtures/fix/rules/${rule.id}/))`] : []),
        '',
        markdownText(rule.help),
      );
    }
  }
  if (tool.length) {
    out.push(
      '',
      '## Diagnostics that cannot be configured',
      '',
      'These cannot be turned off, given another severity or ignored: they report what stops code generation (`build/*`, which `check` reports as well as `build`), ' +
        'a file the `check --base` gate could not compare (`compat/incomplete`), problems with the configuration file and the baseline, and failures of the tool.',
    );
    for (const d of [...tool].sort((a, b) => cmp(a.id, b.id))) {
      out.push('', `### \`${d.id}\``, '', `${markdownText(d.description)}.`, '', `- Severity: ${d.severity}`, '', markdownText(d.help));
    }
  }
  return out.join('\n') + '\n';
}

function sorted<T extends { id: string }>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => cmp(a.id, b.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cell(text: string): string {
  return markdownText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
