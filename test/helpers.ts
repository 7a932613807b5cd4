/** Runs the CLI in-process with captured output, as a user would from `cwd`. */
import { main } from '../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; stdin?: NodeJS.ReadableStream }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    isTTY: false,
    stdin: options.stdin,
  });
  return { code, stdout, stderr };
}
