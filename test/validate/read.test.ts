/**
 * The streaming reader: format detection, NDJSON lines, array elements and value sequences,
 * with exact lines, whatever the chunk boundaries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EventReader, type ReadItem } from '../../src/validate/read.js';

function read(input: string | Buffer, options: { ndjson?: boolean; max?: number; chunks?: number[] } = {}): { items: ReadItem[]; format: string | undefined } {
  const items: ReadItem[] = [];
  const reader = new EventReader({ ndjson: options.ndjson ?? false, maxEventBytes: options.max ?? 1 << 20 }, (item) => {
    items.push(item);
    return true;
  });
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  let at = 0;
  for (const size of options.chunks ?? []) {
    if (at >= bytes.length) break;
    reader.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
    at += size;
  }
  if (at < bytes.length) reader.push(bytes.subarray(at));
  reader.end();
  return { items, format: reader.format };
}

const texts = (items: ReadItem[]) => items.map((i) => ('text' in i ? [i.line, i.text] : [i.line, i.failure.kind, i.failure.message]));

describe('format detection', () => {
  it('reads a one-line object stream as NDJSON', () => {
    const r = read('{"a":1}\n{"b":2}\n');
    assert.equal(r.format, 'ndjson');
    assert.deepEqual(texts(r.items), [[1, '{"a":1}'], [2, '{"b":2}']]);
  });
  it('reads a pretty-printed object as one value', () => {
    const r = read('\n{\n  "a": 1,\n  "b": "}"\n}\n');
    assert.equal(r.format, 'sequence');
    assert.deepEqual(texts(r.items), [[2, '{\n  "a": 1,\n  "b": "}"\n}']]);
  });
  it('reads concatenated pretty-printed values one after the other', () => {
    const r = read('{\n "a": 1\n}\n{\n "b": 2\n}');
    assert.deepEqual(texts(r.items), [[1, '{\n "a": 1\n}'], [4, '{\n "b": 2\n}']]);
  });
  it('reads an array element by element, with the line each starts on', () => {
    const r = read('[\n  {"a": [1, 2]},\n  {"b": "x,]"},\n  3, "s", null\n]\n');
    assert.equal(r.format, 'array');
    assert.deepEqual(texts(r.items), [[2, '{"a": [1, 2]}'], [3, '{"b": "x,]"}'], [4, '3'], [4, '"s"'], [4, 'null']]);
  });
  it('treats anything else as NDJSON so broken lines are reported one by one', () => {
    const r = read('not json\n{"a":1}\n');
    assert.equal(r.format, 'ndjson');
    assert.deepEqual(texts(r.items), [[1, 'not json'], [2, '{"a":1}']]);
  });
  it('--ndjson forces line mode even for a multi-line object', () => {
    const r = read('{\n"a": 1\n}\n', { ndjson: true });
    assert.deepEqual(texts(r.items), [[1, '{'], [2, '"a": 1'], [3, '}']]);
  });
  it('reads a JSON text sequence (RFC 7464: RS before each record), one-line or pretty records', () => {
    const oneLine = read('\x1e{"a":1}\n\x1e{"b":2}\n');
    assert.equal(oneLine.format, 'ndjson');
    assert.deepEqual(texts(oneLine.items), [[1, '{"a":1}'], [2, '{"b":2}']]);
    assert.deepEqual(texts(read('\x1e{\n "a": 1\n}\n\x1e{\n "b": 2\n}\n').items), [[1, '{\n "a": 1\n}'], [4, '{\n "b": 2\n}']]);
  });
  it('skips a UTF-8 byte order mark and reads an empty input as no events', () => {
    assert.deepEqual(texts(read(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":1}\n')])).items), [[1, '{"a":1}']]);
    assert.deepEqual(read('').items, []);
    assert.deepEqual(read('  \n\n').items, []);
  });
});

describe('NDJSON lines', () => {
  it('accepts CRLF, skips blank lines, keeps counting lines, reads a last line without newline', () => {
    const r = read('{"a":1}\r\n\r\n   \n{"b":2}\n{"c":3}');
    assert.deepEqual(texts(r.items), [[1, '{"a":1}'], [4, '{"b":2}'], [5, '{"c":3}']]);
  });
  it('skips a line longer than the limit without buffering it, and goes on', () => {
    const r = read(`{"a":1}\n{"long":"${'x'.repeat(100)}"}\n{"b":2}\n`, { max: 50, chunks: [10, 10, 10] });
    assert.deepEqual(texts(r.items), [
      [1, '{"a":1}'],
      [2, 'too-large', 'the line is longer than 50 bytes and was skipped; raise --max-event-size if such events are expected'],
      [3, '{"b":2}'],
    ]);
  });
  it('reports a line that is not UTF-8', () => {
    const r = read(Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}\n{"b":1}\n')]));
    assert.deepEqual(texts(r.items), [[1, 'not-json', 'the event is not valid UTF-8; events must be UTF-8 encoded JSON'], [2, '{"b":1}']]);
  });
});

describe('array splitting', () => {
  it('handles escapes, nested brackets in strings and multi-byte characters', () => {
    const r = read('[{"q":"a\\"]}\\\\"}, {"é":"€"}]');
    assert.deepEqual(texts(r.items), [[1, '{"q":"a\\"]}\\\\"}'], [1, '{"é":"€"}']]);
  });
  it('reports structural mistakes with their line and keeps reading', () => {
    const r = read('[\n{"a":1}\n{"b":2},\n,\n{"c":3},\n]\n');
    assert.deepEqual(texts(r.items), [
      [2, '{"a":1}'],
      [3, 'not-json', 'invalid JSON: a comma is missing between two array elements'],
      [3, '{"b":2}'],
      [4, 'not-json', 'invalid JSON: an array element is missing before this comma'],
      [5, '{"c":3}'],
      [6, 'not-json', 'invalid JSON: trailing comma before the end of the array'],
    ]);
  });
  it('reports an unterminated array and content after it', () => {
    assert.deepEqual(texts(read('[{"a":1}').items), [[1, '{"a":1}'], [1, 'not-json', 'invalid JSON: the input ended inside the JSON array (missing "]")']]);
    assert.deepEqual(texts(read('[{"a":1}]\n{"b":2}').items), [[1, '{"a":1}'], [2, 'not-json', 'invalid JSON: unexpected content after the end of the array; the input must be one JSON array']]);
    assert.deepEqual(texts(read('[]').items), []);
  });
  it('hands over an unterminated element so the parser can say what is wrong', () => {
    assert.deepEqual(texts(read('[{"a":1}, {"b":').items), [[1, '{"a":1}'], [1, '{"b":'], [1, 'not-json', 'invalid JSON: the input ended inside the JSON array (missing "]")']]);
  });
  it('skips an element longer than the limit', () => {
    const r = read(`[{"a":1}, {"long":"${'x'.repeat(100)}"}, {"b":2}]`, { max: 50, chunks: [7, 13, 29] });
    assert.deepEqual(texts(r.items), [[1, '{"a":1}'], [1, 'too-large', 'the array element is longer than 50 bytes and was skipped; raise --max-event-size if such events are expected'], [1, '{"b":2}']]);
  });
  it('stops when told to', () => {
    const items: ReadItem[] = [];
    const reader = new EventReader({ ndjson: false, maxEventBytes: 1024 }, (item) => (items.push(item), items.length < 2));
    assert.equal(reader.push('[1,2,3,4]'), false);
    reader.end();
    assert.equal(items.length, 2);
  });
});

describe('chunk boundaries', () => {
  const inputs = [
    '{"a":1}\r\n{"b":"x\\ny"}\n\nnot json\n{"c":[1,{"d":"]"}]}',
    '[\n {"a":"\\"[{"},\n {"b":[1,2,{"c":null}]},\n 42,\n "str\\\\",\n {"é":"€"}\n]\n',
    '{\n  "a": "}{",\n  "b": [1, 2]\n}\n{\n  "c": 3\n}\n',
  ];
  for (const [index, input] of inputs.entries()) {
    it(`gives the same items however input ${index} is chunked`, () => {
      const whole = read(input);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 }), (chunks) => {
          assert.deepEqual(read(input, { chunks }).items, whole.items);
        }),
        { numRuns: 300, seed: 42 },
      );
    });
  }
});
