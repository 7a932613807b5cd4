/**
 * A few strings a regular expression accepts, for building witnesses: literals, escapes, classes
 * (`[a-z0-9_]`, `[^…]`, `\d`, `\w`, `\s`, `.`), groups, alternation and quantifiers. Each
 * candidate is confirmed with the regex itself (through the linear-time engine), so an
 * unsupported construct yields fewer samples, never a wrong one.
 */
import { safeRegExp } from '../../core/safe-regexp.js';

type Node =
  | { kind: 'chars'; choices: string[] }
  | { kind: 'seq'; items: { node: Node; min: number; max: number }[] }
  | { kind: 'alt'; options: Node[] };

const MAX_REPEAT_EXTRA = 2;

const cache = new Map<string, string[]>();

export function sampleStrings(pattern: string, minLength = 0, maxLength = Infinity): string[] {
  const key = `${minLength}\u0000${maxLength}\u0000${pattern}`;
  let found = cache.get(key);
  if (!found) {
    found = compute(pattern, minLength, maxLength);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, found);
  }
  return found;
}

function compute(pattern: string, minLength: number, maxLength: number): string[] {
  const anchoredStart = pattern.startsWith('^');
  const anchoredEnd = pattern.endsWith('$') && !pattern.endsWith('\\$');
  const body = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  let regex: { test(s: string): boolean };
  try {
    regex = safeRegExp(pattern, 'u');
  } catch {
    return [];
  }
  const parser = new Parser(body);
  const tree = parser.alternation();
  const out = new Set<string>();
  if (tree && parser.i === body.length) {
    for (const mode of ['min', 'more', 'last', 'more-last'] as const) out.add(render(tree, mode));
  }
  const candidates = [...out].flatMap((s) => [s, ...padTo(s, minLength)]);
  return [...new Set(candidates)].filter((s) => {
    const length = [...s].length;
    return length >= minLength && length <= maxLength && regex.test(s);
  });
}

/** An unanchored pattern also matches inside a longer string: pad to reach a minimum length. */
function padTo(s: string, minLength: number): string[] {
  const length = [...s].length;
  if (length >= minLength) return [];
  return [s + 'a'.repeat(minLength - length), 'a'.repeat(minLength - length) + s];
}

function render(node: Node, mode: 'min' | 'more' | 'last' | 'more-last'): string {
  switch (node.kind) {
    // The parser never makes an empty class or alternation.
    case 'chars':
      return mode === 'last' || mode === 'more-last' ? node.choices.at(-1)! : node.choices[0]!;
    case 'alt':
      return render(mode === 'last' || mode === 'more-last' ? node.options.at(-1)! : node.options[0]!, mode);
    case 'seq': {
      let s = '';
      for (const { node: inner, min, max } of node.items) {
        const count = mode === 'more' || mode === 'more-last' ? Math.min(max, min + 1) : min;
        for (let k = 0; k < count; k++) s += render(inner, mode);
      }
      return s;
    }
  }
}

const DIGITS = '0123456789'.split('');
const WORD = [...'aZ0_'];

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(): Node | undefined {
    const options: Node[] = [];
    for (;;) {
      const seq = this.sequence();
      if (!seq) return undefined;
      options.push(seq);
      if (this.s[this.i] !== '|') break;
      this.i++;
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): Node | undefined {
    const items: { node: Node; min: number; max: number }[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const node = this.atom();
      if (!node) return undefined;
      const q = this.quantifier();
      if (!q) return undefined;
      items.push({ node, min: q.min, max: Math.min(q.max, q.min + MAX_REPEAT_EXTRA) });
    }
    return { kind: 'seq', items };
  }

  private atom(): Node | undefined {
    const c = this.s[this.i];
    if (c === '(') {
      this.i++;
      if (this.s[this.i] === '?') {
        if (this.s[this.i + 1] !== ':') return undefined;
        this.i += 2;
      }
      const inner = this.alternation();
      if (!inner || this.s[this.i] !== ')') return undefined;
      this.i++;
      return inner;
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const e = this.s[this.i + 1];
      this.i += 2;
      if (e === 'd') return { kind: 'chars', choices: DIGITS };
      if (e === 'w') return { kind: 'chars', choices: WORD };
      if (e === 's') return { kind: 'chars', choices: [' '] };
      if (e === 'D' || e === 'W' || e === 'S') return { kind: 'chars', choices: e === 'D' ? ['a'] : e === 'W' ? ['-'] : ['a'] };
      if (e === undefined || /[0-9a-zA-Z]/.test(e)) return undefined;
      return { kind: 'chars', choices: [e] };
    }
    if (c === '.') {
      this.i++;
      return { kind: 'chars', choices: ['a', 'Z'] };
    }
    if (c === '^' || c === '$' || c === '*' || c === '+' || c === '?' || c === '{') return undefined;
    const cp = this.s.codePointAt(this.i)!;
    const ch = String.fromCodePoint(cp);
    this.i += ch.length;
    return { kind: 'chars', choices: [ch] };
  }

  private charClass(): Node | undefined {
    let j = this.i + 1;
    const negated = this.s[j] === '^';
    if (negated) j++;
    const members: string[] = [];
    let first = true;
    for (; j < this.s.length; j++) {
      const d = this.s.charAt(j);
      if (d === ']' && !first) break;
      first = false;
      if (d === '[') return undefined;
      if (d === '\\') {
        const e = this.s[j + 1];
        j++;
        if (e === 'd') members.push(...DIGITS);
        else if (e === 'w') members.push(...WORD);
        else if (e === 's') members.push(' ');
        else if (e === undefined || /[0-9a-zA-Z]/.test(e)) return undefined;
        else members.push(e);
      } else if (this.s[j + 1] === '-' && this.s[j + 2] !== undefined && this.s[j + 2] !== ']' && this.s[j + 2] !== '\\') {
        const from = d.codePointAt(0)!;
        const to = this.s.charCodeAt(j + 2);
        if (to < from) return undefined;
        members.push(String.fromCodePoint(from), String.fromCodePoint(to));
        j += 2;
      } else members.push(d);
    }
    if (j >= this.s.length) return undefined;
    this.i = j + 1;
    if (negated) {
      const pool = [...'aZ0_-. x!~'].filter((ch) => !members.includes(ch));
      return pool.length ? { kind: 'chars', choices: pool } : undefined;
    }
    return members.length ? { kind: 'chars', choices: members } : undefined;
  }

  private quantifier(): { min: number; max: number } | undefined {
    const c = this.s[this.i];
    let q = { min: 1, max: 1 };
    if (c === '?') q = { min: 0, max: 1 };
    else if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return undefined;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      if (lo > 10_000) return undefined;
      this.i += m[0].length - 1;
      q = { min: lo, max: hi };
    } else return q;
    this.i++;
    if (this.s[this.i] === '?') this.i++;
    return q;
  }
}
