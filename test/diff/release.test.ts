/**
 * The seed's release, 2.0.0 → 2.0.1: the fixtures checked against the seed's file list
 * (fixtures/diff/seed-files.txt), then diffed as folders, as a package folder and as npm
 * tarballs: the same report each way, a semver verdict justified change by change, and the
 * version to set.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nth, runCli } from '../helpers.js';
import { npmPack, readTree, RELEASE_NEW, RELEASE_OLD, ROOT } from './helpers.js';

const OLD = relative(ROOT, RELEASE_OLD);
const NEW = relative(ROOT, RELEASE_NEW);

/** The changes to schemas that exist on both sides, with why each gets its severity and what it asks of the version. */
const SCHEMA_CHANGES = [
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

/** The seed's file list: `package/<path> +added -removed`, as fixtures/diff/seed-files.txt records it. */
const SEED = readFileSync(join(ROOT, 'fixtures', 'diff', 'seed-files.txt'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const match = /^package\/(\S+) \+(\d+) -(\d+)$/.exec(line)!;
    return { path: nth(match, 1), added: Number(match[2]), removed: Number(match[3]) };
  });
const SEED_CONTRACTS = SEED.filter((f) => f.path.startsWith('contracts/')).map((f) => ({ ...f, path: f.path.slice('contracts/'.length) }));
/** Added in 2.0.1 (`+N -0`), changed (`-N` with N > 0). */
const ADDED = new Set(SEED_CONTRACTS.filter((f) => f.removed === 0).map((f) => f.path));
const CHANGED = new Set(SEED_CONTRACTS.filter((f) => f.removed > 0).map((f) => f.path));
const PAYLOAD_FILE = /^[^/]+\/schema\/payloads\/(.+)-v([1-9][0-9]*)\.json$/;

const EXPECTED_HEAD = `Contract diff 2.0.0 → 2.0.1

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

coach.assigned
  info      EVENT_TYPE_ADDED  event type registered with v1
`;

const EXPECTED_TAIL = `
Backward compatible: no  Forward compatible: no
Semver: declared 2.0.0 → 2.0.1 (patch), changes require major (declared bump is too small: set registry_version to 3.0.0)
✖ 1 breaking, 4 warnings, 111 info
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

interface JsonChange { kind: string; severity: string; backward: boolean; forward: boolean; event_type?: string; schema_version?: number; file: string; pointer: string; message: string; witness?: { value: unknown; accepted_by: string } }

describe('the release fixtures are the seed\'s release', () => {
  const before = readTree(RELEASE_OLD);
  const after = readTree(RELEASE_NEW);

  it('2.0.0 holds exactly the files that existed before 2.0.1: no file the seed lists as added, every changed and unlisted one', () => {
    for (const path of ADDED) {
      assert.ok(!(path in before), `${path} is "+N -0" in the seed, so 2.0.0 must not have it`);
      assert.ok(path in after, `${path} is in 2.0.1`);
    }
    for (const path of CHANGED) {
      assert.ok(path in before && path in after, path);
      assert.notEqual(before[path], after[path], `${path} changed in 2.0.1`);
    }
    // Files the seed does not list are the same on both sides. Examples are not in the package at
    // all (they are this reconstruction's); 2.0.0 has those of the versions it has.
    for (const path of Object.keys(after)) {
      if (ADDED.has(path) || CHANGED.has(path)) continue;
      const example = /^[^/]+\/examples\/(.+)-v([1-9][0-9]*)\.json$/.exec(path);
      if (example) {
        const contract = path.slice(0, path.indexOf('/'));
        assert.equal(path in before, `${contract}/schema/payloads/${example[1]}-v${example[2]}.json` in before, path);
        if (path in before) assert.equal(before[path], after[path], path);
        continue;
      }
      assert.equal(before[path], after[path], `${path} is not in the seed's list, so it is the same in 2.0.0`);
    }
    assert.deepEqual(Object.keys(before).filter((p) => !(p in after)), [], 'nothing was removed in 2.0.1');
  });

  it('2.0.0 passes check; its only findings without the fixture\'s configuration are the contract READMEs it did not have yet', async () => {
    const configured = await runCli(['check', '--format', 'json'], { cwd: join(ROOT, 'fixtures', 'diff', '2.0.0') });
    assert.equal(configured.code, 0, configured.stdout);
    assert.deepEqual(JSON.parse(configured.stdout).diagnostics, []);
    const bare = await runCli(['check', '--contracts', OLD, '--format', 'json'], { cwd: ROOT });
    // Errors only: the warnings are the payloads that, as published, name no person (the fixture's configuration ignores them with that reason).
    const rules = JSON.parse(bare.stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { rule: string; message: string }) => `${d.rule} ${/contract folder "([^"]+)"/.exec(d.message)?.[1]}`);
    assert.deepEqual(rules, ['credit-reservation-funding-state', 'credit-reservation-lock', 'event-envelope', 'identity', 'lead-lifecycle', 'payment-flow'].map((c) => `docs/readme-missing ${c}`));
    const newer = await runCli(['check', '--contracts', NEW, '--format', 'json'], { cwd: ROOT });
    assert.equal(newer.code, 0, newer.stdout);
  });
});

