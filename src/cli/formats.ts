/**
 * The one format registry: every output format by name and which commands offer it. Each
 * command builds its `--format` option from it (src/cli/commands/format-option.ts), so commander
 * validates the choice (`Option.choices`) and generates the help text; a bad value gets one
 * message for every command and every flag with choices (`choiceError`), with the likely name
 * suggested. Nothing here loads commander: `--version` answers without it.
 */
import { didYouMean } from '../core/did-you-mean.js';

/** Every output format, with what it is for (shown in `--help`). */
export const FORMATS = {
  text: 'for people: one line per finding, grouped, then a summary',
  json: 'for programs: the report as JSON',
  sarif: 'SARIF 2.1.0, for GitHub code scanning and other SARIF viewers',
  github: 'GitHub Actions workflow commands: an annotation per finding on its line',
  junit: 'JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure)',
  markdown: 'GitHub-flavoured Markdown, for a pull-request comment or the step summary',
  mermaid: 'a Mermaid diagram',
} as const;

export type FormatName = keyof typeof FORMATS;

/** Which formats each command offers, the first being its default. */
export const COMMAND_FORMATS = {
  check: ['text', 'json', 'sarif', 'github', 'junit', 'markdown'],
  diff: ['text', 'json', 'markdown', 'github', 'sarif'],
  validate: ['text', 'json', 'github', 'junit', 'sarif'],
  rules: ['text', 'json', 'markdown'],
  trace: ['text', 'json', 'mermaid'],
} as const satisfies Record<string, readonly FormatName[]>;

export type CommandWithFormats = keyof typeof COMMAND_FORMATS;
export type FormatOf<C extends CommandWithFormats> = (typeof COMMAND_FORMATS)[C][number];

/** The help line listing what each of a command's formats is for. */
export function formatsHelp(command: CommandWithFormats): string {
  const names: readonly FormatName[] = COMMAND_FORMATS[command];
  const width = Math.max(...names.map((n) => n.length));
  return `\nFormats:\n${names.map((n) => `  ${n.padEnd(width)}  ${FORMATS[n]}`).join('\n')}`;
}

/**
 * commander's "option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are
 * text, json." as `--format must be one of text, json, not "xml"` (plus `; did you mean "…"?`),
 * the style of every other bad value; undefined for any other message.
 */
export function choiceError(message: string): string | undefined {
  const match = /^(?:error: )?option '([^']*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s.exec(message.trim());
  if (!match) return undefined;
  const [, flags, value, list] = match as unknown as [string, string, string, string];
  const flag = /--[a-z][a-z0-9-]*/.exec(flags)?.[0] ?? flags;
  const choices = list.split(', ');
  const name = flag === '--format' ? value.replace(/=.*/s, '').trim() : value;
  return `${flag} must be one of ${choices.join(', ')}, not "${name}"${didYouMean(name, choices)}`;
}
