/**
 * What a pattern's shape says about backtracking: whether the built-in engine can run it with
 * bounded work (`isTame`), and, for a pattern the parser cannot read, whether it nests
 * quantifiers (`roughlyNested`).
 */
import type { Node } from './ast.js';

/**
 * Bounded backtracking: every quantifier applies to a single character, at most one of them is
 * variable, at most two alternations of at most 32 options, and an unbounded quantifier only in
 * a pattern anchored with `^`.
 */
export function isTame(root: Node): boolean {
  const counts = { variable: 0, unbounded: false, alternations: 0, tame: true };
  countShape(root, counts);
  if (!counts.tame || counts.variable > 1 || counts.alternations > 2) return false;
  return !counts.unbounded || isAnchored(root);
}

function countShape(n: Node, counts: { variable: number; unbounded: boolean; alternations: number; tame: boolean }): void {
  if (n.t === 'rep') {
    if (n.node.t !== 'char') counts.tame = false;
    if (n.min !== n.max) counts.variable++;
    if (n.max === Infinity) counts.unbounded = true;
    countShape(n.node, counts);
  } else if (n.t === 'seq') {
    for (const item of n.items) countShape(item, counts);
  } else if (n.t === 'alt') {
    counts.alternations++;
    if (n.options.length > 32) counts.tame = false;
    for (const option of n.options) countShape(option, counts);
  }
}

/** Every top-level alternative starts with `^`. */
function isAnchored(root: Node): boolean {
  const starts = root.t === 'alt' ? root.options : [root];
  return starts.every((s) => s.t === 'bol' || (s.t === 'seq' && s.items[0]?.t === 'bol'));
}

/** Nested quantifiers, or a quantified alternation, in a pattern the parser cannot read. */
export function roughlyNested(source: string): boolean {
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
      if (group?.inner) markInner(stack);
    } else if (c === '*' || c === '+' || c === '{' || c === '|') markInner(stack);
  }
  return false;
}

/** The innermost open group (if any) contains a quantifier or `|`. */
function markInner(stack: { inner: boolean }[]): void {
  const top = stack.at(-1);
  if (top) top.inner = true;
}
