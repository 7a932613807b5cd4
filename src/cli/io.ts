import { fstatSync, statSync } from 'node:fs';

/** The CLI's window on the world, injectable so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colours are used only then, and never with NO_COLOR). */
  isTTY: boolean;
  stdin?: NodeJS.ReadableStream;
  /** --color / --no-color, when given: wins over the environment and the terminal. */
  color?: boolean;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  isStderrTTY?: boolean;
  /** Ends a --watch run (tests); without it, watching stops at SIGINT or SIGTERM. */
  stopWatching?: Promise<void>;
  /** Why standard input cannot be read (a folder, a closed descriptor), when it is the process's own. */
  stdinProblem?: () => string | undefined;
  /** True once standard output takes no more (the reader closed the pipe, the disk is full): stop producing. */
  stdoutFailed?: () => boolean;
  /** Waits until standard output is written, and turns a failure to write it into the final exit code. */
  settle?: (code: number) => Promise<number>;
}

/** Resolves when a --watch run should stop: the injected promise, else Ctrl-C or a termination signal. */
export function untilStopped(io: CliIo): Promise<void> {
  if (io.stopWatching) return io.stopWatching;
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * The process's own streams. Standard output is an output like any file: a reader that closes
 * the pipe early (`validate … | head`) ends the run quietly with the exit code the results so far
 * deserve; a write that fails otherwise (`check > /dev/full`, an I/O error) is one line on stderr
 * and exit code 2, never a stack trace or a truncated report passing for a whole one.
 */
export function processIo(): CliIo {
  let failure: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= error;
  });
  process.stderr.on('error', () => undefined); // nowhere left to say anything
  return {
    stdout: (text) => {
      if (!failure) process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    isStderrTTY: Boolean(process.stderr.isTTY),
    stdin: process.stdin,
    stdinProblem: () => descriptorProblem(0),
    stdoutFailed: () => failure !== undefined,
    async settle(code) {
      if (!failure) {
        await new Promise<void>((done) =>
          process.stdout.write('', (error) => {
            if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_DESTROYED') failure ??= error;
            done();
          }),
        );
        await new Promise((done) => setImmediate(done)); // a write's 'error' event can come after its callback
      }
      if (!failure || failure.code === 'EPIPE') return code;
      process.stderr.write(`sguild-contracts: cannot write to standard output: ${failure.code ?? failure.message}${failure.code === 'ENOSPC' ? ' (no space left on the device)' : ''}; the report is incomplete\n`);
      return EXIT.usage;
    },
  };
}

/**
 * Why a standard descriptor cannot be read: a folder (`validate < somedir`), or closed
 * (`validate <&-`: Node reopens a closed descriptor on /dev/null, so that is what it looks like).
 */
function descriptorProblem(fd: number): string | undefined {
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return 'standard input is a folder';
    if (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev) return 'standard input is closed (or /dev/null)';
  } catch (error) {
    return `standard input cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  return undefined;
}

/** --color/--no-color, then NO_COLOR, then FORCE_COLOR (0 or false turn colours off, anything else on), then the terminal. */
export function useColor(io: CliIo): boolean {
  if (io.color !== undefined) return io.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return io.isTTY;
}

/** A problem with how the tool was invoked: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
