/**
 * A short unified-style diff for `build --check`: the first differing region only, with a line
 * of context, a few lines each side, long lines cut. Enough to see what changed, never a wall.
 */
const CONTEXT = 1;
const MAX_LINES = 5;
const MAX_WIDTH = 160;

export function shortDiff(before: string, after: string): string[] {
  // A final newline ends the last line; it is not an empty line of its own.
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - CONTEXT);
  const removed = a.slice(start, endA);
  const added = b.slice(start, endB);
  const lines = [`@@ -${from + 1},${start - from + removed.length} +${from + 1},${start - from + added.length} @@`];
  for (const line of a.slice(from, start)) lines.push(` ${cut(line)}`);
  lines.push(...limited(removed, '-'), ...limited(added, '+'));
  return lines;
}

function limited(lines: string[], sign: string): string[] {
  const shown = lines.slice(0, MAX_LINES).map((l) => `${sign}${cut(l)}`);
  if (lines.length > MAX_LINES) shown.push(`${sign}… ${lines.length - MAX_LINES} more line${lines.length - MAX_LINES === 1 ? '' : 's'}`);
  return shown;
}

function cut(line: string): string {
  return line.length > MAX_WIDTH ? `${line.slice(0, MAX_WIDTH)}…` : line;
}
