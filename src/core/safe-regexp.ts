/**
 * Regular expressions for schema `pattern`s that cannot hang. JavaScript's engine backtracks:
 * `^(a+)+$` against "aaaa…a!" takes exponential time, `[a-z]+@` unanchored takes quadratic
 * time, and a single contract or event could stall check, validate or a service using the
 * generated validators. No safe engine (re2) is installed, so this is ajv's `code.regExp`:
 *
 * - `native`: patterns whose backtracking is provably bounded (every quantifier applies to a
 *   single character, at most one of them is variable, few alternations, and an unbounded one
 *   only in a pattern anchored with `^`) run on the built-in engine: IDs, codes, enums.
 * - `linear`: everything else the parser understands (groups, alternation, quantifiers, classes,
 *   escapes, `\p{…}`, anchors, `\b`) runs on a Thompson NFA, O(input × pattern), with the same
 *   verdicts: determinised lazily (a cached table lookup per character), or simulated directly
 *   for word boundaries. Each single-character test is delegated to the built-in engine, so
 *   character classes and Unicode properties mean exactly what they mean natively.
 * - `limited`: lookaround and backreferences cannot be simulated; without nested quantifiers
 *   such a pattern runs natively on strings up to LIMITED_LENGTH characters.
 * - `refused`: lookaround or backreferences together with nested quantifiers: never run on
 *   data; the value fails with a message saying why (see describePatternRisk).
 *
 * The whole engine is the one self-contained function below, so ajv's standalone code
 * generation can inline it (`safeRegExp.code`) into generated validators.
 */

export type PatternSafety = 'native' | 'linear' | 'limited' | 'refused';

export interface RegExpLike {
  test(input: string): boolean;
}

export interface SafeRegExpEngine {
  (pattern: string, flags: string): RegExpLike;
  safety(pattern: string, flags?: string): PatternSafety;
  /** The linear matcher (the lazy DFA, or the NFA simulation) even for a pattern that would run natively: for differential tests. */
  linear(pattern: string, flags?: string, kind?: 'dfa' | 'nfa'): RegExpLike | undefined;
  code: string;
}

/** Strings longer than this are not given to a `limited` pattern (and fail it). */
export const LIMITED_LENGTH = 10_000;

