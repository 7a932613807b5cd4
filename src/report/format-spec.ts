/**
 * The report format names and the `--format name[=file]` syntax, without the formatters
 * themselves (src/report/index.ts), so a command can read its flags before it loads them.
 */
import { didYouMean } from '../core/did-you-mean.js';

export const FORMAT_NAMES = ['text', 'json', 'sarif', 'github', 'junit', 'markdown'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
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
