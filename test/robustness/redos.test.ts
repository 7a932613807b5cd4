/**
 * fixtures/adversarial/redos-pattern and the engine behind it (src/core/safe-regexp.ts): a
 * pattern with catastrophic backtracking, applied to long strings, must not hang check,
 * validate or the generated validators, and every pattern must keep its meaning.
 *
 * Hang-prone runs go through runChild (a child process with a kill timeout), so a regression
 * fails the test instead of stalling the suite.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { runtimeBundle } from '../../src/build/runtime-bundle.js';
import { describePatternRisk, patternSafety, safeRegExp } from '../../src/core/safe-regexp.js';
import { assertRobust, copyFixture, jsonReport, run, runChild, scratch } from './helpers.js';
import { nth } from '../helpers.js';

const EXAMPLE = 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json';
const EVIL = `${'a'.repeat(100_000)}!`;
const EVIL_KEY = `${'word '.repeat(20_000)}!`;

describe('adversarial: a catastrophic-backtracking pattern on long strings', () => {
  const dir = scratch();
  copyFixture('redos-pattern', dir);
  const example = JSON.parse(readFileSync(join(dir, EXAMPLE), 'utf8')) as { payload: Record<string, unknown> };
  const hostile = { ...example, payload: { ...example.payload, note: EVIL, tags: { [EVIL_KEY]: 'x' } } };

  it('check passes the fixture (its example matches)', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(result, ['check'], { format: 'json' });
    assert.deepEqual(jsonReport(result.stdout).diagnostics, []);
  });

  it('check reports a 100,000-character example string at once, in a child process that would otherwise hang', () => {
    writeFileSync(join(dir, EXAMPLE), JSON.stringify(hostile, null, 2));
    try {
      const result = runChild(['check', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
      assert.equal(result.timedOut, false, 'check hung on the pattern');
      assert.equal(result.code, 1, result.stderr);
      const found = jsonReport(result.stdout).diagnostics.map((d) => [d.rule, d.pointer, d.message.slice(0, 60)]);
      assert.deepEqual(found, [
        ['examples/invalid', '/payload/note', 'must match pattern ^(a+)+$ (lesson.delivered v1 payload schema); fix the example'.slice(0, 60)],
        ['examples/invalid', `/payload/tags/${EVIL_KEY}`, `property "${EVIL_KEY}`.slice(0, 60)],
      ]);
    } finally {
      writeFileSync(join(dir, EXAMPLE), JSON.stringify(example, null, 2) + '\n');
    }
  });

  it('validate rejects the long strings at once', async () => {
    const result = await run(['validate', '--format', 'json', '-'], { cwd: dir, stdin: JSON.stringify(hostile) + '\n' });
    assertRobust(result, ['validate'], { format: 'json' });
    assert.equal(result.code, 1);
    const failures = (JSON.parse(nth(result.stdout.split('\n'), 0)) as { failures: { pointer: string; message: string }[] }).failures;
    assert.deepEqual(
      failures.map((f) => f.pointer.slice(0, 20)),
      ['/payload/note', '/payload/tags/word w'],
    );
    assert.equal(nth(failures, 0).message, 'must match pattern ^(a+)+$ (lesson.delivered v1 payload schema)');
  });

  it('the generated validators (dist/validators.js) are protected too', async () => {
    const result = await run(['build', '--out', 'dist'], { cwd: dir, write: [join(dir, 'dist')] });
    assertRobust(result, ['build']);
    assert.equal(result.code, 0, result.stderr);
    writeFileSync(join(dir, 'dist', 'package.json'), '{ "type": "module" }\n');
    const { validateEvent } = (await import(pathToFileURL(join(dir, 'dist', 'validators.js')).href)) as { validateEvent: (e: unknown) => { ok: boolean; errors?: { pointer: string }[] } };
    assert.equal(validateEvent(example).ok, true);
    const verdict = validateEvent(hostile);
    assert.equal(verdict.ok, false);
    assert.deepEqual(verdict.errors!.map((e) => e.pointer.slice(0, 20)), ['/payload/note', '/payload/tags/word w']);
  });
});

describe('src/core/safe-regexp.ts', () => {
  it('classifies patterns: bounded ones run natively, the rest on the linear engine', () => {
    const cases: [string, string][] = [
      ['^per_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$', 'native'],
      ['^(per_[0-9a-f]{8}|system:(platform|growth))$', 'native'],
      ['^\\+[1-9][0-9]{6,14}$', 'native'],
      ['^[a-z][a-z0-9_]*$', 'native'],
      ['^(a+)+$', 'linear'],
      ['(a|a)*b', 'linear'],
      ['[a-z]+@', 'linear'],
      ['^[a-z0-9]+(-[a-z0-9]+)*$', 'linear'],
      ['^(?=.*[A-Z]).{8,}$', 'limited'],
      ['(a)\\1', 'limited'],
      ['(?=a)(a+)+$', 'refused'],
      ['((a+)+)\\2', 'refused'],
    ];
    assert.deepEqual(cases.map(([p]) => [p, patternSafety(p)]), cases);
    assert.equal(patternSafety('['), undefined);
  });

  it('answers like the built-in engine (differential: 28 patterns × 2,500 strings, both matchers)', () => {
    const patterns = ['$a', 'a$|^b', '(^a|b$)+', 'x*$', '^a*$|b', '^(a+)+$', '(a|a)*b', '^(\\w+\\s?)*$', '^[a-z0-9]+(-[a-z0-9]+)*$', 'a*b', '^(ab|a)(bc|c)$', '\\bab\\b', '\\Bb', '^(?:a{2}){1,3}$', '[^a]+', '.+', '\\p{L}+\\d', '(a*)*b', '(?<n>ab)+c', '[\\]a-]+', '^\\u{1F600}+$', '😀+a', '(|a)+b', '(a|ab)(c|bcd)(d*)', '^[A-Za-z]+(/[A-Za-z0-9_+-]+)+$', '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$', 'x{2,3}y$', '(?:a|b|c)+?d'];
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '-', '/', '.', ' ', 'A', '_', '\n', '😀', '\ud800', '1', 'é', 'x', 'y'), maxLength: 14 });
    const samples = fc.sample(text, { numRuns: 2500, seed: 7 });
    const mismatches: string[] = [];
    for (const pattern of patterns) {
      const native = new RegExp(pattern, 'u');
      for (const kind of ['dfa', 'nfa'] as const) {
        const linear = safeRegExp.linear(pattern, 'u', kind)!;
        for (const s of samples) if (linear.test(s) !== native.test(s)) mismatches.push(`${kind}: ${pattern} on ${JSON.stringify(s)}`);
      }
    }
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('answers for nested quantifiers on 100,000 characters (the built-in engine would backtrack for ever)', () => {
    for (const pattern of ['^(a+)+$', '(a|a)*b', '^(\\w+\\s?)*$', '^(([a-z])+.)+[A-Z]([a-z])+$', '[a-z]+@']) {
      assert.equal(safeRegExp(pattern, 'u').test(EVIL), false, pattern);
    }
    assert.equal(safeRegExp('^(a+)+$', 'u').test('a'.repeat(100_000)), true);
  });

  it('prints like the RegExp it stands for (ajv keys compiled patterns by toString)', () => {
    assert.equal(String(safeRegExp('^(a+)+$', 'u')), '/^(a+)+$/u');
    assert.notEqual(String(safeRegExp('(a|a)*b', 'u')), String(safeRegExp('^(a+)+$', 'u')));
  });

  it('says why a value was not checked against a refused or limited pattern', () => {
    assert.match(describePatternRisk('(?=a)(a+)+$')!, /^cannot be checked against pattern \(\?=a\)\(a\+\)\+\$: /);
    assert.match(describePatternRisk('(a)\\1')!, /only run on strings up to 10000 characters/);
    assert.equal(describePatternRisk('^(a+)+$'), undefined);
  });

  it('throws on an invalid pattern, as ajv expects of a regExp engine', () => {
    assert.throws(() => safeRegExp('[', 'u'), SyntaxError);
  });

  it('is what the generated validators run: the bundled runtime carries the same engine', () => {
    assert.equal(safeRegExp.code, 'SAFE_REGEXP');
    const bundled = (new Function(`${runtimeBundle()}\nreturn sguildRuntime;`)() as { safeRegExp: typeof safeRegExp }).safeRegExp;
    assert.equal(bundled('^(a+)+$', 'u').test(EVIL), false);
    assert.equal(bundled('^(a+)+$', 'u').test('aaa'), true);
    assert.equal(bundled.safety('(?=a)(a+)+$'), 'refused');
  });
});
