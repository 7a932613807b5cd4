import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDuplicateKeys, parseJson, parseJsonBytes } from '../../src/json/document.js';
import { nth } from '../helpers.js';

describe('parseJson', () => {
  it('locates values and keys by JSON pointer, 1-based', () => {
    const doc = parseJson('{\n  "a": {\n    "b": [10, 20]\n  }\n}');
    assert.deepEqual(doc.locate('/a/b/1'), { line: 3, column: 15, endLine: 3, endColumn: 17 });
    assert.deepEqual(doc.locate('/a/b', 'key'), { line: 3, column: 5, endLine: 3, endColumn: 8 });
    // A pointer that does not exist falls back to its nearest existing ancestor.
    assert.deepEqual(doc.locate('/a/zzz'), { line: 2, column: 8, endLine: 4, endColumn: 4 });
  });

  it('reports a syntax error at the offending character with a hint', () => {
    const doc = parseJson('{\n  "a": 1\n  "b": 2\n}');
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.problems, [{ kind: 'syntax', message: 'invalid JSON: unexpected string; is a comma missing before it?', line: 3, column: 3, endLine: 3, endColumn: 4 }]);
  });

  it('names an invisible character by its code point', () => {
    for (const [text, code, column] of [['{"a": 1,\u00a0"b": 2}', 'U+00A0', 9], ['\u001e{}', 'U+001E', 1], ['{"a":\u200b1}', 'U+200B', 6]] as const) {
      const doc = parseJson(text);
      assert.equal(doc.ok, false);
      assert.deepEqual([nth(doc.problems, 0).message, nth(doc.problems, 0).column], [`invalid JSON: unexpected invisible character ${code}; remove it (JSON allows only spaces, tabs and line breaks between values)`, column]);
    }
  });

  it('reports an empty file', () => {
    assert.equal(parseJson('  \n').problems[0]?.message, 'file is empty; a JSON document is expected');
  });

  it('finds duplicate keys with their pointer and position, in nested objects and arrays', () => {
    const doc = parseJson('{"x": [1, "s", {"a": 1, "a": 2}], "y": {"a": 1}}');
    assert.deepEqual(
      doc.problems.map((p) => [p.kind, p.pointer, p.line, p.column]),
      [['duplicate-key', '/x/2/a', 1, 25]],
    );
  });

  it('treats escaped and plain spellings of a key as the same key', () => {
    assert.deepEqual(findDuplicateKeys('{"a": 1, "\\u0061": 2}').map((d) => d.pointer), ['/a']);
  });

  it('keeps __proto__ as an ordinary own key (no prototype pollution)', () => {
    const doc = parseJson('{"__proto__": {"polluted": true}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.prototype.hasOwnProperty.call(doc.value, '__proto__'));
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH, at the first bracket too deep, even 100,000 levels', () => {
    const deep = parseJson('['.repeat(100_000) + ']'.repeat(100_000));
    assert.equal(deep.ok, false);
    assert.equal(nth(deep.problems, 0).kind, 'too-deep');
    assert.deepEqual([nth(deep.problems, 0).line, nth(deep.problems, 0).column], [1, 257]);
    const fine = parseJson('['.repeat(256) + ']'.repeat(256));
    assert.equal(fine.ok, true);
  });

  it('reports invalid UTF-8 at the first bad byte and tolerates a BOM', () => {
    const bad = parseJsonBytes(new Uint8Array([0x7b, 0x0a, 0x22, 0xff, 0x22, 0x7d]));
    assert.equal(bad.ok, false);
    assert.equal(nth(bad.problems, 0).kind, 'encoding');
    assert.equal(nth(bad.problems, 0).line, 2);
    assert.equal(nth(bad.problems, 0).column, 2);
    const bom = parseJsonBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
    assert.equal(bom.ok, true);
  });

  it('counts CRLF line endings as one line break', () => {
    const doc = parseJson('{\r\n"a": 1,\r\n"a": 2\r\n}');
    assert.equal(nth(doc.problems, 0).line, 3);
  });
});
