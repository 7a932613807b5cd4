/**
 * Regular expressions for schema `pattern`s that cannot hang. JavaScript's engine backtracks:
 * `^(a+)+$` against "aaaa…a!" takes exponential time, `[a-z]+@` unanchored takes quadratic
 * time, and a single contract or event could stall check, validate or a service using the
 * generated validators. This is ajv's `code.regExp`:
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
 * The engine is the modules of src/core/regexp/ (parser, shape checks, program compiler, NFA,
 * lazy DFA, the caching entry point). The generated validators carry the same modules, bundled
 * (src/build/runtime-bundle.ts): ajv's standalone code calls the engine by the name in
 * `safeRegExp.code`, which the generated module defines.
 *
 * Why not re2js (the maintained JavaScript port of RE2, linear time)? test/robustness/re2js.test.ts
 * runs both over the contracts' and fixtures' 44 patterns, ECMA-262 features contract authors
 * use and 397 patterns generated with a fixed seed, against the built-in engine: ours agrees on
 * every pattern it runs; re2js answers wrongly on 2 of the 44 (the SARIF schema's `.`, the
 * adversarial fixture's `\s`) and on 51 of the 397, because RE2's syntax is not ECMA-262's (`.`
 * matches `\r` and U+2028, `\s` misses U+00A0, U+FEFF and `\v`, `\p{Letter}` and
 * `\p{Script=…}` do not parse, an escaped surrogate pair matches nothing), and it cannot parse
 * lookaround or backreferences at all, which ours runs natively on bounded input. It is also 14×
 * the size (273 KB bundled against 20 KB, which every dist/validators.js would carry) and, in
 * whole-process runs past a 0.11 s start-up floor, about 3.5× the CPU time to match and to compile.
 */

import { makeSafeRegExp, type PatternSafety, type SafeRegExpEngine } from './regexp/engine.js';

export type { RegExpLike } from './regexp/ast.js';
export type { PatternSafety, SafeRegExpEngine } from './regexp/engine.js';

/** Strings longer than this are not given to a `limited` pattern (and fail it). */
export const LIMITED_LENGTH = 10_000;

/** The name standalone validators call the engine by (ajv's `regExp.code`); the generated module binds it. */
export const SAFE_REGEXP_NAME = 'SAFE_REGEXP';

/** The engine for ajv (`code: { regExp: safeRegExp }`). */
export const safeRegExp: SafeRegExpEngine = makeSafeRegExp(LIMITED_LENGTH, SAFE_REGEXP_NAME);

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
