/**
 * The human report: changes grouped by event type (most severe group first), each with its
 * kind, message and location (`file:line:column` when the file is on disk), then the
 * compatibility and semver verdicts.
 */
import { Chalk } from 'chalk';
import { changeLocation, describeCounts, describeWitness, groupChanges, verdictOf, witnessesOf, type DiffFormatter } from './format-common.js';
import { describeConsumers } from './consumers.js';
import { describeFix, describeSemver } from './report.js';

export const formatDiffText: DiffFormatter = (report, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const paint = { breaking: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  const { oldVersion, newVersion } = report.semver;
  if (oldVersion !== null || newVersion !== null) lines.push(c.bold(`Contract diff ${oldVersion ?? '(unversioned)'} → ${newVersion ?? '(unversioned)'}`), '');
  for (const group of groupChanges(report.changes)) {
    lines.push(c.underline(group.label));
    for (const change of group.changes) {
      const version = change.schemaVersion !== undefined ? `  v${change.schemaVersion}` : '';
      lines.push(`  ${paint[change.severity](change.severity.padEnd(8))}  ${change.kind}${version}  ${change.message}`);
      lines.push(`  ${' '.repeat(8)}  ${c.dim(changeLocation(change, options))}`);
      if (change.consumers?.length) lines.push(`  ${' '.repeat(8)}  ${paint[change.severity](describeConsumers(change))}`);
      for (const w of witnessesOf(change)) lines.push(`  ${' '.repeat(8)}  witness: ${describeWitness(w)}`);
    }
    lines.push('');
  }
  const yes = (ok: boolean) => (ok ? c.green('yes') : c.red('no'));
  lines.push(`Backward compatible: ${yes(report.compatibility.backward)}  Forward compatible: ${yes(report.compatibility.forward)}`);
  const fix = describeFix(report.semver);
  lines.push(`Semver: ${describeSemver(report.semver)}${report.semver.sufficient ? '' : c.red(` (declared bump is too small${fix ? `: ${fix}` : ''})`)}`);
  const verdict = verdictOf(report);
  if (verdict === 'unchanged') lines.push(c.green('✔ no changes'));
  else if (verdict === 'breaking') lines.push(c.red(`✖ ${describeCounts(report.changes)}`));
  else if (verdict === 'warning') lines.push(c.yellow(`⚠ ${describeCounts(report.changes)}`));
  else lines.push(c.green(`✔ ${describeCounts(report.changes)}`));
  return lines.join('\n') + '\n';
};
