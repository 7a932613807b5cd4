/**
 * Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict, the semver line
 * and one table row per change. Locations are `file#pointer`, which read the same for folders,
 * tarballs and git revisions.
 */
import { describeCounts, describeWitness, pointerLocation, verdictOf, witnessesOf, type DiffFormatter } from './format-common.js';
import { describeConsumers } from './consumers.js';
import { describeFix, describeSemver } from './report.js';

const HEADINGS = {
  breaking: '✖ Breaking contract changes',
  warning: '⚠ Compatible contract changes, with warnings',
  compatible: '✔ Compatible contract changes',
  unchanged: '✔ No contract changes',
};
const SEVERITY = { breaking: '✖ breaking', warning: '⚠ warning', info: 'ℹ info' };

/** Table cells: no pipes or line breaks may leak into the table structure. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export const formatDiffMarkdown: DiffFormatter = (report) => {
  const verdict = verdictOf(report);
  const lines: string[] = [`## ${HEADINGS[verdict]}`, ''];
  const semver = describeSemver(report.semver);
  const fix = describeFix(report.semver);
  lines.push(`**Semver:** ${semver}${report.semver.sufficient ? '' : ` — **the declared bump is too small**${fix ? `: ${fix}` : ''}`}`, '');
  const yes = (ok: boolean) => (ok ? 'yes' : 'no');
  lines.push(`**Backward compatible:** ${yes(report.compatibility.backward)} · **Forward compatible:** ${yes(report.compatibility.forward)} · ${report.changes.length ? describeCounts(report.changes) : 'no changes'}`, '');
  if (report.changes.length) {
    lines.push('| Severity | Event type | Version | Change | Location | Details |', '|---|---|---|---|---|---|');
    for (const c of report.changes) {
      const details = [cell(c.message), ...witnessesOf(c).map((w) => `Witness: ${code(cell(describeWitness(w)))}`)];
      if (c.consumers?.length) details.push(cell(`(${describeConsumers(c)})`));
      lines.push(`| ${SEVERITY[c.severity]} | ${c.eventType ? code(cell(c.eventType)) : ''} | ${c.schemaVersion ?? ''} | ${code(c.kind)} | ${code(cell(pointerLocation(c)))} | ${details.join(' ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
};
