/**
 * The NFA program determinised lazily: each set of threads becomes a state the first time it is
 * reached, with its transitions cached, so a character costs a table lookup. Word boundaries
 * depend on the next character too, so programs with `\b` or `\B` stay on the NFA. Past
 * MAX_STATES the cache is dropped and rebuilt, which keeps memory bounded.
 */
import { ASSERT_BOL, ASSERT_EOL, OP_ASSERT, OP_CHAR, OP_JUMP, OP_SPLIT, type Inst, type PredicateTest, type RegExpLike } from './ast.js';

const MAX_STATES = 1000;
const MAX_OTHER_TRANSITIONS = 256;

interface State {
  chars: number[];
  /** Threads waiting at `$`: they match only if the input ends here. */
  eols: number[];
  match: boolean;
  ascii?: Int32Array;
  other?: Map<number, number>;
  acceptsAtEnd?: boolean;
}

/** The DFA matcher, or undefined for a program with word-boundary assertions. `nfa` answers for the empty string. */
export function dfaMatcher(prog: Inst[], matches: PredicateTest, unicode: boolean, nfa: RegExpLike): RegExpLike | undefined {
  if (prog.some((inst) => inst[0] === OP_ASSERT && inst[1] !== ASSERT_BOL && inst[1] !== ASSERT_EOL)) return undefined;
  const dfa = new LazyDfa(prog, matches);
  return {
    test(input: string): boolean {
      if (input.length === 0) return nfa.test(input); // ^ and $ at once: leave it to the NFA
      let current = dfa.start();
      if (dfa.states[current]!.match) return true;
      for (let pos = 0; pos < input.length; ) {
        const cp = unicode ? input.codePointAt(pos)! : input.charCodeAt(pos);
        pos += unicode && cp > 0xffff ? 2 : 1;
        const state = dfa.states[current]!;
        const cached = cp < 128 ? state.ascii?.[cp] : state.other?.get(cp);
        current = cached !== undefined && cached >= 0 ? cached : dfa.step(current, cp);
        if (dfa.states[current]!.match) return true;
      }
      return dfa.acceptsAtEnd(dfa.states[current]!);
    },
  };
}

class LazyDfa {
  states: State[] = [];
  private index = new Map<string, number>();
  /** Bumped whenever the cache is dropped, so the start state is interned again. */
  private epoch = 0;
  private startState = -1;
  private startEpoch = -1;
  private readonly mark: Int32Array;
  private generation = 0;

  constructor(
    private readonly prog: Inst[],
    private readonly matches: PredicateTest,
  ) {
    this.mark = new Int32Array(prog.length);
  }

  start(): number {
    if (this.startEpoch !== this.epoch) {
      this.startState = this.intern(this.closure([0], true, false));
      this.startEpoch = this.epoch;
    }
    return this.startState;
  }

  /** The state after reading `cp` in state `from` (recorded as its transition unless the cache was dropped meanwhile). */
  step(from: number, cp: number): number {
    const state = this.states[from]!;
    const seeds: number[] = [];
    for (const k of state.chars) {
      const inst = this.prog[k]!;
      if (this.matches(inst[1], cp)) seeds.push(inst[2]);
    }
    seeds.push(0); // unanchored: a match may also start after this character
    const before = this.states;
    const to = this.intern(this.closure(seeds, false, false));
    // The cache was dropped while interning: the caller's state ids are gone, so do not record.
    if (this.states !== before) return to;
    if (cp < 128) (state.ascii ??= new Int32Array(128).fill(-1))[cp] = to;
    else if ((state.other ??= new Map()).size < MAX_OTHER_TRANSITIONS) state.other.set(cp, to);
    return to;
  }

  acceptsAtEnd(state: State): boolean {
    state.acceptsAtEnd ??= state.eols.length > 0 && this.closure(state.eols.map((k) => this.prog[k]![2]), false, true).match;
    return state.acceptsAtEnd;
  }

  /** The threads reachable from `seeds` without reading a character. */
  private closure(seeds: number[], atStart: boolean, atEnd: boolean): State {
    const { prog, mark } = this;
    if (++this.generation === 0x7fffffff) {
      mark.fill(0);
      this.generation = 1;
    }
    const chars: number[] = [];
    const eols: number[] = [];
    let match = false;
    const stack = seeds.slice().reverse();
    while (stack.length) {
      const k = stack.pop()!;
      if (mark[k] === this.generation) continue;
      mark[k] = this.generation;
      const inst = prog[k]!;
      if (inst[0] === OP_CHAR) chars.push(k);
      else if (inst[0] === OP_SPLIT) stack.push(inst[2], inst[1]);
      else if (inst[0] === OP_JUMP) stack.push(inst[1]);
      else if (inst[0] === OP_ASSERT) {
        if (inst[1] === ASSERT_BOL ? atStart : atEnd) stack.push(inst[2]);
        else if (inst[1] === ASSERT_EOL) eols.push(k);
      } else match = true;
    }
    chars.sort((a, b) => a - b);
    eols.sort((a, b) => a - b);
    return { chars, eols, match };
  }

  private intern(state: State): number {
    const key = `${state.match ? '!' : ''}${state.chars.join(',')}|${state.eols.join(',')}`;
    let id = this.index.get(key);
    if (id === undefined) {
      if (this.states.length >= MAX_STATES) {
        this.states = [];
        this.index = new Map();
        this.epoch++;
      }
      id = this.states.push(state) - 1;
      this.index.set(key, id);
    }
    return id;
  }
}
