/**
 * Bounds a regular expression implies on the length of the strings it accepts, where that is
 * decidable from its syntax: `^[0-9a-f]{40}$` accepts exactly 40 code points, so `maxLength: 40`
 * next to it is a no-op. Handles literals, escapes, classes, `.`, groups, alternation and the
 * quantifiers `? * + {n} {n,} {n,m}`; anything else (lookarounds, backreferences) gives up.
 * An unanchored pattern matches inside longer strings, so only its minimum length carries over.
 */

export interface LengthRange {
  min: number;
  max: number;
}

const cache = new Map<string, LengthRange | null>();

export function patternLength(pattern: string): LengthRange | undefined {
  let found = cache.get(pattern);
  if (found === undefined) {
    found = compute(pattern) ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, found);
  }
  return found ?? undefined;
}

function compute(pattern: string): LengthRange | undefined {
  const anchoredStart = pattern.startsWith('^');
  const anchoredEnd = pattern.endsWith('$') && !pattern.endsWith('\\$');
  const body = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  const parser = new Parser(body);
  const range = parser.alternation();
  if (!range || parser.i !== body.length) return undefined;
  // A top-level alternation binds looser than the anchors (`^a|b$`): only trust full anchoring without one.
  if (anchoredStart && anchoredEnd && !parser.topLevelAlternation) return range;
  return { min: range.min, max: Infinity };
}

class Parser {
  i = 0;
  topLevelAlternation = false;
  private depth = 0;
  constructor(private readonly s: string) {}

  alternation(): LengthRange | undefined {
    let result = this.sequence();
    if (!result) return undefined;
    while (this.s[this.i] === '|') {
      if (this.depth === 0) this.topLevelAlternation = true;
      this.i++;
      const next = this.sequence();
      if (!next) return undefined;
      result = { min: Math.min(result.min, next.min), max: Math.max(result.max, next.max) };
    }
    return result;
  }

  private sequence(): LengthRange | undefined {
    let min = 0;
    let max = 0;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      if (!atom) return undefined;
      const q = this.quantifier();
      if (!q) return undefined;
      min += atom.min * q.min;
      max += atom.max === 0 ? 0 : atom.max * q.max;
    }
    return { min, max };
  }

  private atom(): LengthRange | undefined {
    const c = this.s[this.i];
    if (c === '(') {
      this.i++;
      if (this.s[this.i] === '?') {
        if (this.s[this.i + 1] !== ':') return undefined; // lookarounds and named groups: give up
        this.i += 2;
      }
      this.depth++;
      const inner = this.alternation();
      this.depth--;
      if (!inner || this.s[this.i] !== ')') return undefined;
      this.i++;
      return inner;
    }
    if (c === '[') {
      let j = this.i + 1;
      if (this.s[j] === '^') j++;
      if (this.s[j] === ']') j++;
      for (; j < this.s.length && this.s[j] !== ']'; j++) {
        if (this.s[j] === '\\') j++;
        else if (this.s[j] === '[') return undefined;
      }
      if (j >= this.s.length) return undefined;
      this.i = j + 1;
      return { min: 1, max: 1 };
    }
    if (c === '\\') {
      const e = this.s[this.i + 1];
      if (e === undefined || /[1-9kbBpPu]/.test(e)) return undefined; // backreferences, word boundaries, properties, \u escapes: give up
      if (e === 'x') {
        this.i += 4;
        return { min: 1, max: 1 };
      }
      this.i += 2;
      return { min: 1, max: 1 };
    }
    if (c === '^' || c === '$' || c === '*' || c === '+' || c === '?' || c === '{') return undefined;
    // One code point (a surrogate pair counts once, as JSON Schema lengths do).
    const cp = this.s.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { min: 1, max: 1 };
  }

  private quantifier(): LengthRange | undefined {
    const c = this.s[this.i];
    let q: LengthRange = { min: 1, max: 1 };
    if (c === '?') q = { min: 0, max: 1 };
    else if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return undefined;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
      q = { min: lo, max: hi };
    } else return q;
    this.i++;
    if (this.s[this.i] === '?') this.i++; // lazy: same lengths
    return q;
  }
}
