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
 * The engine is the modules of src/core/regexp/ (parser, shape checks, program compiler, NFA,
 * lazy DFA, the caching entry point). The generated validators carry the same modules, bundled
 * (src/build/runtime-bundle.ts): ajv's standalone code calls the engine by the name in
 * `safeRegExp.code`, which the generated module defines.
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
