/** The event inputs `validate` and `trace` read: files, named pipes or standard input ("-"). */
import { createReadStream, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError, type CliIo } from './io.js';

export interface EventInput {
  /** How reports name the input: a path relative to the working folder, or `<stdin>`. */
  name: string;
  open(): AsyncIterable<Uint8Array | string>;
}

export const DEFAULT_MAX_EVENT_SIZE = '4M';

export function eventInputs(files: readonly string[], io: CliIo): EventInput[] {
  const names = files.length ? files : ['-'];
  if (names.filter((f) => f === '-').length > 1) throw new UsageError('standard input ("-") can be read only once');
  return names.map((name) => {
    if (name === '-') {
      const stdin = io.stdin;
      if (!stdin) throw new UsageError('no standard input to read; pass event files');
      if (!files.length && (stdin as { isTTY?: boolean }).isTTY) throw new UsageError('no input: pass event files, or pipe events on standard input');
      const why = io.stdinProblem?.();
      if (why) throw new UsageError(`${why}: pass event files, or pipe events on standard input`);
      return { name: '<stdin>', open: () => stdin as AsyncIterable<Uint8Array | string> };
    }
    const path = resolve(io.cwd, name);
    let readable = false;
    try {
      // Named pipes too, so `validate <(producer --dump)` works.
      const stat = statSync(path);
      readable = stat.isFile() || stat.isFIFO();
    } catch {
      throw new UsageError(`input file not found: ${name}`);
    }
    if (!readable) throw new UsageError(`not a file: ${name}; pass event files (JSON, JSON array or NDJSON)`);
    const shown = relative(io.cwd, path).split('\\').join('/');
    return { name: shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : name, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
  });
}

export function positiveInteger(text: string, flag: string): number {
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  return Number(text);
}

export function byteSize(text: string): number {
  const match = /^([1-9][0-9]*)([kKmM]?)$/.exec(text);
  if (!match) throw new UsageError(`--max-event-size must be a positive number of bytes (e.g. 1048576, 512K or 4M), got "${text}"`);
  const suffix = match[2]?.toLowerCase();
  const unit = suffix === 'k' ? 1024 : suffix === 'm' ? 1024 * 1024 : 1;
  return Number(match[1]) * unit;
}
