/**
 * The pattern parser of the linear engine: ECMA-262 syntax without lookaround and
 * backreferences (those patterns get `undefined`, and src/core/regexp/engine.ts runs them
 * another way). Character tests are kept as their source text and later asked of the built-in
 * engine one character at a time, so classes, escapes and `\p{…}` mean exactly what they mean
 * natively; the parser only has to find where each one ends.
 */
import { UNSUPPORTED, type Node } from './ast.js';

/** The pattern's tree, or undefined when it uses something the linear engine cannot run. */
export function parse(source: string, unicode: boolean): Node | undefined {
  try {
    return new Parser(source, unicode).pattern();
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

/** The one node of a list of one. */
const only = (nodes: Node[]): Node | undefined => (nodes.length === 1 ? nodes[0] : undefined);

const fail = (): never => {
  throw UNSUPPORTED;
};

/** `\uD83D\uDE00`: a surrogate pair written as two escapes, one character in Unicode mode. */
const ESCAPED_PAIR = /^\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}/;
const BRACED_QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

class Parser {
  private i = 0;

  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {}

  pattern(): Node {
    const node = this.disjunction();
    if (this.i !== this.source.length) fail();
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.i];
  }

  private disjunction(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return only(options) ?? { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const assertion = this.assertion();
      if (assertion) items.push(assertion);
      else items.push(this.quantified(this.atom()));
    }
    return only(items) ?? { t: 'seq', items };
  }

  /** `^`, `$`, `\b`, `\B` (consumed), or undefined. */
  private assertion(): Node | undefined {
    const c = this.peek();
    if (c === '^' || c === '$') {
      this.i++;
      return { t: c === '^' ? 'bol' : 'eol' };
    }
    const next = this.source[this.i + 1];
    if (c === '\\' && (next === 'b' || next === 'B')) {
      this.i += 2;
      return { t: 'wb', negate: next === 'B' };
    }
    return undefined;
  }

  private atom(): Node {
    const c = this.peek()!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    // A quantifier with nothing to repeat: the native parser would have thrown.
    if (c === '*' || c === '+' || c === '?' || (c === '{' && this.unicode)) return fail();
    const cp = this.unicode ? this.source.codePointAt(this.i)! : this.source.charCodeAt(this.i);
    const width = cp > 0xffff ? 2 : 1;
    const atom: Node = { t: 'char', src: this.source.slice(this.i, this.i + width) };
    this.i += width;
    return atom;
  }

  /** `(…)`, `(?:…)`, `(?<name>…)`; lookaround fails. */
  private group(): Node {
    const { source } = this;
    if (source.startsWith('(?:', this.i)) this.i += 3;
    else if (source.startsWith('(?<', this.i) && source[this.i + 3] !== '=' && source[this.i + 3] !== '!') {
      const close = source.indexOf('>', this.i);
      if (close < 0) fail();
      this.i = close + 1;
    } else if (source[this.i + 1] === '?') fail();
    else this.i++;
    const inner = this.disjunction();
    if (this.peek() !== ')') fail();
    this.i++;
    return inner;
  }

  private charClass(): Node {
    const start = this.i;
    this.i++;
    if (this.peek() === '^') this.i++;
    while (this.i < this.source.length && this.peek() !== ']') this.i = this.peek() === '\\' ? this.escapeEnd(this.i) : this.i + 1;
    if (this.peek() !== ']') fail();
    this.i++;
    return { t: 'char', src: this.source.slice(start, this.i) };
  }

  /** A character escape; backreferences fail. */
  private escape(): Node {
    const next = this.source[this.i + 1];
    if (next !== undefined && ((next >= '1' && next <= '9') || next === 'k')) fail();
    const end = this.escapeEnd(this.i);
    const atom: Node = { t: 'char', src: this.source.slice(this.i, end) };
    this.i = end;
    return atom;
  }

  /** The index after the escape whose backslash is at `start`. */
  private escapeEnd(start: number): number {
    const { source } = this;
    const c = source[start + 1];
    if (c === undefined) fail();
    if (c === 'u') {
      if (source[start + 2] === '{') return this.braceEnd(start + 3);
      return this.unicode && ESCAPED_PAIR.test(source.slice(start, start + 12)) ? start + 12 : start + 6;
    }
    if (c === 'x') return start + 4;
    if (c === 'c') return start + 3;
    if (c === 'p' || c === 'P') return source[start + 2] === '{' ? this.braceEnd(start + 3) : start + 2;
    if (this.unicode) return start + 1 + (source.codePointAt(start + 1)! > 0xffff ? 2 : 1);
    return start + 2;
  }

  private braceEnd(from: number): number {
    const close = this.source.indexOf('}', from);
    if (close < 0) fail();
    return close + 1;
  }

  /** The atom, repeated when a quantifier follows (laziness does not change whether there is a match). */
  private quantified(atom: Node): Node {
    const bounds = this.quantifier();
    if (!bounds) return atom;
    if (this.peek() === '?') this.i++;
    return { t: 'rep', node: atom, min: bounds[0], max: bounds[1] };
  }

  private quantifier(): [number, number] | undefined {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      return c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    }
    if (c !== '{') return undefined;
    const m = BRACED_QUANTIFIER.exec(this.source.slice(this.i));
    if (!m) {
      if (this.unicode) fail();
      return undefined;
    }
    this.i += m[0].length;
    const min = Number(m[1]);
    return [min, m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])];
  }
}
