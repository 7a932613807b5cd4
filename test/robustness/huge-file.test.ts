/**
 * fixtures/adversarial/huge-file: 50 MB contract files, generated here. Files over 16 MiB are
 * refused before they are read (file/skipped, an error), so no command spends minutes in a
 * parser or in ajv; a 15 MB file under the limit (one long string) is read and checked.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_FILE_BYTES } from '../../src/load/source.js';
import { assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';

const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
const EXAMPLE = 'lesson-lifecycle/examples/lesson.delivered-v1.json';
const MB = 1024 * 1024;

describe('adversarial: 50 MB contract files', () => {
  const dir = scratch();
  const contracts = copyFixture(MINIMAL, dir);
  const example = JSON.parse(readFileSync(join(contracts, EXAMPLE), 'utf8')) as { payload: Record<string, unknown> };
  writeFileSync(join(contracts, EXAMPLE), JSON.stringify({ ...example, payload: { ...example.payload, note: 'x'.repeat(50 * MB) } }));
  const schema = readFileSync(join(contracts, PAYLOAD), 'utf8');
  const properties: string[] = [];
  for (let i = 0, size = 0; size < 50 * MB; i++) {
    const property = `"p${i}": { "type": "string", "description": "${'d'.repeat(80)}" }`;
    properties.push(property);
    size += property.length + 2;
  }
  writeFileSync(join(contracts, PAYLOAD), schema.replace('"properties": {', `"properties": {\n${properties.join(',\n')},`));

  it('check refuses both files up front, as errors', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(result, ['check'], { format: 'json' });
    assert.equal(result.code, 1);
    const skipped = jsonReport(result.stdout).diagnostics.filter((d) => d.rule === 'file/skipped');
    assert.deepEqual(skipped.map((d) => [d.file, d.severity, d.message.replace(/\d+ bytes/, 'N bytes')]), [
      [`contracts/${EXAMPLE}`, 'error', `file is N bytes, more than the ${MAX_FILE_BYTES / MB} MiB a contract file may have; it was not read: split it or remove what does not belong in the contracts`],
      [`contracts/${PAYLOAD}`, 'error', `file is N bytes, more than the ${MAX_FILE_BYTES / MB} MiB a contract file may have; it was not read: split it or remove what does not belong in the contracts`],
    ]);
  });

  for (const args of [['build', '--out', 'dist'], ['validate', `contracts/${EXAMPLE}`], ['diff', MINIMAL, 'contracts']]) {
    it(`${args[0]} ends at once`, async () => {
      const result = await run(args, { cwd: dir, read: [MINIMAL], write: [join(dir, 'dist')] });
      assertRobust(result, args);
      if (args[0] === 'diff') {
        // A side that cannot be loaded in full is refused (exit 2), never compared as if the file were absent.
        assert.equal(result.code, 2, result.stdout + result.stderr);
        assert.match(result.stderr, /^sguild-contracts: the new side \(contracts\) cannot be loaded in full, so it cannot be compared: .*more than the 16 MiB a contract file may have/);
      } else assert.equal(result.code, 1, result.stdout + result.stderr);
    });
  }

  it('a 15 MB example under the limit is read and checked', async () => {
    const small = scratch();
    const inside = copyFixture(MINIMAL, small);
    writeFileSync(join(inside, EXAMPLE), JSON.stringify({ ...example, payload: { ...example.payload, lesson_id: `les_${'a'.repeat(15 * MB)}` } }));
    const result = await run(['check', '--format', 'json'], { cwd: small });
    assertRobust(result, ['check'], { format: 'json' });
    assert.deepEqual(jsonReport(result.stdout).diagnostics.map((d) => [d.rule, d.pointer]), [['examples/invalid', '/payload/lesson_id']]);
  });
});
