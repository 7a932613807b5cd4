/**
 * Compiles a pattern tree to a Thompson NFA program (instructions of src/core/regexp/ast.ts).
 * Counted repetition is unrolled, so a program can grow large: past MAX_PROGRAM instructions the
 * pattern is not run on the linear engine.
 */
import { ASSERT_BOL, ASSERT_EOL, ASSERT_NOT_WORD_BOUNDARY, ASSERT_WORD_BOUNDARY, OP_ASSERT, OP_CHAR, OP_JUMP, OP_MATCH, OP_SPLIT, UNSUPPORTED, type Inst, type Node } from './ast.js';

const MAX_PROGRAM = 20000;

/** The program, with each distinct character test appended to `predicates`; undefined when too large. */
export function compileProgram(root: Node, predicates: string[]): Inst[] | undefined {
  const builder = new ProgramBuilder(predicates);
  try {
    builder.gen(root);
    builder.emit([OP_MATCH, 0, 0]);
    return builder.prog;
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

class ProgramBuilder {
  readonly prog: Inst[] = [];
  private readonly predicateIndex = new Map<string, number>();

  constructor(private readonly predicates: string[]) {}

  emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw UNSUPPORTED;
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  /** Points an emitted instruction's operand at `target` (known only once what follows is emitted). */
  private patch(at: number, slot: 1 | 2, target: number): void {
    this.prog[at]![slot] = target;
  }

  /** Emits code for `n`, falling through to whatever is emitted next. */
  gen(n: Node): void {
    const { prog } = this;
    switch (n.t) {
      case 'char':
        this.emit([OP_CHAR, this.predicate(n.src), prog.length + 1]);
        return;
      case 'bol':
      case 'eol':
        this.emit([OP_ASSERT, n.t === 'bol' ? ASSERT_BOL : ASSERT_EOL, prog.length + 1]);
        return;
      case 'wb':
        this.emit([OP_ASSERT, n.negate ? ASSERT_NOT_WORD_BOUNDARY : ASSERT_WORD_BOUNDARY, prog.length + 1]);
        return;
      case 'seq':
        for (const item of n.items) this.gen(item);
        return;
      case 'alt':
        this.alternation(n.options);
        return;
      case 'rep':
        this.repetition(n.node, n.min, n.max);
        return;
    }
  }

  private predicate(src: string): number {
    let p = this.predicateIndex.get(src);
    if (p === undefined) this.predicateIndex.set(src, (p = this.predicates.push(src) - 1));
    return p;
  }

  private alternation(options: Node[]): void {
    const { prog } = this;
    const jumps: number[] = [];
    options.forEach((option, k) => {
      if (k === options.length - 1) return this.gen(option);
      const split = this.emit([OP_SPLIT, prog.length + 1, -1]);
      this.gen(option);
      jumps.push(this.emit([OP_JUMP, -1, 0]));
      this.patch(split, 2, prog.length);
    });
    for (const j of jumps) this.patch(j, 1, prog.length);
  }

  private repetition(node: Node, min: number, max: number): void {
    const { prog } = this;
    for (let k = 0; k < min; k++) this.gen(node);
    if (max === Infinity) {
      const split = this.emit([OP_SPLIT, prog.length + 1, -1]);
      this.gen(node);
      this.emit([OP_JUMP, split, 0]);
      this.patch(split, 2, prog.length);
      return;
    }
    const exits: number[] = [];
    for (let k = min; k < max; k++) {
      exits.push(this.emit([OP_SPLIT, prog.length + 1, -1]));
      this.gen(node);
    }
    for (const e of exits) this.patch(e, 2, prog.length);
  }
}
