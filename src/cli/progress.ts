/**
 * A progress line on stderr for long runs: shown only on a terminal, only for the human format,
 * never under CI (CI logs keep every carriage return as a line), and only after the first second,
 * so short runs print nothing extra. Overwritten in place, erased before the result is printed.
 */
import type { CliIo } from './io.js';
import { TOOL_NAME } from './version.js';

const DELAY_MS = 1000;
const EVERY_MS = 200;

export interface Progress {
  update(count: number): void;
  clear(): void;
}

export function progressLine(io: CliIo, humanFormat: boolean, describe: (count: number) => string, now: () => number = Date.now): Progress | undefined {
  if (!humanFormat || !io.isStderrTTY || io.env.CI) return undefined;
  const start = now();
  let last = 0;
  let shown = false;
  return {
    update(count) {
      const t = now();
      if (t - start < DELAY_MS || t - last < EVERY_MS) return;
      last = t;
      shown = true;
      io.stderr(`\r\u001b[K${TOOL_NAME}: ${describe(count)}`);
    },
    clear() {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}
