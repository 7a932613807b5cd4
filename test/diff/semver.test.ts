/**
 * Actionable semver: the verdict names the field that declares the new version and the lowest
 * version that would do, and `diff --fail-on semver` fails exactly when the declared bump is too
 * small (a declared major release may break; `--fail-on breaking` still stops every break).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeFix, semverVerdict } from '../../src/diff/report.js';
import type { Change } from '../../src/diff/types.js';
import { runCli } from '../helpers.js';
import { MINIMAL } from './helpers.js';

const change = (bump: Change['bump']): Change => ({ kind: 'X', severity: bump === 'major' ? 'breaking' : 'info', backward: bump !== 'major', forward: true, bump, scope: 'payload', file: 'f.json', pointer: '', side: 'new', message: '' });

describe('semverVerdict', () => {
  it('names the field and the lowest sufficient version when the declared bump is too small', () => {
    const minor = semverVerdict([change('minor')], '2.0.0', '2.0.1');
    assert.deepEqual(minor, { required: 'minor', declared: 'patch', oldVersion: '2.0.0', newVersion: '2.0.1', sufficient: false, fix: { field: 'registry_version', version: '2.1.0' } });
    assert.equal(describeFix(minor), 'set registry_version to 2.1.0');
    const major = semverVerdict([change('minor'), change('major')], '2.4.1', '2.5.0', 'package.json');
    assert.deepEqual(major.fix, { field: 'package.json', version: '3.0.0' });
    assert.equal(describeFix(major), 'set version in package.json to 3.0.0');
    // No bump declared at all (the same version on both sides).
    assert.deepEqual(semverVerdict([change('patch')], '1.2.3', '1.2.3').fix, { field: 'registry_version', version: '1.2.4' });
    // A version that goes backwards is never enough; the fix starts from the old version.
    assert.deepEqual(semverVerdict([change('minor')], '2.0.0', '1.9.0').fix, { field: 'registry_version', version: '2.1.0' });
  });

  it('a sufficient or an undeclared bump has no fix', () => {
    assert.equal(semverVerdict([change('major')], '2.0.0', '3.0.0').sufficient, true);
    assert.equal(semverVerdict([change('major')], '2.0.0', '3.0.0').fix, undefined);
    assert.equal(semverVerdict([change('minor')], '2.0.0', '2.3.0').fix, undefined);
    assert.equal(semverVerdict([change('major')], undefined, '3.0.0').fix, undefined);
    assert.equal(describeFix(semverVerdict([], '1.0.0', '1.0.0')), undefined);
  });
});

describe('diff --fail-on semver', () => {
  let temp: string;
  const side = (name: string, registryVersion: string, edit?: (schema: any) => void, packageVersion?: string) => {
    const root = join(temp, name);
    cpSync(MINIMAL, join(root, 'contracts'), { recursive: true });
    const reg = join(root, 'contracts', 'event-types-registry.json');
    writeFileSync(reg, readFileSync(reg, 'utf8').replace('"registry_version": "1.0.0"', `"registry_version": "${registryVersion}"`));
    if (edit) {
      const payload = join(root, 'contracts', 'lesson-lifecycle', 'schema', 'payloads', 'lesson.delivered-v1.json');
      const schema = JSON.parse(readFileSync(payload, 'utf8'));
      edit(schema);
      writeFileSync(payload, JSON.stringify(schema, null, 2) + '\n');
    }
    if (packageVersion) writeFileSync(join(root, 'package.json'), JSON.stringify({ name: '@sguild/dispatcher', version: packageVersion }));
    return packageVersion ? root : join(root, 'contracts');
  };
  const narrow = (s: any) => void (s.properties.attendance.items.properties.status.enum = ['present']); // breaking
  const widen = (s: any) => void s.properties.attendance.items.properties.status.enum.push('excused'); // warning, minor

  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'sguild-semver-'));
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('fails a patch release with an additive change, naming registry_version and 1.1.0', async () => {
    const run = await runCli(['diff', side('a', '1.0.0'), side('b', '1.0.1', widen), '--fail-on', 'semver'], { cwd: temp });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^Semver: declared 1\.0\.0 → 1\.0\.1 \(patch\), changes require minor \(declared bump is too small: set registry_version to 1\.1\.0\)$/m);
    // The same change under the default --fail-on breaking passes: it is a warning.
    assert.equal((await runCli(['diff', side('c', '1.0.0'), side('d', '1.0.1', widen)], { cwd: temp })).code, 0);
  });

  it('passes a declared major release with a breaking change, which --fail-on breaking still stops', async () => {
    const oldSide = side('e', '1.0.0');
    const newSide = side('f', '2.0.0', narrow);
    const semver = await runCli(['diff', oldSide, newSide, '--fail-on', 'semver', '--format', 'json'], { cwd: temp });
    assert.equal(semver.code, 0);
    assert.deepEqual(JSON.parse(semver.stdout).semver, { required: 'major', declared: 'major', old_version: '1.0.0', new_version: '2.0.0', sufficient: true });
    assert.equal((await runCli(['diff', oldSide, newSide], { cwd: temp })).code, 1);
    // A minor release with the same break fails, and says what to set.
    const minor = await runCli(['diff', oldSide, side('g', '1.1.0', narrow), '--fail-on', 'semver', '--format', 'json'], { cwd: temp });
    assert.equal(minor.code, 1);
    assert.deepEqual(JSON.parse(minor.stdout).semver.set, { field: 'registry_version', version: '2.0.0' });
  });

  it('names package.json when that is where the version was declared', async () => {
    const run = await runCli(['diff', side('h', '1.0.0', undefined, '4.2.0'), side('i', '1.0.0', narrow, '4.2.1'), '--fail-on', 'semver', '--format', 'markdown'], { cwd: temp });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /\*\*the declared bump is too small\*\*: set version in package\.json to 5\.0\.0$/m);
  });

  it('with no comparable versions (two schema files) it falls back to failing on breaking changes', async () => {
    writeFileSync(join(temp, 'old.json'), JSON.stringify({ type: 'string', enum: ['a', 'b'] }));
    writeFileSync(join(temp, 'new.json'), JSON.stringify({ type: 'string', enum: ['a'] }));
    writeFileSync(join(temp, 'wider.json'), JSON.stringify({ type: 'string', enum: ['a', 'b', 'c'] }));
    assert.equal((await runCli(['diff', 'old.json', 'new.json', '--fail-on', 'semver'], { cwd: temp })).code, 1);
    assert.equal((await runCli(['diff', 'old.json', 'wider.json', '--fail-on', 'semver'], { cwd: temp })).code, 0);
  });

  it('rejects an unknown --fail-on value, listing semver', async () => {
    const run = await runCli(['diff', 'old.json', 'new.json', '--fail-on', 'semvr'], { cwd: temp });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'sguild-contracts: --fail-on must be one of breaking, warning, semver, none, not "semvr"; did you mean "semver"?\n');
  });
});
