/**
 * The seed's release, 2.0.0 → 2.0.1, diffed as folders, as a package folder and as npm
 * tarballs: the same report each way, and a semver verdict justified change by change.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { npmPack, RELEASE_NEW, RELEASE_OLD, ROOT } from './helpers.js';

const OLD = relative(ROOT, RELEASE_OLD);
const NEW = relative(ROOT, RELEASE_NEW);

/** Every change of the release, with why it gets its severity and what it asks of the version. */
const EXPECTED = [
  // A 0-credit reservation was valid in 2.0.0 and is rejected by 2.0.1 readers: breaking, so major.
  { kind: 'MINIMUM_INCREASED', severity: 'breaking', backward: false, forward: true, event_type: 'credit.reserved', schema_version: 1, file: 'credit-reservation-lock/schema/payloads/credit.reserved-v1.json', pointer: '/properties/reserved_credits/minimum' },
  // The envelope's event_type pattern now allows hyphens (geography.service-area.archived): 2.0.0 readers reject those.
  { kind: 'PATTERN_WIDENED', severity: 'warning', backward: true, forward: false, file: 'event-envelope/schema/envelope-v1.json', pointer: '/properties/event_type/pattern' },
  // 2.0.0 readers reject reservations above 100 credits that 2.0.1 producers may send: a warning, minor.
  { kind: 'MAXIMUM_REMOVED', severity: 'warning', backward: true, forward: false, event_type: 'credit.reserved', schema_version: 1, file: 'credit-reservation-lock/schema/payloads/credit.reserved-v1.json', pointer: '/properties/reserved_credits/maximum' },
  // email and phone became nullable: 2.0.0 readers reject null. Warnings, minor.
  { kind: 'TYPE_WIDENED', severity: 'warning', backward: true, forward: false, event_type: 'person.updated', schema_version: 1, file: 'identity/schema/payloads/person.updated-v1.json', pointer: '/properties/email/type' },
  { kind: 'TYPE_WIDENED', severity: 'warning', backward: true, forward: false, event_type: 'person.updated', schema_version: 1, file: 'identity/schema/payloads/person.updated-v1.json', pointer: '/properties/phone/type' },
  // Descriptions only: patch.
  { kind: 'DESCRIPTION_CHANGED', severity: 'info', backward: true, forward: true, file: 'event-envelope/schema/envelope-v1.json', pointer: '/properties/event_type/description' },
  { kind: 'DESCRIPTION_CHANGED', severity: 'info', backward: true, forward: true, event_type: 'credit.locked', schema_version: 1, file: 'credit-reservation-lock/schema/payloads/credit.locked-v1.json', pointer: '/description' },
  { kind: 'DESCRIPTION_CHANGED', severity: 'info', backward: true, forward: true, event_type: 'credit.reserved', schema_version: 1, file: 'credit-reservation-lock/schema/payloads/credit.reserved-v1.json', pointer: '/properties/lesson_starts_at/description' },
];

const EXPECTED_TEXT = `Contract diff 2.0.0 → 2.0.1

credit.reserved
  breaking  MINIMUM_INCREASED  v1  reserved_credits: minimum raised from 0 to 1: values valid before are now rejected
            ${NEW}/credit-reservation-lock/schema/payloads/credit.reserved-v1.json:31:7
  warning   MAXIMUM_REMOVED  v1  reserved_credits: maximum 100 removed: larger values are now accepted, which readers of the old schema reject
            ${OLD}/credit-reservation-lock/schema/payloads/credit.reserved-v1.json:32:7
  info      DESCRIPTION_CHANGED  v1  lesson_starts_at: description changed (metadata only)
            ${NEW}/credit-reservation-lock/schema/payloads/credit.reserved-v1.json:41:7

event envelope
  warning   PATTERN_WIDENED  event_type: pattern changed from "^[a-z][a-z0-9_]*(\\\\.[a-z][a-z0-9_]*)+$" to "^[a-z][a-z0-9_-]*(\\\\.[a-z][a-z0-9_-]*)+$": its character classes only gained characters, so strings rejected before are now accepted (readers of the old schema reject them)
            ${NEW}/event-envelope/schema/envelope-v1.json:14:7
  info      DESCRIPTION_CHANGED  event_type: description changed (metadata only)
            ${NEW}/event-envelope/schema/envelope-v1.json:15:7

person.updated
  warning   TYPE_WIDENED  v1  email: type widened from string to string or null: readers of the old schema reject values of the added types
            ${NEW}/identity/schema/payloads/person.updated-v1.json:23:7
  warning   TYPE_WIDENED  v1  phone: type widened from string to string or null: readers of the old schema reject values of the added types
            ${NEW}/identity/schema/payloads/person.updated-v1.json:31:7

credit.locked
  info      DESCRIPTION_CHANGED  v1  (root): description changed (metadata only)
            ${NEW}/credit-reservation-lock/schema/payloads/credit.locked-v1.json:5:3

Backward compatible: no  Forward compatible: no
Semver: declared 2.0.0 → 2.0.1 (patch), changes require major (declared bump is too small)
✖ 1 breaking, 4 warnings, 3 info
`;

let temp: string;
let oldTgz: string;
let newTgz: string;

