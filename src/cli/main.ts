/**
 * The command line: parses flags, calls the core, picks a formatter. Each command lives in
 * src/cli/commands/<name>.ts and is imported only when it runs, so `--version` and `--help`
 * load nothing heavy.
 */
import { EXIT, processIo, UsageError, type CliIo } from './io.js';
import { TOOL_NAME, toolVersion } from './version.js';
import { choiceError } from './formats.js';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const code = await runCommand(argv, io);
  return io.settle ? io.settle(code) : code;
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  // The version alone needs no command line parser: answer it before loading one (what
  // commander prints for it, byte for byte).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout(`${toolVersion()}\n`);
    return EXIT.ok;
  }
  const [{ Command, CommanderError }, { registerCommands }] = await Promise.all([import('commander'), import('./commands/index.js')]);
  const program = new Command(TOOL_NAME)
    .description('Lint, build, diff and validate Sguild event contracts')
    .version(toolVersion(), '-V, --version')
    .option('--color', 'colour the output even when it is not a terminal (default: only on a terminal, never with NO_COLOR; FORCE_COLOR=1/0 also decide)')
    .option('--no-color', 'never colour the output')
    .exitOverride()
    // Every usage error is one line starting with the tool's name, commander's own included.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`${oneLine(text)}\n`) });
  program.hook('preAction', () => {
    const color = program.opts<{ color?: boolean }>().color;
    if (color !== undefined) io.color = color;
  });
  let exitCode: number = EXIT.ok;
  registerCommands(program, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage mistakes with a message and 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`${TOOL_NAME}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.SGUILD_CONTRACTS_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return EXIT.usage;
  }
  return exitCode;
}

/** commander's "error: unknown option '--x'\n(Did you mean --y?)" as `sguild-contracts: unknown option '--x' (did you mean --y?); see --help`. */
export function oneLine(text: string): string {
  // A value outside an option's choices reads like every other bad value, and suggests the likely one.
  const choice = choiceError(text);
  if (choice !== undefined) return `${TOOL_NAME}: ${choice}`;
  const [first, ...rest] = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const hints = rest.map((l) => l.replace(/^\((.*)\)$/, '$1').replace(/^Did you mean/, 'did you mean'));
  const message = (first ?? 'error').replace(/^error: /, '');
  return `${TOOL_NAME}: ${message}${hints.length ? ` (${hints.join('; ')})` : ''}; see ${TOOL_NAME} --help`;
}
