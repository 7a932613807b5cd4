/**
 * The command line: parses flags, calls the core, picks a formatter. Each command lives in
 * src/cli/commands/<name>.ts and is imported only when it runs, so `--version` and `--help`
 * load nothing heavy.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, processIo, UsageError, type CliIo } from './io.js';
import { TOOL_NAME, toolVersion } from './version.js';
import { registerCommands } from './commands/index.js';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = new Command(TOOL_NAME)
    .description('Lint, build, diff and validate Sguild event contracts')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
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
