/**
 * The engine ajv calls for every `pattern` (`code: { regExp }`): classifies each pattern once
 * (see src/core/safe-regexp.ts for the four ways a pattern is run) and caches the matcher.
 */
import type { RegExpLike } from './ast.js';
import { dfaMatcher } from './dfa.js';
import { nfaMatcher } from './nfa.js';
import { parse } from './parse.js';
import { predicateTester } from './predicates.js';
import { compileProgram } from './program.js';
import { isTame, roughlyNested } from './shape.js';

export type PatternSafety = 'native' | 'linear' | 'limited' | 'refused';

export interface SafeRegExpEngine {
  (pattern: string, flags: string): RegExpLike;
  safety(pattern: string, flags?: string): PatternSafety;
  /** The linear matcher (the lazy DFA, or the NFA simulation) even for a pattern that would run natively: for differential tests. */
  linear(pattern: string, flags?: string, kind?: 'dfa' | 'nfa'): RegExpLike | undefined;
  /** What ajv's standalone code calls the engine: the name the generated validators give it. */
  code: string;
}

const MAX_CACHED = 10000;

/** The linear matcher of a parsed pattern (DFA unless `kind` is 'nfa' or the program needs the NFA), or undefined when its program is too large. */
function linearOf(ast: ReturnType<typeof parse>, flags: string, unicode: boolean, kind: 'dfa' | 'nfa'): RegExpLike | undefined {
  const predicates: string[] = [];
  const prog = ast && compileProgram(ast, predicates);
  if (!prog) return undefined;
  const matches = predicateTester(predicates, flags, unicode);
  const nfa = nfaMatcher(prog, matches, unicode);
  return kind === 'nfa' ? nfa : (dfaMatcher(prog, matches, unicode, nfa) ?? nfa);
}

function classify(pattern: string, flags: string, limitedLength: number): { safety: PatternSafety; run: RegExpLike } {
  const native = new RegExp(pattern, flags); // throws on an invalid pattern, as ajv expects
  const unicode = flags.includes('u') || flags.includes('v');
  const ast = /[vims]/.test(flags) ? undefined : parse(pattern, unicode);
  if (ast && isTame(ast)) return { safety: 'native', run: native };
  // ajv keys compiled patterns by `toString()`, so every matcher must print like its RegExp.
  const named = (run: RegExpLike) => Object.assign(run, { source: native.source, flags: native.flags, toString: () => String(native) });
  const linear = ast && linearOf(ast, flags, unicode, 'dfa');
  if (linear) return { safety: 'linear', run: named(linear) };
  if (roughlyNested(pattern)) return { safety: 'refused', run: named({ test: () => false }) };
  return { safety: 'limited', run: named({ test: (input: string) => input.length <= limitedLength && native.test(input) }) };
}

/** An engine whose `limited` patterns run on strings up to `limitedLength` characters. */
export function makeSafeRegExp(limitedLength: number, code: string): SafeRegExpEngine {
  const cache = new Map<string, { safety: PatternSafety; run: RegExpLike }>();
  const lookup = (pattern: string, flags: string) => {
    const key = `${flags}/${pattern}`;
    let entry = cache.get(key);
    if (!entry) {
      entry = classify(pattern, flags, limitedLength);
      if (cache.size > MAX_CACHED) cache.clear();
      cache.set(key, entry);
    }
    return entry;
  };
  const engine = (pattern: string, flags: string): RegExpLike => lookup(pattern, flags).run;
  return Object.assign(engine, {
    safety: (pattern: string, flags = 'u'): PatternSafety => lookup(pattern, flags).safety,
    linear: (pattern: string, flags = 'u', kind: 'dfa' | 'nfa' = 'dfa'): RegExpLike | undefined => {
      new RegExp(pattern, flags);
      return linearOf(parse(pattern, flags.includes('u')), flags, flags.includes('u'), kind);
    },
    code,
  });
}
