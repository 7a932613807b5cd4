/**
 * "Did you mean …?" for misspelt names (registry keys, keywords, rule ids, files): the closest
 * candidate by edit distance, one implementation for every message that suggests a name.
 */

/** The candidate closest to `value` (ignoring case), if it is close enough to be a likely typo. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  const list = [...candidates];
  // An abbreviation ("warn", "rec") is the likeliest mistake of all.
  const prefixed = list.filter((c) => lower.length >= 3 && c !== value && c.toLowerCase().startsWith(lower)).sort();
  if (prefixed.length === 1) return prefixed[0];
  // Short names get one edit, longer ones about one per three characters.
  const limit = Math.max(1, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    if (candidate === value) continue;
    if (Math.abs(candidate.length - value.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
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

/** Optimal string alignment distance (a swap of two neighbours is one edit), capped at `limit + 1`. */
function editDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      // prev and row hold b.length + 1 and j entries, prevPrev (from i > 1 on) b.length + 1.
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}