before(async () => {
  temp = mkdtempSync(join(tmpdir(), 'sguild-diff-release-'));
  oldTgz = join(temp, 'sguild-dispatcher-2.0.0.tgz');
  newTgz = join(temp, 'sguild-dispatcher-2.0.1.tgz');
  writeFileSync(oldTgz, await npmPack(RELEASE_OLD, '2.0.0'));
  writeFileSync(newTgz, await npmPack(RELEASE_NEW, '2.0.1'));
});
after(() => rmSync(temp, { recursive: true, force: true }));

describe('diff 2.0.0 → 2.0.1', () => {
  it('as folders: every change, its severity, and the semver verdict', async () => {
    const run = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.compatibility, { backward: false, forward: false });
    assert.deepEqual(report.semver, { required: 'major', declared: 'patch', old_version: '2.0.0', new_version: '2.0.1' });
    assert.deepEqual(
      report.changes.map(({ message: _, ...rest }: { message: string }) => rest),
      EXPECTED,
    );
  });

  it('as folders, in text: grouped by event type, most severe first, with file:line:column', async () => {
    const run = await runCli(['diff', OLD, NEW], { cwd: ROOT });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, EXPECTED_TEXT);
  });

  it('as npm tarballs: the same report (positions become file#pointer, as the files are not on disk)', async () => {
    for (const format of ['json', 'markdown']) {
      const folders = await runCli(['diff', OLD, NEW, '--format', format], { cwd: ROOT });
      const tarballs = await runCli(['diff', oldTgz, newTgz, '--format', format], { cwd: ROOT });
      assert.equal(tarballs.stderr, '');
      assert.equal(tarballs.code, 1);
      assert.equal(tarballs.stdout, folders.stdout, format);
    }
    const text = await runCli(['diff', oldTgz, newTgz], { cwd: ROOT });
    const report = JSON.parse((await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT })).stdout);
    const locations = new Set(report.changes.map((c: { file: string; pointer: string }) => `${c.file}#${c.pointer}`));
    const textLines = text.stdout.split('\n');
    const folderLines = EXPECTED_TEXT.split('\n');
    assert.equal(textLines.length, folderLines.length);
    for (let i = 0; i < textLines.length; i++) {
      const onDisk = /^ {12}fixtures\/diff\/2\.0\.[01]\/contracts\/(\S+):\d+:\d+$/.exec(folderLines[i]);
      if (!onDisk) {
        assert.equal(textLines[i], folderLines[i]);
        continue;
      }
      const [file, pointer] = textLines[i].trim().split('#');
      assert.equal(file, onDisk[1]);
      assert.ok(locations.has(`${file}#${pointer}`), textLines[i]);
    }
  });

  it('as a package folder (holding contracts/): the same report', async () => {
    const folders = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    const packages = await runCli(['diff', 'fixtures/diff/2.0.0', 'fixtures/diff/2.0.1', '--format', 'json'], { cwd: ROOT });
    assert.equal(packages.stdout, folders.stdout);
  });

  it('markdown: verdict, semver line and a table', async () => {
    const run = await runCli(['diff', OLD, NEW, '--format', 'markdown'], { cwd: ROOT });
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], '## ✖ Breaking contract changes');
    assert.equal(lines[2], '**Semver:** declared 2.0.0 → 2.0.1 (patch), changes require major — **the declared bump is too small**');
    assert.equal(lines[4], '**Backward compatible:** no · **Forward compatible:** no · 1 breaking, 4 warnings, 3 info');
    assert.equal(lines[6], '| Severity | Event type | Version | Change | Location | Details |');
    assert.equal(lines[8], '| ✖ breaking | `credit.reserved` | 1 | `MINIMUM_INCREASED` | `credit-reservation-lock/schema/payloads/credit.reserved-v1.json#/properties/reserved_credits/minimum` | reserved_credits: minimum raised from 0 to 1: values valid before are now rejected |');
    assert.equal(lines.filter((l) => l.startsWith('| ')).length, 1 + EXPECTED.length); // the header and one row per change
  });

  it('--fail-on decides the exit code; the reverse diff and an unchanged diff', async () => {
    assert.equal((await runCli(['diff', OLD, NEW, '--fail-on', 'none'], { cwd: ROOT })).code, 0);
    assert.equal((await runCli(['diff', OLD, NEW, '--fail-on', 'warning'], { cwd: ROOT })).code, 1);
    const reverse = JSON.parse((await runCli(['diff', NEW, OLD, '--format', 'json'], { cwd: ROOT })).stdout);
    // Going back: the widenings become narrowings (breaking), the raised minimum a lowered one.
    assert.deepEqual(
      reverse.changes.filter((c: { severity: string }) => c.severity === 'breaking').map((c: { kind: string }) => c.kind),
      ['PATTERN_NARROWED', 'MAXIMUM_ADDED', 'TYPE_NARROWED', 'TYPE_NARROWED'],
    );
    assert.equal(reverse.semver.declared, 'patch');
    const same = await runCli(['diff', NEW, NEW, '--format', 'json'], { cwd: ROOT });
    assert.equal(same.code, 0);
    assert.deepEqual(JSON.parse(same.stdout), { version: 1, compatibility: { backward: true, forward: true }, semver: { required: 'none', declared: 'none', old_version: '2.0.1', new_version: '2.0.1' }, changes: [] });
  });

  it('is byte-identical run to run, and the same under --policy strict', async () => {
    const a = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    const b = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    const strict = await runCli(['diff', OLD, NEW, '--format', 'json', '--policy', 'strict'], { cwd: ROOT });
    assert.equal(a.stdout, b.stdout);
    assert.equal(strict.stdout, a.stdout);
  });
});
