/** The diff formatters by name, for the CLI (each is a pure function of the report). */
export { formatDiffJson } from './format-json.js';
export { formatDiffMarkdown } from './format-markdown.js';
export { formatDiffText } from './format-text.js';
export type { DiffFormatOptions, DiffFormatter, SideDisplay } from './format-common.js';
