/**
 * Could re2js (a maintained JavaScript port of RE2, linear time) replace src/core/safe-regexp.ts
 * for JSON Schema `pattern`s? A pattern is ECMA-262 syntax with the `u` flag, and a replacement
 * must give the built-in engine's verdict on every string. This runs both engines over the
 * patterns they must support — every pattern of the bundled contracts and of the test fixtures,
 * the ECMA-262 features contract authors use, and 400 patterns generated with a fixed seed — on
 * strings each pattern accepts (sampleStrings), those strings with one character swapped for a
 * tricky one, and random strings, and compares each answer with the built-in engine's.
 *
 * The verdict (recorded in src/core/safe-regexp.ts): ours agrees everywhere it runs a pattern;
 * re2js rejects or answers differently on patterns the contracts may use, because RE2's syntax
 * is not ECMA-262's: `.` matches `\r` and U+2028/2029, `\s` misses U+00A0, U+FEFF and `\v`,
 * `\p{Letter}` and `\p{Script=…}` are syntax errors, an escaped surrogate pair matches nothing,
 * and lookaround and backreferences do not parse (ours runs those natively on bounded input).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globSync } from 'glob';
import { RE2JS } from 're2js';
import { safeRegExp } from '../../src/core/safe-regexp.js';
import { sampleStrings } from '../../src/diff/semantic/regex-sample.js';
import { REPO } from '../build/util.js';

/** Every `pattern` and `patternProperties` key under the contracts and the fixtures, valid with the `u` flag. */
function repositoryPatterns(): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'pattern' && typeof child === 'string') found.add(child);
      if (key === 'patternProperties' && child !== null && typeof child === 'object') for (const p of Object.keys(child)) found.add(p);
      walk(child);
    }
  };
  for (const file of globSync(['contracts/**/*.json', 'fixtures/**/*.json'], { cwd: REPO, posix: true }).sort()) {
    try {
      walk(JSON.parse(readFileSync(join(REPO, file), 'utf8')));
    } catch {
      // fixtures include files that are not JSON on purpose
    }
  }
  return [...found].filter(isValid).sort();
}

function isValid(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** ECMA-262 features a contract author may write, each with a string that tells the engines apart where they differ. */
const FEATURES: { pattern: string; input: string; what: string }[] = [
  { pattern: '^[^/]+/.+$', input: 'text/plain\r', what: '`.` does not match \\r' },
  { pattern: '^.+$', input: 'line\u2028break', what: '`.` does not match U+2028' },
  { pattern: '^\\S+$', input: 'no\u00a0break', what: '`\\S` does not match U+00A0' },
  { pattern: '^\\s*$', input: '\ufeff\v', what: '`\\s` matches U+FEFF and \\v' },
  { pattern: '^\\p{Letter}+$', input: 'école', what: '`\\p{Letter}` (long category name)' },
  { pattern: '^\\p{Script=Greek}+$', input: 'αβγ', what: '`\\p{Script=…}`' },
  { pattern: '^\\ud83d\\ude00$', input: '😀', what: 'an escaped surrogate pair is one character' },
  { pattern: '^(?!admin$)[a-z]+$', input: 'alice', what: 'negative lookahead' },
  { pattern: '^(?=.*\\d)[a-z\\d]{8,}$', input: 'abcdefg1', what: 'lookahead' },
  { pattern: '^([a-z])\\1$', input: 'aa', what: 'a backreference' },
];

/** Characters where engines disagree, for swapping into accepted strings and for random strings. */
const TRICKY = ['\r', '\n', '\u2028', '\u00a0', '\ufeff', '\v', 'é', 'α', '😀', '\ud800', '٣', 'A', '_', '-', '/', '.', ' '];

/** Patterns built from the constructs JSON Schema patterns use, with a fixed seed. */
function generatedPatterns(): string[] {
  const atom = fc.constantFrom('a', 'b', 'z', '-', '/', '\\.', '.', '\\d', '\\w', '\\s', '\\S', '\\D', '[a-c]', '[^a]', '[a-z0-9_-]', '[\\s\\S]', '\\p{L}', '\\p{Lu}', '\\P{L}', '\\p{Nd}', '\\u{1F600}', '\\u0041', '\\x2D', 'é', '😀', '\\/', '\\b');
  const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,2}', '+?');
  const term: fc.Arbitrary<string> = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => (a === '\\b' ? a : a + q)) },
    { weight: 1, arbitrary: fc.tuple(fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }).map((s) => s.join('')), { minLength: 1, maxLength: 3 }), quantifier, fc.boolean()).map(([options, q, capture]) => `(${capture ? '' : '?:'}${options.join('|')})${q}`) },
  );
  const pattern = fc.tuple(fc.boolean(), fc.array(term, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([start, terms, end]) => `${start ? '^' : ''}${terms.join('')}${end ? '$' : ''}`);
  return [...new Set(fc.sample(pattern, { numRuns: 400, seed: 20261204 }))].filter(isValid);
}

