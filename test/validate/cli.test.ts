/**
 * `sguild-contracts validate` on the committed streams of fixtures/validate/: the exact report
 * (text and json) and exit code, standard input, early stop, limits and usage errors.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { nth, runCli } from '../helpers.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'validate');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const validate = (args: string[], stdin?: NodeJS.ReadableStream) => runCli(['validate', '--contracts', 'contracts', ...args], { cwd: DIR, stdin });
const chunked = (text: string, size: number) => Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size))));

describe('validate: committed fixture reports', () => {
  for (const [input, expected, code] of [
    ['valid.ndjson', 'valid.expected.txt', 0],
    ['invalid.ndjson', 'invalid.expected.txt', 1],
    ['batch.json', 'batch.expected.txt', 1],
    ['single.json', 'single.expected.txt', 0],
  ] as const) {
    it(`${input}: prints ${expected} exactly and exits ${code}`, async () => {
      const run = await validate([input]);
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, read(expected));
      assert.equal(run.code, code);
    });
  }

  it('invalid.ndjson --format json: one object per event with failures, then the summary', async () => {
    const run = await validate(['--format', 'json', 'invalid.ndjson']);
    assert.equal(run.stdout, read('invalid.expected.ndjson'));
    assert.equal(run.code, 1);
    for (const line of run.stdout.trimEnd().split('\n')) JSON.parse(line);
  });

  it('covers every failure kind the checks and the reader produce', async () => {
    const run = await validate(['--format', 'json', 'invalid.ndjson']);
    const summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!).summary;
    const kinds = Object.keys(summary.failureKinds);
    for (const kind of ['not-json', 'envelope', 'unknown-event-type', 'deprecated-event-type', 'proposed-event-type', 'unknown-schema-version', 'payload', 'producer-mismatch', 'subject-missing', 'subject-invalid', 'actor-invalid', 'actor-not-allowed', 'correlation-id-invalid']) {
      assert.ok(kinds.includes(kind), `invalid.ndjson lacks ${kind}`);
    }
  });
});

describe('validate: inputs', () => {
  it('reads standard input when no file is given, in any chunking, with the same report', async () => {
    const expected = read('invalid.expected.txt').replaceAll('invalid.ndjson:', '<stdin>:');
    for (const size of [1, 7, 4096]) {
      const run = await validate([], chunked(read('invalid.ndjson'), size));
      assert.equal(run.stdout, expected, `chunk size ${size}`);
      assert.equal(run.code, 1);
    }
  });

  it('reads "-" as standard input next to files, reporting each input by name', async () => {
    const run = await validate(['valid.ndjson', '-', 'single.json'], chunked(read('batch.json'), 64));
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^<stdin>:17 {2}error {4}evt_01937b2e-4c1a-7d3e-9f10-000000000021 {2}lesson\.scheduled v2 {2}\/payload\/duration_minutes {2}must be >= 15 \(lesson\.scheduled v2 payload schema\) {2}payload$/m);
    assert.match(run.stdout, /✖ 1 of 9 events invalid \(1 error, 2 warnings\) in 3 inputs\n$/);
  });

  it('--ndjson reads a pretty-printed event line by line', async () => {
    const run = await validate(['--ndjson', 'single.json']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^single\.json:1 {2}error {4}- {2}- {2}\(root\) {2}invalid JSON: /m);
  });

  it('--max-errors stops after the event that reaches the limit', async () => {
    const run = await validate(['--max-errors', '3', 'invalid.ndjson', 'valid.ndjson']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout.split('\n').filter((l) => l.startsWith('invalid.ndjson:')).length, 3);
    assert.doesNotMatch(run.stdout, /^valid\.ndjson:/m);
    assert.match(run.stdout, /✖ 3 of 4 events invalid \(3 errors, 0 warnings\) in 1 input; stopped at --max-errors 3, the rest was not read\n$/);
    const json = await validate(['--format', 'json', '--max-errors', '1', 'invalid.ndjson']);
    const lines = json.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(nth(lines, 1)).summary.stopped, true);
  });

  it('--max-event-size skips longer events as too-large', async () => {
    const run = await validate(['--max-event-size', '1K', 'single.json']);
    assert.equal(run.code, 0);
    const small = await validate(['--max-event-size', '200', 'single.json']);
    assert.equal(small.code, 1);
    assert.match(small.stdout, /^single\.json:1 {2}error {4}- {2}- {2}\(root\) {2}the JSON value is longer than 200 bytes and was skipped; raise --max-event-size if such events are expected {2}too-large$/m);
  });

  it('warnings alone exit 0; an empty input is no events', async () => {
    assert.equal((await validate(['valid.ndjson'])).code, 0);
    const empty = await validate([], Readable.from([Buffer.from('\n\n')]));
    assert.equal(empty.stdout, '✔ no events found in 1 input\n');
    assert.equal(empty.code, 0);
  });
});

describe('validate: usage errors exit 2 with a message', () => {
  for (const [args, message] of [
    [['--format', 'xml', 'valid.ndjson'], '--format must be one of text, json, github, junit, sarif, not "xml"'],
    [['missing.ndjson'], 'input file not found: missing.ndjson'],
    [['contracts'], 'not a file: contracts; pass event files (JSON, JSON array or NDJSON)'],
    [['--max-errors', '0', 'valid.ndjson'], '--max-errors must be a positive integer, got "0"'],
    [['--max-event-size', 'lots', 'valid.ndjson'], '--max-event-size must be a positive number of bytes (e.g. 1048576, 512K or 4M), got "lots"'],
    [['-', '-'], 'standard input ("-") can be read only once'],
  ] as const) {
    it(args.join(' '), async () => {
      const run = await validate([...args]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `sguild-contracts: ${message}\n`);
    });
  }

  it('a contracts folder that does not exist is a usage error', async () => {
    const missing = await runCli(['validate', '--contracts', 'nowhere', 'valid.ndjson'], { cwd: DIR });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'sguild-contracts: contracts folder not found: nowhere (pass --contracts DIR or set "contracts" in sguild-contracts.config.json)\n');
  });
});

describe('validate: contracts that cannot validate events', () => {
  it('without a usable registry: check\'s registry errors, the verdict, exit 1, nothing read', async () => {
    const run = await runCli(['validate', '--contracts', '.', 'valid.ndjson'], { cwd: DIR });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      '.:1:1  error    no event-types-registry.json at the contracts root; there is one below it, at contracts/event-types-registry.json: pass that folder with --contracts  registry/missing\n' +
        '✖ no event validated: the contracts cannot be used (event-types-registry.json is missing or not valid JSON); fix the errors above (sguild-contracts check --contracts .)\n',
    );
  });

  it('with an envelope that does not compile: the errors at their lines, in text and json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sguild-validate-'));
    cpSync(join(DIR, 'contracts'), join(dir, 'contracts'), { recursive: true });
    cpSync(join(DIR, 'valid.ndjson'), join(dir, 'valid.ndjson'));
    const envelope = join(dir, 'contracts', 'event-envelope', 'schema', 'envelope-v1.json');
    writeFileSync(envelope, readFileSync(envelope, 'utf8').replace('"$ref": "ids-v1.json#/$defs/event_id"', '"$ref": "ids-v1.json#/$defs/nope_id"'));
    const line = readFileSync(envelope, 'utf8').split('\n').findIndex((l) => l.includes('nope_id')) + 1;
    const text = await runCli(['validate', '--contracts', 'contracts', 'valid.ndjson'], { cwd: dir });
    assert.equal(text.code, 1);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(nth(lines, 0), new RegExp(`^contracts/event-envelope/schema/envelope-v1\\.json:${line}:\\d+  error    \\$ref "ids-v1\\.json#/\\$defs/nope_id": .*  schema/ref-unresolved$`));
    assert.match(lines.at(-1)!, /^✖ no event validated: the contracts cannot be used \(event-envelope\/schema\/envelope-v1\.json does not compile \(can't resolve reference ids-v1\.json#\/\$defs\/nope_id .*\)\); fix the errors above \(sguild-contracts check --contracts contracts\)$/);
    const json = await runCli(['validate', '--contracts', 'contracts', '--format', 'json', 'valid.ndjson'], { cwd: dir });
    assert.equal(json.code, 1);
    const records = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    assert.deepEqual(nth(records, 0).contracts_error.rule, 'schema/ref-unresolved');
    assert.equal(nth(records, 0).contracts_error.line, line);
    const { summary } = records.at(-1)!;
    assert.deepEqual([summary.events, summary.errors, summary.contracts.usable, summary.contracts.fix], [0, records.length - 1, false, 'sguild-contracts check --contracts contracts']);
  });
});

describe('validate: an input that fails while being read', () => {
  it('is a usage problem naming the input, not a stack trace', async () => {
    const { validateInputs, InputReadError } = await import('../../src/validate/run.js');
    const { eventCheckerOf } = await import('../../src/events/for-model.js');
    const { loadContractSet } = await import('../../src/load/loader.js');
    const { FolderSource } = await import('../../src/load/source.js');
    const checker = eventCheckerOf(loadContractSet(new FolderSource(join(DIR, 'contracts'))));
    const failing = {
      name: 'broken.ndjson',
      async *open() {
        yield Buffer.from(read('valid.ndjson'));
        throw Object.assign(new Error('i/o error'), { code: 'EIO' });
      },
    };
    let seen = 0;
    await assert.rejects(
      validateInputs([failing], checker, { ndjson: false, maxEventBytes: 1 << 20 }, () => void seen++),
      (error: unknown) => error instanceof InputReadError && error.message === 'cannot read broken.ndjson: EIO',
    );
    assert.equal(seen, 2);
  });
});
