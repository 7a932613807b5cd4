/** Every report format by name; the names and the `--format name[=file]` syntax are in format-spec.ts. */
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { FormatName } from './format-spec.js';
import type { Formatter } from './types.js';

export { FORMAT_NAMES, isFormatName, parseFormatSpec, type FormatName, type FormatSpec } from './format-spec.js';

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  markdown: formatMarkdown,
};