/** Accepted strings, each with one character swapped for a tricky one, and random strings (all short: the built-in engine answers too). */
function inputsFor(pattern: string, random: readonly string[]): string[] {
  const accepted = sampleStrings(pattern, 0, 24).slice(0, 6);
  const swapped = accepted.flatMap((s) => (s.length ? TRICKY.map((c, k) => s.slice(0, k % s.length) + c + s.slice((k % s.length) + 1)) : TRICKY));
  return [...new Set([...accepted, ...swapped, ...random])];
}

type Re2Verdict = { kind: 'rejected'; error: string } | { kind: 'differs'; input: string; native: boolean } | { kind: 'agrees' };

function re2Verdict(pattern: string, inputs: readonly string[]): Re2Verdict {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    return { kind: 'rejected', error: error instanceof Error ? error.message : String(error) };
  }
  const native = new RegExp(pattern, 'u');
  for (const input of inputs) if (compiled.test(input) !== native.test(input)) return { kind: 'differs', input, native: native.test(input) };
  return { kind: 'agrees' };
}

/** Inputs where our engine (and its linear matcher, where it has one) answers differently from the built-in engine; refused patterns are never run, so are not compared. */
function oursDiffers(pattern: string, inputs: readonly string[]): string[] {
  if (safeRegExp.safety(pattern) === 'refused') return [];
  const native = new RegExp(pattern, 'u');
  const engines = [safeRegExp(pattern, 'u'), safeRegExp.linear(pattern, 'u', 'dfa'), safeRegExp.linear(pattern, 'u', 'nfa')].filter((e) => e !== undefined);
  return inputs.filter((input) => engines.some((engine) => engine.test(input) !== native.test(input))).map((input) => `${pattern} on ${JSON.stringify(input)}`);
}

describe('re2js against src/core/safe-regexp.ts, both against the built-in engine', () => {
  const random = fc.sample(fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'A', '1', ...TRICKY), maxLength: 10 }), { numRuns: 60, seed: 7 });
  const sets = { repository: repositoryPatterns(), features: FEATURES.map((f) => f.pattern), generated: generatedPatterns() };

  it('our engine agrees with the built-in engine on every pattern it runs', () => {
    const mismatches = Object.values(sets).flat().flatMap((pattern) => oursDiffers(pattern, inputsFor(pattern, random)));
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('re2js parses every pattern of the contracts and fixtures, but answers wrongly on some', () => {
    assert.ok(sets.repository.length >= 40, `only ${sets.repository.length} patterns found`);
    const verdicts = new Map(sets.repository.map((p) => [p, re2Verdict(p, inputsFor(p, random))]));
    assert.deepEqual([...verdicts].filter(([, v]) => v.kind === 'rejected'), []);
    // The SARIF schema's `.` takes a line separator, the adversarial fixture's `\s` misses U+00A0 or \v.
    const differs = [...verdicts].filter(([, v]) => v.kind === 'differs').map(([p]) => p);
    for (const pattern of ['[^/]+/.+', '^(\\w+\\s?)*$']) assert.ok(differs.includes(pattern), `re2js now agrees on ${pattern}`);
  });

  it('re2js rejects or answers wrongly on ECMA-262 features our engine handles', () => {
    const found = FEATURES.map(({ pattern, input, what }) => {
      const verdict = re2Verdict(pattern, [input]);
      assert.equal(safeRegExp(pattern, 'u').test(input), new RegExp(pattern, 'u').test(input), `ours on ${pattern}`);
      return `${what}: ${verdict.kind}`;
    });
    assert.deepEqual(found, [
      '`.` does not match \\r: differs',
      '`.` does not match U+2028: differs',
      '`\\S` does not match U+00A0: differs',
      '`\\s` matches U+FEFF and \\v: differs',
      '`\\p{Letter}` (long category name): rejected',
      '`\\p{Script=…}`: rejected',
      'an escaped surrogate pair is one character: differs',
      'negative lookahead: rejected',
      'lookahead: rejected',
      'a backreference: rejected',
    ]);
  });

  it('re2js gives a wrong answer on a share of generated patterns (fixed seed)', () => {
    const verdicts = sets.generated.map((p) => re2Verdict(p, inputsFor(p, random)));
    const count = (kind: Re2Verdict['kind']) => verdicts.filter((v) => v.kind === kind).length;
    // Every generated pattern is valid ECMA-262; each one re2js gets wrong is a contract it would mis-validate.
    assert.ok(sets.generated.length >= 350, `only ${sets.generated.length} generated patterns`);
    assert.ok(count('differs') + count('rejected') > sets.generated.length / 10, `re2js wrong on ${count('differs')} and rejects ${count('rejected')} of ${sets.generated.length}`);
  });
});
