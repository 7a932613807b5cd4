/** "Did you mean …?" for misspelt configuration keys, rule ids and values: the closest candidate by edit distance. */

/** The candidate closest to `value` (ignoring case) when it is close enough to be a likely typo. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  // An abbreviation ("warn", "rec") is the likeliest mistake of all.
  const prefixed = [...candidates].filter((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower) && c !== value).sort();
  if (prefixed.length === 1) return prefixed[0];
  // Short words get one edit; longer ones about one per three characters (rule ids are long).
  const limit = Math.max(1, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...candidates].sort()) {
    if (candidate === value) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `; did you mean "x"?`, or `otherwise` (e.g. `; use one of a, b`) when nothing is close. */
export function didYouMean(value: string, candidates: Iterable<string>, otherwise = ''): string {
  const match = closest(value, candidates);
  return match === undefined ? otherwise : `; did you mean "${match}"?`;
}

/** Optimal string alignment distance: insert, delete, substitute, or swap two neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