describe('diff 2.0.0 → 2.0.1', () => {
  it('as folders: the changed schemas, every added type, version, document and example, and the semver verdict', async () => {
    const run = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout);
    const changes = report.changes as JsonChange[];
    assert.deepEqual(report.compatibility, { backward: false, forward: false });
    assert.deepEqual(report.semver, { required: 'major', declared: 'patch', old_version: '2.0.0', new_version: '2.0.1', sufficient: false, set: { field: 'registry_version', version: '3.0.0' } });

    // Schemas on both sides: exactly the seed's changed schema files, and the changes above.
    const schemaChanges = changes.filter((c) => c.file !== 'event-types-registry.json' && !c.kind.endsWith('_ADDED'));
    assert.deepEqual(schemaChanges.map(({ message: _message, witness: _witness, ...rest }) => rest), SCHEMA_CHANGES);
    // Every incompatible schema change shows a value that proves it (test/diff/semantic.test.ts checks witnesses with ajv).
    for (const c of schemaChanges) {
      if (!c.backward) assert.equal(c.witness?.accepted_by, 'old', c.kind);
      else if (!c.forward) assert.equal(c.witness?.accepted_by, 'new', c.kind);
    }
    assert.deepEqual([...new Set(schemaChanges.map((c) => c.file))].sort(), [...CHANGED].filter((p) => p.endsWith('.json') && p !== 'event-types-registry.json').sort());

    // Added payload files, from the seed's list: a new type when its version 1 is new, else a new version.
    const addedVersions = [...ADDED].map((p) => PAYLOAD_FILE.exec(p)).filter((m) => m !== null).map((m) => ({ type: nth(m, 1), version: Number(m[2]) }));
    const oldTypes = new Set(Object.keys(JSON.parse(readFileSync(join(RELEASE_OLD, 'event-types-registry.json'), 'utf8')).event_types));
    const expectedTypes = addedVersions.filter((v) => !oldTypes.has(v.type)).map((v) => v.type).sort();
    const expectedVersions = addedVersions.filter((v) => oldTypes.has(v.type)).map((v) => `${v.type} v${v.version}`).sort();
    assert.equal(expectedTypes.length, 21);
    assert.deepEqual(expectedVersions, ['intake.captured v2', 'intake.matched v2']);
    const of = (kind: string) => changes.filter((c) => c.kind === kind);
    assert.deepEqual(of('EVENT_TYPE_ADDED').map((c) => c.event_type).sort(), expectedTypes);
    assert.deepEqual(of('EVENT_TYPE_VERSION_ADDED').map((c) => `${c.event_type} v${c.schema_version}`).sort(), expectedVersions);
    // Every document of 2.0.1 is new (the seed lists each as "+N -0"); one example per new version.
    assert.deepEqual(of('DOC_ADDED').map((c) => c.file).sort(), [...ADDED].filter((p) => p.endsWith('.md')).sort());
    assert.equal(of('DOC_ADDED').length, 60);
    assert.deepEqual(of('EXAMPLE_ADDED').map((c) => `${c.event_type} v${c.schema_version}`).sort(), [...expectedTypes.map((t) => `${t} v1`), ...expectedVersions].sort());
    // The additive v2s come with their compatibility mode (see contracts/README.md).
    assert.deepEqual(of('COMPATIBILITY_CHANGED').map((c) => c.event_type), ['intake.captured', 'intake.matched']);
    // Nothing else.
    const accounted = new Set(['EVENT_TYPE_ADDED', 'EVENT_TYPE_VERSION_ADDED', 'DOC_ADDED', 'EXAMPLE_ADDED', 'COMPATIBILITY_CHANGED']);
    assert.equal(changes.length, schemaChanges.length + changes.filter((c) => accounted.has(c.kind)).length);
    // Additions are info and minor, so the breaking minimum alone makes it major.
    for (const c of changes.filter((c) => accounted.has(c.kind))) assert.equal(c.severity, 'info', c.kind);
  });

  it('as folders, in text: grouped by event type, most severe first, with file:line:col, and the version to set', async () => {
    const run = await runCli(['diff', OLD, NEW], { cwd: ROOT });
    assert.equal(run.code, 1);
    // Each incompatible change is followed by its witness line; the rest reads as before.
    assert.match(run.stdout, /\n {12}witness: \{.*"reserved_credits":0.*\} \(accepted by the old schema, rejected by the new one\)\n/);
    const stdout = withoutWitnesses(run.stdout);
    assert.equal(stdout.slice(0, EXPECTED_HEAD.length), EXPECTED_HEAD);
    assert.ok(stdout.endsWith(EXPECTED_TAIL), stdout.slice(-400));
  });

  it('as npm tarballs: the same report (positions become file#pointer, as the files are not on disk)', async () => {
    for (const format of ['json', 'markdown']) {
      const folders = await runCli(['diff', OLD, NEW, '--format', format], { cwd: ROOT });
      const tarballs = await runCli(['diff', oldTgz, newTgz, '--format', format], { cwd: ROOT });
      assert.equal(tarballs.stderr, '');
      assert.equal(tarballs.code, 1);
      // The tarballs declare their version in package.json, so that is the field to set.
      assert.equal(tarballs.stdout, folders.stdout.replace(format === 'json' ? '"field": "registry_version"' : 'set registry_version to', format === 'json' ? '"field": "package.json"' : 'set version in package.json to'), format);
    }
    const text = await runCli(['diff', oldTgz, newTgz], { cwd: ROOT });
    const folderText = (await runCli(['diff', OLD, NEW], { cwd: ROOT })).stdout;
    const report = JSON.parse((await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT })).stdout);
    const locations = new Set(report.changes.map((c: { file: string; pointer: string }) => (c.pointer ? `${c.file}#${c.pointer}` : c.file)));
    const textLines = withoutWitnesses(text.stdout).split('\n');
    const folderLines = withoutWitnesses(folderText).split('\n');
    assert.equal(textLines.length, folderLines.length);
    for (const [i, textLine] of textLines.entries()) {
      const folderLine = nth(folderLines, i);
      const onDisk = /^ {12}fixtures\/diff\/2\.0\.[01]\/contracts\/(\S+):\d+:\d+$/.exec(folderLine);
      if (!onDisk) {
        assert.equal(textLine, folderLine.replace('set registry_version to', 'set version in package.json to'));
        continue;
      }
      const [file] = textLine.trim().split('#');
      assert.equal(file, onDisk[1]);
      assert.ok(locations.has(textLine.trim()), textLine);
    }
  });

  it('as a package folder (holding contracts/): the same report', async () => {
    const folders = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    const packages = await runCli(['diff', 'fixtures/diff/2.0.0', 'fixtures/diff/2.0.1', '--format', 'json'], { cwd: ROOT });
    assert.equal(packages.stdout, folders.stdout);
  });

  it('markdown: verdict, semver line with the version to set, and a table', async () => {
    const run = await runCli(['diff', OLD, NEW, '--format', 'markdown'], { cwd: ROOT });
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], '## ✖ Breaking contract changes');
    assert.equal(lines[2], '**Semver:** declared 2.0.0 → 2.0.1 (patch), changes require major — **the declared bump is too small**: set registry_version to 3.0.0');
    assert.equal(lines[4], '**Backward compatible:** no · **Forward compatible:** no · 1 breaking, 4 warnings, 111 info');
    assert.equal(lines[6], '| Severity | Event type | Version | Change | Location | Details |');
    assert.match(nth(lines, 8), /^\| ✖ breaking \| `credit.reserved` \| 1 \| `MINIMUM_INCREASED` \| `credit-reservation-lock\/schema\/payloads\/credit.reserved-v1.json#\/properties\/reserved_credits\/minimum` \| reserved_credits: minimum raised from 0 to 1: values valid before are now rejected Witness: `\{.*"reserved_credits":0.*\} \(accepted by the old schema, rejected by the new one\)` \|$/);
    const report = JSON.parse((await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT })).stdout);
    assert.equal(lines.filter((l) => l.startsWith('| ')).length, 1 + report.changes.length); // the header and one row per change
  });

  it('--fail-on decides the exit code; the reverse diff and an unchanged diff', async () => {
    assert.equal((await runCli(['diff', OLD, NEW, '--fail-on', 'none'], { cwd: ROOT })).code, 0);
    assert.equal((await runCli(['diff', OLD, NEW, '--fail-on', 'warning'], { cwd: ROOT })).code, 1);
    const reverse = JSON.parse((await runCli(['diff', NEW, OLD, '--format', 'json'], { cwd: ROOT })).stdout);
    // Going back, everything 2.0.1 added is removed: breaking, and the version goes backwards.
    assert.equal(reverse.changes.filter((c: { kind: string }) => c.kind === 'EVENT_TYPE_REMOVED').length, 21);
    reverse.changes = reverse.changes.filter((c: { kind: string }) => !['EVENT_TYPE_REMOVED', 'EVENT_TYPE_VERSION_REMOVED'].includes(c.kind));
    // Going back: the widenings become narrowings (breaking), the raised minimum a lowered one.
    assert.deepEqual(
      reverse.changes.filter((c: { severity: string }) => c.severity === 'breaking').map((c: { kind: string }) => c.kind),
      ['PATTERN_NARROWED', 'MAXIMUM_ADDED', 'TYPE_NARROWED', 'TYPE_NARROWED'],
    );
    assert.equal(reverse.semver.declared, 'patch');
    const same = await runCli(['diff', NEW, NEW, '--format', 'json'], { cwd: ROOT });
    assert.equal(same.code, 0);
    assert.deepEqual(JSON.parse(same.stdout), { version: 1, compatibility: { backward: true, forward: true }, semver: { required: 'none', declared: 'none', old_version: '2.0.1', new_version: '2.0.1', sufficient: true }, changes: [] });
  });

  it('is byte-identical run to run, and the same under --policy strict', async () => {
    const a = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    const b = await runCli(['diff', OLD, NEW, '--format', 'json'], { cwd: ROOT });
    const strict = await runCli(['diff', OLD, NEW, '--format', 'json', '--policy', 'strict'], { cwd: ROOT });
    assert.equal(a.stdout, b.stdout);
    assert.equal(strict.stdout, a.stdout);
  });
});

/** The text report without its witness lines (checked on their own above). */
function withoutWitnesses(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('            witness: '))
    .join('\n');
}
