/**
 * The pattern syntax tree and the instruction set of the linear engine (src/core/safe-regexp.ts
 * explains the engine; each stage is a module of this folder).
 */

/** A parsed pattern. A `char` is any one-character test (literal, class, escape, `.`), kept as its source text. */
export type Node =
  | { t: 'char'; src: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'wb'; negate: boolean };

/** Instruction opcodes: an instruction is `[op, a, b]`. */
export const OP_CHAR = 0; // a = predicate index, b = next
export const OP_SPLIT = 1; // try a, then b
export const OP_JUMP = 2; // a = target
export const OP_ASSERT = 3; // a = ASSERT_*, b = next
export const OP_MATCH = 4;

export const ASSERT_BOL = 0;
export const ASSERT_EOL = 1;
export const ASSERT_WORD_BOUNDARY = 2;
export const ASSERT_NOT_WORD_BOUNDARY = 3;

export type Inst = [op: number, a: number, b: number];

/** Something that answers whether a string contains a match (a RegExp, or one of our matchers). */
export interface RegExpLike {
  test(input: string): boolean;
}

/** Whether code point `cp` satisfies predicate `p` (the program's one-character tests). */
export type PredicateTest = (p: number, cp: number) => boolean;

/** Thrown inside the parser and compiler for what they do not support; caught at their entry. */
export const UNSUPPORTED: unique symbol = Symbol('unsupported pattern');

/** The code point at `pos` (a UTF-16 unit unless `unicode`), -1 past the end. */
export function codePointAt(input: string, pos: number, unicode: boolean): number {
  return pos >= input.length ? -1 : unicode ? input.codePointAt(pos)! : input.charCodeAt(pos);
}

/** How many UTF-16 units the code point takes in the input. */
export function widthOf(cp: number, unicode: boolean): number {
  return unicode && cp > 0xffff ? 2 : 1;
}