/* eslint-disable */
// Everything the engine needs is inside this function: it is serialised for generated code.
function makeSafeRegExp(limitedLength: number) {
  type Node =
    | { t: 'char'; src: string }
    | { t: 'seq'; items: Node[] }
    | { t: 'alt'; options: Node[] }
    | { t: 'rep'; node: Node; min: number; max: number }
    | { t: 'bol' }
    | { t: 'eol' }
    | { t: 'wb'; negate: boolean };
  // Instructions: [op, a, b]; op 0 char (a = predicate index, b = next), 1 split (a, b),
  // 2 jump (a), 3 assert (a = kind: 0 bol, 1 eol, 2 \b, 3 \B; b = next), 4 match.
  type Inst = [number, number, number];
  const MAX_PROGRAM = 20000;
  const UNSUPPORTED = {};

  function parse(source: string, unicode: boolean): Node | undefined {
    let i = 0;
    const peek = () => source[i];
    const fail = (): never => {
      throw UNSUPPORTED;
    };
    const escapeEnd = (start: number): number => {
      // `start` is at the backslash; returns the index after the escape.
      const c = source[start + 1];
      if (c === undefined) fail();
      if (c === 'u') {
        if (source[start + 2] === '{') {
          const close = source.indexOf('}', start + 3);
          if (close < 0) fail();
          return close + 1;
        }
        let end = start + 6;
        // A surrogate pair written as two escapes is one character in Unicode mode.
        if (unicode && /^\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}/.test(source.slice(start, start + 12))) end = start + 12;
        return end;
      }
      if (c === 'x') return start + 4;
      if (c === 'c') return start + 3;
      if (c === 'p' || c === 'P') {
        if (source[start + 2] !== '{') return start + 2;
        const close = source.indexOf('}', start + 3);
        if (close < 0) fail();
        return close + 1;
      }
      if (unicode) {
        const cp = source.codePointAt(start + 1)!;
        return start + 1 + (cp > 0xffff ? 2 : 1);
      }
      return start + 2;
    };
    const disjunction = (): Node => {
      const options = [sequence()];
      while (peek() === '|') {
        i++;
        options.push(sequence());
      }
      return options.length === 1 ? options[0] : { t: 'alt', options };
    };
    const sequence = (): Node => {
      const items: Node[] = [];
      while (i < source.length && peek() !== '|' && peek() !== ')') {
        const c = peek();
        let atom: Node;
        if (c === '^') {
          i++;
          items.push({ t: 'bol' });
          continue;
        }
        if (c === '$') {
          i++;
          items.push({ t: 'eol' });
          continue;
        }
        if (c === '(') {
          if (source.startsWith('(?:', i)) i += 3;
          else if (source.startsWith('(?<', i) && source[i + 3] !== '=' && source[i + 3] !== '!') {
            const close = source.indexOf('>', i);
            if (close < 0) fail();
            i = close + 1;
          } else if (source[i + 1] === '?') fail(); // lookaround
          else i++;
          atom = disjunction();
          if (peek() !== ')') fail();
          i++;
        } else if (c === '[') {
          const start = i;
          i++;
          if (peek() === '^') i++;
          while (i < source.length && peek() !== ']') i = peek() === '\\' ? escapeEnd(i) : i + 1;
          if (peek() !== ']') fail();
          i++;
          atom = { t: 'char', src: source.slice(start, i) };
        } else if (c === '\\') {
          const next = source[i + 1];
          if (next === 'b' || next === 'B') {
            i += 2;
            items.push({ t: 'wb', negate: next === 'B' });
            continue;
          }
          if ((next >= '1' && next <= '9') || next === 'k') fail(); // backreference
          const end = escapeEnd(i);
          atom = { t: 'char', src: source.slice(i, end) };
          i = end;
        } else if (c === '*' || c === '+' || c === '?' || (c === '{' && unicode)) {
          return fail(); // a quantifier with nothing to repeat: the native parser would have thrown
        } else {
          const cp = unicode ? source.codePointAt(i)! : source.charCodeAt(i);
          const width = cp > 0xffff ? 2 : 1;
          atom = { t: 'char', src: source.slice(i, i + width) };
          i += width;
        }
        // Quantifier?
        let min = -1;
        let max = -1;
        if (peek() === '*') (min = 0), (max = Infinity), i++;
        else if (peek() === '+') (min = 1), (max = Infinity), i++;
        else if (peek() === '?') (min = 0), (max = 1), i++;
        else if (peek() === '{') {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
          if (m) {
            min = Number(m[1]);
            max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
            i += m[0].length;
          } else if (unicode) fail();
        }
        if (min >= 0) {
          if (peek() === '?') i++; // laziness does not change whether there is a match
          atom = { t: 'rep', node: atom, min, max };
        }
        items.push(atom);
      }
      return items.length === 1 ? items[0] : { t: 'seq', items };
    };
    try {
      const node = disjunction();
      if (i !== source.length) fail();
      return node;
    } catch (error) {
      if (error === UNSUPPORTED) return undefined;
      throw error;
    }
  }

  /** Bounded backtracking: see the header. */
  function isTame(root: Node): boolean {
    let variable = 0;
    let unbounded = false;
    let alternations = 0;
    let tame = true;
    const visit = (n: Node): void => {
      if (n.t === 'rep') {
        if (n.node.t !== 'char') tame = false;
        if (n.min !== n.max) variable++;
        if (n.max === Infinity) unbounded = true;
        visit(n.node);
      } else if (n.t === 'seq') n.items.forEach(visit);
      else if (n.t === 'alt') {
        alternations++;
        if (n.options.length > 32) tame = false;
        n.options.forEach(visit);
      }
    };
    visit(root);
    if (!tame || variable > 1 || alternations > 2) return false;
    if (unbounded) {
      const starts = root.t === 'alt' ? root.options : [root];
      const anchored = starts.every((s) => s.t === 'bol' || (s.t === 'seq' && s.items[0]?.t === 'bol'));
      if (!anchored) return false;
    }
    return true;
  }

  /** Nested quantifiers, or a quantified alternation, in a pattern the parser cannot read. */
  function roughlyNested(source: string): boolean {
    // Strip escapes and classes, then look for a quantified group that contains a quantifier or `|`.
    const plain = source.replace(/\\u\{[^}]*\}|\\./g, 'x').replace(/\[[^\]\\]*(?:\\.[^\]\\]*)*\]/g, 'x');
    const stack: { inner: boolean }[] = [];
    for (let k = 0; k < plain.length; k++) {
      const c = plain[k];
      if (c === '(') stack.push({ inner: false });
      else if (c === ')') {
        const group = stack.pop();
        const after = plain[k + 1];
        if (group?.inner && (after === '*' || after === '+' || after === '{')) return true;
        if (group?.inner && stack.length) stack[stack.length - 1].inner = true;
      } else if ((c === '*' || c === '+' || c === '{' || c === '|') && stack.length) stack[stack.length - 1].inner = true;
    }
    return false;
  }

  function compile(root: Node, predicates: string[]): Inst[] | undefined {
    const prog: Inst[] = [];
    const emit = (inst: Inst) => {
      if (prog.length >= MAX_PROGRAM) throw UNSUPPORTED;
      prog.push(inst);
      return prog.length - 1;
    };
    const predicateIndex = new Map<string, number>();
    // Emits code for `n`; returns the indexes whose "next" must be patched to what follows.
    const gen = (n: Node): void => {
      switch (n.t) {
        case 'char': {
          let p = predicateIndex.get(n.src);
          if (p === undefined) predicateIndex.set(n.src, (p = predicates.push(n.src) - 1));
          emit([0, p, -1]);
          prog[prog.length - 1][2] = prog.length;
          return;
        }
        case 'bol':
        case 'eol':
          emit([3, n.t === 'bol' ? 0 : 1, prog.length + 1]);
          return;
        case 'wb':
          emit([3, n.negate ? 3 : 2, prog.length + 1]);
          return;
        case 'seq':
          n.items.forEach(gen);
          return;
        case 'alt': {
          const jumps: number[] = [];
          n.options.forEach((option, k) => {
            if (k < n.options.length - 1) {
              const split = emit([1, prog.length + 1, -1]);
              gen(option);
              jumps.push(emit([2, -1, 0]));
              prog[split][2] = prog.length;
            } else gen(option);
          });
          for (const j of jumps) prog[j][1] = prog.length;
          return;
        }
        case 'rep': {
          for (let k = 0; k < n.min; k++) gen(n.node);
          if (n.max === Infinity) {
            const split = emit([1, prog.length + 1, -1]);
            gen(n.node);
            emit([2, split, 0]);
            prog[split][2] = prog.length;
          } else {
            const exits: number[] = [];
            for (let k = n.min; k < n.max; k++) {
              exits.push(emit([1, prog.length + 1, -1]));
              gen(n.node);
            }
            for (const e of exits) prog[e][2] = prog.length;
          }
          return;
        }
      }
    };
    try {
      gen(root);
      emit([4, 0, 0]);
      return prog;
    } catch (error) {
      if (error === UNSUPPORTED) return undefined;
      throw error;
    }
  }

  /** Whether code point `cp` satisfies predicate `p`: each predicate is a one-character built-in RegExp, answers cached. */
  function predicateTester(predicateSources: string[], flags: string, unicode: boolean): (p: number, cp: number) => boolean {
    const single = flags.replace(/[gy]/g, '');
    const tests = predicateSources.map((src) => new RegExp(`^(?:${src})$`, single));
    // Per predicate: answers for ASCII code points (0 unknown, 1 no, 2 yes), a map for the rest.
    const ascii = predicateSources.map(() => new Uint8Array(128));
    const other = predicateSources.map(() => new Map<number, boolean>());
    const matches = (p: number, cp: number): boolean => {
      if (cp < 128) {
        const known = ascii[p][cp];
        if (known) return known === 2;
        const yes = tests[p].test(String.fromCharCode(cp));
        ascii[p][cp] = yes ? 2 : 1;
        return yes;
      }
      let yes = other[p].get(cp);
      if (yes === undefined) {
        yes = tests[p].test(unicode ? String.fromCodePoint(cp) : String.fromCharCode(cp));
        if (other[p].size < 4096) other[p].set(cp, yes);
      }
      return yes;
    };
    return matches;
  }

  function linearMatcher(prog: Inst[], matches: (p: number, cp: number) => boolean, unicode: boolean): RegExpLike {
    const isWord = (cp: number) => (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
    const mark = new Int32Array(prog.length);
    let generation = 0;
    const stack: number[] = [];
    return {
      test(input: string): boolean {
        const length = input.length;
        const at = (pos: number) => (pos >= length ? -1 : unicode ? input.codePointAt(pos)! : input.charCodeAt(pos));
        // Adds to `list` every char instruction reachable from `pc` without consuming input, at
        // position `pos` between characters `before` and `after` (-1 at either end). True on a match.
        const add = (list: number[], pc: number, pos: number, before: number, after: number): boolean => {
          stack.length = 0;
          stack.push(pc);
          while (stack.length) {
            const k = stack.pop()!;
            if (mark[k] === generation) continue;
            mark[k] = generation;
            const inst = prog[k];
            if (inst[0] === 0) list.push(k);
            else if (inst[0] === 1) stack.push(inst[2], inst[1]);
            else if (inst[0] === 2) stack.push(inst[1]);
            else if (inst[0] === 3) {
              const kind = inst[1];
              let ok: boolean;
              if (kind === 0) ok = pos === 0;
              else if (kind === 1) ok = pos === length;
              else {
                const boundary = (before >= 0 && isWord(before)) !== (after >= 0 && isWord(after));
                ok = kind === 2 ? boundary : !boundary;
              }
              if (ok) stack.push(inst[2]);
            } else return true;
          }
          return false;
        };
        const step = () => {
          generation++;
          if (generation === 0x7fffffff) {
            mark.fill(0);
            generation = 1;
          }
        };
        let pos = 0;
        let cp = at(0);
        let threads: number[] = [];
        step();
        if (add(threads, 0, 0, -1, cp)) return true;
        while (cp >= 0) {
          const nextPos = pos + (unicode && cp > 0xffff ? 2 : 1);
          const nextCp = at(nextPos);
          const following: number[] = [];
          step();
          for (const k of threads) {
            const inst = prog[k];
            if (matches(inst[1], cp) && add(following, inst[2], nextPos, cp, nextCp)) return true;
          }
          // The search is unanchored: a match may also start at the next position.
          if (add(following, 0, nextPos, cp, nextCp)) return true;
          threads = following;
          pos = nextPos;
          cp = nextCp;
        }
        return false;
      },
    };
  }

  /**
   * The same automaton, determinised lazily: each set of NFA threads becomes a state the first
   * time it is reached, with its transitions cached, so a character costs a table lookup. Word
   * boundaries depend on the next character too, so patterns with \\b or \\B stay on the NFA.
   * Past MAX_STATES the cache is dropped and rebuilt, which keeps memory bounded.
   */
  function dfaMatcher(prog: Inst[], matches: (p: number, cp: number) => boolean, unicode: boolean, nfa: RegExpLike): RegExpLike | undefined {
    if (prog.some((inst) => inst[0] === 3 && inst[1] >= 2)) return undefined;
    const MAX_STATES = 1000;
    interface State {
      chars: number[];
      /** Threads waiting at `$`: they match only if the input ends here. */
      eols: number[];
      match: boolean;
      ascii?: Int32Array;
      other?: Map<number, number>;
      acceptsAtEnd?: boolean;
    }
    let states: State[] = [];
    let index = new Map<string, number>();
    let epoch = 0;
    const mark = new Int32Array(prog.length);
    let generation = 0;
    const closure = (seeds: number[], atStart: boolean, atEnd: boolean): State => {
      if (++generation === 0x7fffffff) {
        mark.fill(0);
        generation = 1;
      }
      const chars: number[] = [];
      const eols: number[] = [];
      let match = false;
      const stack = seeds.slice().reverse();
      while (stack.length) {
        const k = stack.pop()!;
        if (mark[k] === generation) continue;
        mark[k] = generation;
        const inst = prog[k];
        if (inst[0] === 0) chars.push(k);
        else if (inst[0] === 1) stack.push(inst[2], inst[1]);
        else if (inst[0] === 2) stack.push(inst[1]);
        else if (inst[0] === 3) {
          if (inst[1] === 0 ? atStart : atEnd) stack.push(inst[2]);
          else if (inst[1] === 1) eols.push(k);
        } else match = true;
      }
      chars.sort((a, b) => a - b);
      eols.sort((a, b) => a - b);
      return { chars, eols, match };
    };
    const intern = (state: State): number => {
      const key = `${state.match ? '!' : ''}${state.chars.join(',')}|${state.eols.join(',')}`;
      let id = index.get(key);
      if (id === undefined) {
        if (states.length >= MAX_STATES) {
          states = [];
          index = new Map();
          epoch++;
        }
        id = states.push(state) - 1;
        index.set(key, id);
      }
      return id;
    };
    const step = (from: number, cp: number): number => {
      const state = states[from];
      const seeds: number[] = [];
      for (const k of state.chars) if (matches(prog[k][1], cp)) seeds.push(prog[k][2]);
      seeds.push(0); // unanchored: a match may also start after this character
      const before = states;
      const to = intern(closure(seeds, false, false));
      // The cache was dropped while interning: the caller's state ids are gone, so do not record.
      if (states !== before) return to;
      if (cp < 128) (state.ascii ??= new Int32Array(128).fill(-1))[cp] = to;
      else if ((state.other ??= new Map()).size < 256) state.other.set(cp, to);
      return to;
    };
    const acceptsAtEnd = (state: State): boolean => {
      if (state.acceptsAtEnd === undefined) state.acceptsAtEnd = state.eols.length > 0 && closure(state.eols.map((k) => prog[k][2]), false, true).match;
      return state.acceptsAtEnd;
    };
    let start = -1;
    let startEpoch = -1;
    return {
      test(input: string): boolean {
        if (input.length === 0) return nfa.test(input); // ^ and $ at once: leave it to the NFA
        if (startEpoch !== epoch) {
          start = intern(closure([0], true, false));
          startEpoch = epoch;
        }
        let current = start;
        if (states[current].match) return true;
        for (let pos = 0; pos < input.length; ) {
          const cp = unicode ? input.codePointAt(pos)! : input.charCodeAt(pos);
          pos += unicode && cp > 0xffff ? 2 : 1;
          const state = states[current];
          const cached = cp < 128 ? state.ascii?.[cp] : state.other?.get(cp);
          current = cached !== undefined && cached >= 0 ? cached : step(current, cp);
          if (states[current].match) return true;
        }
        return acceptsAtEnd(states[current]);
      },
    };
  }

  function classify(pattern: string, flags: string): { safety: PatternSafety; run: RegExpLike } {
    const native = new RegExp(pattern, flags); // throws on an invalid pattern, as ajv expects
    const unicode = flags.includes('u') || flags.includes('v');
    const ast = flags.includes('v') || flags.includes('i') || flags.includes('m') || flags.includes('s') ? undefined : parse(pattern, unicode);
    if (ast && isTame(ast)) return { safety: 'native', run: native };
    // ajv keys compiled patterns by `toString()`, so every matcher must print like its RegExp.
    const named = (run: RegExpLike) => Object.assign(run, { source: native.source, flags: native.flags, toString: () => String(native) });
    if (ast) {
      const predicates: string[] = [];
      const prog = compile(ast, predicates);
      if (prog) {
        const matches = predicateTester(predicates, flags, unicode);
        const nfa = linearMatcher(prog, matches, unicode);
        return { safety: 'linear', run: named(dfaMatcher(prog, matches, unicode, nfa) ?? nfa) };
      }
    }
    if (roughlyNested(pattern)) return { safety: 'refused', run: named({ test: () => false }) };
    return { safety: 'limited', run: named({ test: (input: string) => input.length <= limitedLength && native.test(input) }) };
  }

  const cache = new Map<string, { safety: PatternSafety; run: RegExpLike }>();
  const lookup = (pattern: string, flags: string) => {
    const key = `${flags}/${pattern}`;
    let entry = cache.get(key);
    if (!entry) {
      entry = classify(pattern, flags);
      if (cache.size > 10000) cache.clear();
      cache.set(key, entry);
    }
    return entry;
  };
  const engine = (pattern: string, flags: string): RegExpLike => lookup(pattern, flags).run;
  engine.safety = (pattern: string, flags = 'u'): PatternSafety => lookup(pattern, flags).safety;
  /** The linear matcher even for a pattern that would run natively (for differential tests). */
  engine.linear = (pattern: string, flags = 'u', kind: 'dfa' | 'nfa' = 'dfa'): RegExpLike | undefined => {
    new RegExp(pattern, flags);
    const unicode = flags.includes('u');
    const ast = parse(pattern, unicode);
    const predicates: string[] = [];
    const prog = ast && compile(ast, predicates);
    if (!prog) return undefined;
    const matches = predicateTester(predicates, flags, unicode);
    const nfa = linearMatcher(prog, matches, unicode);
    return kind === 'nfa' ? nfa : (dfaMatcher(prog, matches, unicode, nfa) ?? nfa);
  };
  return engine;
}
/* eslint-enable */

