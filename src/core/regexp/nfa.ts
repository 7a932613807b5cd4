/**
 * The Thompson NFA simulation: every thread advances one character at a time, so a test costs
 * O(input × program) whatever the pattern. It handles everything the program can say, word
 * boundaries included (src/core/regexp/dfa.ts is faster but leaves those to this).
 */
import { ASSERT_BOL, ASSERT_EOL, ASSERT_WORD_BOUNDARY, codePointAt, OP_ASSERT, OP_CHAR, OP_JUMP, OP_SPLIT, widthOf, type Inst, type PredicateTest, type RegExpLike } from './ast.js';

const isWord = (cp: number) => (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;

/** Whether assertion `kind` holds at `pos` between code points `before` and `after` (-1 at either end). */
function assertionHolds(kind: number, pos: number, length: number, before: number, after: number): boolean {
  if (kind === ASSERT_BOL) return pos === 0;
  if (kind === ASSERT_EOL) return pos === length;
  const boundary = (before >= 0 && isWord(before)) !== (after >= 0 && isWord(after));
  return kind === ASSERT_WORD_BOUNDARY ? boundary : !boundary;
}

export function nfaMatcher(prog: Inst[], matches: PredicateTest, unicode: boolean): RegExpLike {
  const threads = new ThreadSets(prog);
  return {
    test(input: string): boolean {
      const length = input.length;
      let pos = 0;
      let cp = codePointAt(input, 0, unicode);
      let current: number[] = [];
      threads.step();
      if (threads.add(current, 0, 0, length, -1, cp)) return true;
      while (cp >= 0) {
        const nextPos = pos + widthOf(cp, unicode);
        const nextCp = codePointAt(input, nextPos, unicode);
        const following: number[] = [];
        threads.step();
        for (const k of current) {
          const inst = prog[k]!;
          if (matches(inst[1], cp) && threads.add(following, inst[2], nextPos, length, cp, nextCp)) return true;
        }
        // The search is unanchored: a match may also start at the next position.
        if (threads.add(following, 0, nextPos, length, cp, nextCp)) return true;
        current = following;
        pos = nextPos;
        cp = nextCp;
      }
      return false;
    },
  };
}

/** The set of threads at one position: instructions are marked with the position's generation, so each is added once. */
class ThreadSets {
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly stack: number[] = [];

  constructor(private readonly prog: Inst[]) {
    this.mark = new Int32Array(prog.length);
  }

  /** Starts a new position. */
  step(): void {
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
  }

  /**
   * Adds to `list` every char instruction reachable from `pc` without consuming input, at
   * position `pos` between code points `before` and `after`. True when the match instruction is reached.
   */
  add(list: number[], pc: number, pos: number, length: number, before: number, after: number): boolean {
    const { prog, mark, stack } = this;
    stack.length = 0;
    stack.push(pc);
    while (stack.length) {
      const k = stack.pop()!;
      if (mark[k] === this.generation) continue;
      mark[k] = this.generation;
      const inst = prog[k]!;
      const op = inst[0];
      if (op === OP_CHAR) list.push(k);
      else if (op === OP_SPLIT) stack.push(inst[2], inst[1]);
      else if (op === OP_JUMP) stack.push(inst[1]);
      else if (op === OP_ASSERT) {
        if (assertionHolds(inst[1], pos, length, before, after)) stack.push(inst[2]);
      } else return true;
    }
    return false;
  }
}
