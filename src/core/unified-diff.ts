/** A unified diff (`--- a/x`, `+++ b/x`, `@@` hunks with three lines of context), for `check --fix-dry-run`. */
const CONTEXT = 3;
/** Beyond this many lines × lines the whole file is shown as replaced (LCS would be too slow). */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(path: string, before: string | null, after: string | null): string {
  const a = lines(before);
  const b = lines(after);
  const ops = a.length * b.length > MAX_CELLS ? [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))] : lcsOps(a, b);
  const out = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ ${after === null ? '/dev/null' : `b/${path}`}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change within reach.
    let start = i;
    while (start > 0 && i - start < CONTEXT && ops[start - 1]!.kind === ' ') start--;
    let end = i;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * CONTEXT) {
      quiet = ops[end]!.kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end -= Math.max(0, quiet - CONTEXT);
    const hunk = ops.slice(start, end);
    const oldStart = ops.slice(0, start).filter((o) => o.kind !== '+').length;
    const newStart = ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const oldLen = hunk.filter((o) => o.kind !== '+').length;
    const newLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${oldLen ? oldStart + 1 : oldStart},${oldLen} +${newLen ? newStart + 1 : newStart},${newLen} @@`);
    for (const op of hunk) out.push(op.kind + op.line);
    i = end;
  }
  return out.join('\n') + '\n';
}

function lines(text: string | null): string[] {
  if (text === null || text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  // table[i][j]: the LCS length of a[i..] and b[j..]; every index below is within 0..n × 0..m.
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i]!;
    const below = table[i + 1]!;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const line = a[i]!;
    if (line === b[j]) {
      ops.push({ kind: ' ', line });
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  for (const line of a.slice(i)) ops.push({ kind: '-', line });
  for (const line of b.slice(j)) ops.push({ kind: '+', line });
  return ops;
}
