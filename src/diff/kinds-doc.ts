/**
 * docs/diff.md's "Change kinds" section, generated from the catalogue in src/diff/kinds.ts so
 * the table cannot drift from what the differ reports (`npm run docs` writes it;
 * test/diff/kinds-doc.test.ts fails when the committed file differs).
 */
import { bumpOf, effectFlags, KINDS, severityOf, type KindInfo } from './kinds.js';
import type { Policy } from './types.js';

/** The line that starts the generated part; everything from it to the end of the file is replaced. */
export const KINDS_SECTION_START = '## Change kinds';

const GROUP_TITLES: Record<KindInfo['group'], string> = {
  type: 'Types',
  value: 'Values (`enum`, `const`)',
  object: 'Objects',
  array: 'Arrays',
  string: 'Strings',
  number: 'Numbers and bounds',
  composition: 'Composition',
  reference: 'References and what the differ cannot judge',
  metadata: 'Metadata',
  registry: 'Registry, envelope and shared schemas',
  files: 'Documents and examples',
};

const mark = (b: boolean) => (b ? '✓' : '✗');

function columns(info: KindInfo): [string, string, string, string] {
  if (info.effect === 'computed' && info.id !== 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL') return ['computed', 'computed', 'from the flags', 'from the flags'];
  const per = (policy: Policy) => {
    const flags = effectFlags(info.effect, policy, info.id);
    const severity = severityOf(info, flags);
    return { flags, severity, bump: bumpOf(info, severity) };
  };
  const lenient = per('lenient');
  const strict = per('strict');
  const same = lenient.flags.backward === strict.flags.backward && lenient.flags.forward === strict.flags.forward;
  if (same) return [mark(lenient.flags.backward), mark(lenient.flags.forward), lenient.severity, lenient.bump];
  const both = (f: (x: typeof lenient) => string) => (f(lenient) === f(strict) ? f(lenient) : `lenient ${f(lenient)} / strict ${f(strict)}`);
  return [
    both((x) => mark(x.flags.backward)),
    both((x) => mark(x.flags.forward)),
    lenient.severity === strict.severity ? lenient.severity : `lenient: ${lenient.severity} / strict: ${strict.severity}`,
    lenient.bump === strict.bump ? lenient.bump : `${lenient.bump} / ${strict.bump}`,
  ];
}

export function renderKindsSection(): string {
  const lines = [KINDS_SECTION_START, '', '<!-- Generated from src/diff/kinds.ts by `npm run docs`; edit the catalogue, not this table. -->', ''];
  const groups = new Map<KindInfo['group'], KindInfo[]>();
  for (const info of KINDS.values()) {
    const list = groups.get(info.group) ?? [];
    list.push(info);
    groups.set(info.group, list);
  }
  for (const [group, infos] of groups) {
    lines.push(`### ${GROUP_TITLES[group]}`, '', '| Kind | Backward | Forward | Severity | Semver | Meaning |', '|---|---|---|---|---|---|');
    for (const info of infos) lines.push(`| \`${info.id}\` | ${columns(info).join(' | ')} | ${info.description} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The document with its kinds section regenerated (the section runs to the end of the file). */
export function withKindsSection(doc: string): string {
  const start = doc.indexOf(`\n${KINDS_SECTION_START}\n`);
  const head = start < 0 ? `${doc.trimEnd()}\n` : doc.slice(0, start + 1);
  return `${head}${renderKindsSection()}`;
}
