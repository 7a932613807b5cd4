/** Runs the CLI in-process with captured output, as a user would from `cwd`. */
import assert from 'node:assert/strict';
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

/** `list[index]`, failing the test (with the list's length) when there is no such item. */
export function nth<T>(list: ArrayLike<T>, index: number): T {
  const item = list[index];
  if (item === undefined) throw new assert.AssertionError({ message: `expected an item at index ${index}, the list has ${list.length}` });
  return item;
}

/** A file of a tree (path → text), failing the test when the tree has no such file. */
export function fileIn(files: Record<string, string>, path: string): string {
  const text = files[path];
  if (text === undefined) throw new assert.AssertionError({ message: `no ${path} in the tree` });
  return text;
}
