/**
 * The program's one-character tests, answered by the built-in engine: each predicate is a
 * RegExp matching exactly one character, so classes, escapes and Unicode properties mean what
 * they mean natively. Answers are cached (a table for ASCII, a bounded map for the rest).
 */
import type { PredicateTest } from './ast.js';

const OTHER_CACHE = 4096;

export function predicateTester(predicateSources: string[], flags: string, unicode: boolean): PredicateTest {
  const single = flags.replace(/[gy]/g, '');
  // Per predicate: its RegExp, answers for ASCII code points (0 unknown, 1 no, 2 yes), a map for the rest.
  const predicates = predicateSources.map((src) => ({ test: new RegExp(`^(?:${src})$`, single), ascii: new Uint8Array(128), other: new Map<number, boolean>() }));
  return (p, cp) => {
    const predicate = predicates[p]!;
    if (cp < 128) {
      const known = predicate.ascii[cp];
      if (known) return known === 2;
      const yes = predicate.test.test(String.fromCharCode(cp));
      predicate.ascii[cp] = yes ? 2 : 1;
      return yes;
    }
    let yes = predicate.other.get(cp);
    if (yes === undefined) {
      yes = predicate.test.test(unicode ? String.fromCodePoint(cp) : String.fromCharCode(cp));
      if (predicate.other.size < OTHER_CACHE) predicate.other.set(cp, yes);
    }
    return yes;
  };
}