/**
 * The engine for ajv (`code: { regExp: safeRegExp }`). Its `code` rebuilds it from source in
 * standalone output; the `__name` shim covers the name-keeping helper a TypeScript loader may
 * have inserted into the function text.
 */
// oxlint-disable-next-line typescript/no-unnecessary-type-assertion -- `code` is added to the function's type here
export const safeRegExp: SafeRegExpEngine = Object.assign(makeSafeRegExp(LIMITED_LENGTH), {
  code: `(() => { const __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true }); return (${makeSafeRegExp.toString()})(${LIMITED_LENGTH}); })()`,
}) as SafeRegExpEngine;

/** How a pattern is run (see the header); `undefined` for a pattern that is not a valid regular expression. */
export function patternSafety(pattern: string): PatternSafety | undefined {
  try {
    return safeRegExp.safety(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** Why a value was not checked against a pattern, for patterns that are never or only partly run. */
export function describePatternRisk(pattern: string): string | undefined {
  const safety = patternSafety(pattern);
  if (safety === 'refused') return `cannot be checked against pattern ${pattern}: it combines lookaround or backreferences with nested quantifiers, which can take exponential time, so it is never run on data; simplify the pattern`;
  if (safety === 'limited') return `must match pattern ${pattern} (a pattern with lookaround or backreferences is only run on strings up to ${LIMITED_LENGTH} characters)`;
  return undefined;
}
