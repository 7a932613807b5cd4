/**
 * The program's one-character tests, answered by the built-in engine: each predicate is a
 * RegExp matching exactly one character, so classes, escapes and Unicode properties mean what
 * they mean natively. Answers are cached (a table for ASCII, a bounded map for the rest).
 */
import type { PredicateTest } from './ast.js';

const OTHER_CACHE = 4096;

export function predicateTester(predicateSources: string[], flags: string, unicode: boolean): PredicateTest {
  const single = flags.replace(/[gy]/g, '');
  const tests = predicateSources.map((src) => new RegExp(`^(?:${src})$`, single));
  // Per predicate: answers for ASCII code points (0 unknown, 1 no, 2 yes), a map for the rest.
  const ascii = predicateSources.map(() => new Uint8Array(128));
  const other = predicateSources.map(() => new Map<number, boolean>());
  return (p, cp) => {
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
      if (other[p].size < OTHER_CACHE) other[p].set(cp, yes);
    }
    return yes;
  };
}
