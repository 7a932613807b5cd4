/** The `--format` option of a command, from the format registry (src/cli/formats.ts). */
import { InvalidArgumentError, Option } from 'commander';
import { COMMAND_FORMATS, type CommandWithFormats } from '../formats.js';

/**
 * `-f, --format <format>` for `command`: its formats as commander choices, the first as default.
 * With `withFile` (check) the option repeats and takes `name=file` too: the name part is checked
 * against the same choices, with the same message.
 */
export function formatOption(command: CommandWithFormats, description: string, options: { withFile?: boolean } = {}): Option {
  const names: readonly string[] = COMMAND_FORMATS[command];
  if (!options.withFile) return new Option('-f, --format <format>', description).choices(names).default(names[0]);
  // A repeatable option collects a list, so its default is stated rather than set.
  const option = new Option('-f, --format <name[=file]>', `${description} (default: ${names[0]})`).choices(names);
  return option.argParser((value: string, previous: string[] | undefined) => {
    const eq = value.indexOf('=');
    const name = (eq < 0 ? value : value.slice(0, eq)).trim();
    if (!names.includes(name)) throw new InvalidArgumentError(`Allowed choices are ${names.join(', ')}.`);
    return [...(previous ?? []), value];
  });
}

