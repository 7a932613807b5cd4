/** Every report format by name, and the `--format name[=file]` syntax that picks them. */
import { didYouMean } from '../core/did-you-mean.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { Formatter } from './types.js';

export const FORMATTERS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  markdown: formatMarkdown,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

export interface FormatSpec {
  format: FormatName;
  /** Where to write it; undefined means standard output (or `--output`). */
  file?: string;
}

/** `sarif=out/findings.sarif` → { format: 'sarif', file: 'out/findings.sarif' }; an error message otherwise. */
export function parseFormatSpec(spec: string): FormatSpec | { error: string } {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const file = eq < 0 ? undefined : spec.slice(eq + 1);
  if (!isFormatName(name)) return { error: `--format must be one of ${FORMAT_NAMES.join(', ')}, not "${name}"${didYouMean(name, FORMAT_NAMES)}` };
  if (file !== undefined && file.trim() === '') return { error: `--format ${name}= needs a file name after "="` };
  return file === undefined ? { format: name } : { format: name, file };
}
