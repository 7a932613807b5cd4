/**
 * fixtures/adversarial/encodings: a BOM (registry, ids schema), CRLF line ends (registry,
 * envelope, payload schema, a README) and invalid UTF-8 (a README, an example). The BOM is
 * tolerated, CRLF files give exact positions, invalid bytes are file/not-utf8 at their offset.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADVERSARIAL, assertRobust, jsonReport, run } from './helpers.js';

const CONTRACTS = 'fixtures/adversarial/encodings/contracts';

describe('adversarial: BOM, CRLF and invalid UTF-8', () => {
  it('check reports exactly the invalid bytes and the duplicate key on a CRLF line', async () => {
    const result = await run(['check', '--contracts', CONTRACTS, '--format', 'json'], { cwd: `${ADVERSARIAL}/../..` });
    assertRobust(result, ['check'], { format: 'json' });
    assert.deepEqual(
      jsonReport(result.stdout).diagnostics.map((d) => `${d.file.slice(CONTRACTS.length + 1)}:${d.line}:${d.column} ${d.rule} ${d.message}`),
      [
        'lesson-lifecycle/README.md:4:14 file/not-utf8 file is not valid UTF-8 (invalid byte 0xff at offset 52); save it as UTF-8',
        'lesson-lifecycle/examples/lesson.delivered-v1.json:13:42 file/not-utf8 file is not valid UTF-8 (invalid byte 0xc0 at offset 544); save it as UTF-8',
        'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json:5:3 json/duplicate-key duplicate key "title": JSON readers keep only the last one; remove or rename one of them',
      ],
    );
  });

  for (const args of [
    ['build', '--contracts', CONTRACTS, '--check', '--out', 'does-not-exist'],
    ['validate', '--contracts', CONTRACTS, `${CONTRACTS}/lesson-lifecycle/examples/lesson.delivered-v1.json`],
    ['diff', 'fixtures/minimal/contracts', CONTRACTS],
  ]) {
    it(`${args[0]} handles the same files without a crash`, async () => {
      const result = await run(args, { cwd: `${ADVERSARIAL}/../..` });
      assertRobust(result, args);
      if (args[0] !== 'diff') assert.equal(result.code, 1, result.stdout + result.stderr);
    });
  }

  it('validate reads events with a BOM, CRLF line ends and an invalid byte', async () => {
    const event = '{"event_id":"evt_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f","event_type":"lesson.delivered","schema_version":1,"occurred_at":"2026-05-04T16:00:00Z","producer":"operations","envelope_version":1,"subject":"les_01937b2e-4c1a-7d3e-9f10-000000000001","actor":"per_01937b2e-4c1a-7d3e-9f10-000000000002","payload":{"lesson_id":"les_01937b2e-4c1a-7d3e-9f10-000000000001","attendance":[],"delivered_at":"2026-05-04T15:55:00Z"}}';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${event}\r\n${event}\r\n`), Buffer.from([0x7b, 0xff, 0x7d, 0x0d, 0x0a])]);
    const result = await run(['validate', '--contracts', 'fixtures/minimal/contracts', '--format', 'json', '-'], { cwd: `${ADVERSARIAL}/../..`, stdin: bytes });
    assertRobust(result, ['validate'], { format: 'json' });
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; valid?: boolean; failures?: { kind: string }[] });
    assert.deepEqual(lines.filter((l) => l.valid === false).map((l) => [l.line, l.failures!.map((f) => f.kind)]), [[3, ['not-json']]]);
  });
});
