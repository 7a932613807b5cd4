/**
 * Regular-expression inclusion is not decided in general, but the common edit is: a pattern
 * whose character classes gained or lost characters (`[a-z0-9_]` → `[a-z0-9_-]`) while the rest
 * stayed the same. This recognises exactly that case and nothing more; anything else stays
 * "changed".
 */

type Token = { text: string } | { negated: boolean; items: Set<string> };

const MAX_RANGE = 512;

/** Splits a pattern into literal runs and character classes; undefined when it cannot tell. */
function tokenize(pattern: string): Token[] | undefined {
  const tokens: Token[] = [];
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      text += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (c !== '[') {
      text += c;
      continue;
    }
    if (text) tokens.push({ text });
    text = '';
    let j = i + 1;
    const negated = pattern[j] === '^';
    if (negated) j++;
    const items = new Set<string>();
    const members: string[] = [];
    let first = true;
    for (; j < pattern.length; j++) {
      const d = pattern.charAt(j);
      if (d === ']' && !first) break;
      first = false;
      if (d === '[') return undefined; // nested classes or set notation: give up
      if (d === '\\') {
        members.push(pattern.slice(j, j + 2));
        j++;
      } else members.push(d);
    }
    if (j >= pattern.length) return undefined;
    for (let k = 0; k < members.length; k++) {
      const m = members[k]!;
      const end = members[k + 2];
      if (members[k + 1] === '-' && end !== undefined && m.length === 1 && end.length === 1) {
        const from = m.codePointAt(0)!;
        const to = end.codePointAt(0)!;
        if (to < from || to - from > MAX_RANGE) return undefined;
        for (let cp = from; cp <= to; cp++) items.add(String.fromCodePoint(cp));
        k += 2;
      } else items.add(m.length === 2 && /^\\[^a-zA-Z0-9]$/.test(m) ? m.charAt(1) : m);
    }
    tokens.push({ negated, items });
    i = j;
  }
  if (text) tokens.push({ text });
  return tokens;
}

/** `widened`/`narrowed`/`equivalent` when provable from class edits alone, else `changed`. */
export function comparePatterns(before: string, after: string): 'widened' | 'narrowed' | 'equivalent' | 'changed' {
  const a = tokenize(before);
  const b = tokenize(after);
  if (!a || !b || a.length !== b.length) return 'changed';
  let wider = true;
  let narrower = true;
  for (const [i, x] of a.entries()) {
    const y = b[i]!; // as long as a
    if ('text' in x || 'text' in y) {
      if (!('text' in x) || !('text' in y) || x.text !== y.text) return 'changed';
      continue;
    }
    if (x.negated !== y.negated) return 'changed';
    const grows = [...x.items].every((c) => y.items.has(c));
    const shrinks = [...y.items].every((c) => x.items.has(c));
    // A negated class accepts more when its set shrinks.
    if (!(x.negated ? shrinks : grows)) wider = false;
    if (!(x.negated ? grows : shrinks)) narrower = false;
  }
  if (wider && narrower) return 'equivalent';
  return wider ? 'widened' : narrower ? 'narrowed' : 'changed';
}
