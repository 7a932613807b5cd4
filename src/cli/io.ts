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

export function processIo(): CliIo {
  // `sguild-contracts validate big.ndjson | head` closes our stdout early: that is the reader
  // saying it has seen enough, not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    isStderrTTY: Boolean(process.stderr.isTTY),
    stdin: process.stdin,
  };
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
