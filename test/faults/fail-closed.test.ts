/**
 * Fail closed: a side of `diff` or `check --base` that cannot be loaded in full is a refusal
 * (exit code 2) naming the side and the cause, or an error diagnostic; never a clean result.
 * Before this, two registries with syntax errors diffed as "✔ no changes", exit code 0.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/rules/index.js';
import { nth, runCli } from '../helpers.js';
import { copyMinimal, scratch } from './helpers.js';

const REGISTRY = 'event-types-registry.json';

/** Two versions of the minimal set: in `new`, an event type is removed and a producer changed (a breaking diff). */
function twoSides(dir: string): { oldDir: string; newDir: string } {
  const oldDir = copyMinimal(dir, 'old');
  const newDir = copyMinimal(dir, 'new');
  const path = join(newDir, REGISTRY);
  const registry = JSON.parse(readFileSync(path, 'utf8'));
  for (const entry of Object.values<{ producer: string }>(registry.event_types)) entry.producer = 'someone-else';
  writeFileSync(path, JSON.stringify(registry, null, 2));
  return { oldDir, newDir };
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  return nth(lines, 0);
}

describe('diff fails closed', () => {
  it('a registry with a syntax error on each side is exit 2 naming the old side and the cause, not "no changes"', async () => {
    const dir = scratch();
    const { oldDir, newDir } = twoSides(dir);
    writeFileSync(join(oldDir, REGISTRY), '{ "event_types": ');
    writeFileSync(join(newDir, REGISTRY), '{ "event_types": [ ');
    for (const format of ['text', 'json', 'markdown']) {
      const run = await runCli(['diff', 'old', 'new', '--format', format], { cwd: dir });
      assert.equal(run.code, 2, run.stdout);
      assert.equal(run.stdout, '');
      assert.match(oneLine(run.stderr), /^sguild-contracts: the old side \(old\) cannot be loaded in full, so it cannot be compared: event-types-registry\.json: invalid JSON.*\(line 1, column \d+\)$/);
    }
  });

  it('only the new side broken: it is named', async () => {
    const dir = scratch();
    const { newDir } = twoSides(dir);
    writeFileSync(join(newDir, 'lesson-lifecycle', 'schema', 'payloads', 'lesson.delivered-v1.json'), '{ "type": "object", ');
    const run = await runCli(['diff', 'old', 'new'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(oneLine(run.stderr), /the new side \(new\) cannot be loaded in full.*lesson-lifecycle\/schema\/payloads\/lesson\.delivered-v1\.json: invalid JSON/);
  });

  it('a registry over the 16 MiB cap on each side is refused as too large, without reading it', async () => {
    const dir = scratch();
    const { oldDir, newDir } = twoSides(dir);
    for (const side of [oldDir, newDir]) truncateSync(join(side, REGISTRY), 17 * 1024 * 1024); // sparse: no bytes to read
    const run = await runCli(['diff', 'old', 'new'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(oneLine(run.stderr), /the old side \(old\) cannot be loaded in full.*event-types-registry\.json: file is 17825792 bytes, more than the 16 MiB a contract file may have/);
  });

  it('an empty folder is refused, not diffed as "everything removed"', async () => {
    const dir = scratch();
    copyMinimal(dir, 'old');
    mkdirSync(join(dir, 'empty'));
    for (const args of [['diff', 'old', 'empty'], ['diff', 'empty', 'old']]) {
      const run = await runCli(args, { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(oneLine(run.stderr), /side \(empty\) cannot be loaded in full.*the folder holds no files at all/);
    }
  });

  it('a package whose contracts/ is a symbolic link is refused', async () => {
    const dir = scratch();
    const real = copyMinimal(dir, 'real');
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg', 'package.json'), '{ "version": "1.0.0" }');
    symlinkSync(real, join(dir, 'pkg', 'contracts'));
    const run = await runCli(['diff', 'real', 'pkg'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(oneLine(run.stderr), 'sguild-contracts: pkg/contracts is a symbolic link, which is never followed: name the folder it points to');
  });

  it('two identical schema files over the cap: "too large", not "not valid JSON", and not a breaking change', async () => {
    const dir = scratch();
    for (const name of ['a.json', 'b.json']) {
      const fd = openSync(join(dir, name), 'w');
      closeSync(fd);
      truncateSync(join(dir, name), 16 * 1024 * 1024 + 1);
    }
    const run = await runCli(['diff', 'a.json', 'b.json'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(oneLine(run.stderr), 'sguild-contracts: a.json: file is too large: 16777217 bytes, more than the 16 MiB a contract file may have; it was not read');
  });
});

describe('check --base fails closed', () => {
  it('a base whose registry does not parse is exit 2 naming --base and the cause', async () => {
    const dir = scratch();
    copyMinimal(dir, 'contracts');
    const base = copyMinimal(dir, 'base');
    writeFileSync(join(base, REGISTRY), '{');
    const run = await runCli(['check', '--base', 'base'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(oneLine(run.stderr), /^sguild-contracts: --base base: the base cannot be loaded in full, so it cannot be compared: event-types-registry\.json: invalid JSON/);
  });

  it('an empty base folder is refused', async () => {
    const dir = scratch();
    copyMinimal(dir, 'contracts');
    mkdirSync(join(dir, 'base'));
    const run = await runCli(['check', '--base', 'base'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(oneLine(run.stderr), /--base base: the base cannot be loaded in full.*no files at all/);
  });

  it('a file of the checked set that does not parse fails the gate even with the rules that report it turned off', async () => {
    const dir = scratch();
    copyMinimal(dir, 'base');
    const contracts = copyMinimal(dir, 'contracts');
    writeFileSync(join(contracts, 'lesson-lifecycle', 'schema', 'payloads', 'lesson.delivered-v1.json'), '{ "type": ');
    const off = Object.fromEntries(RULES.map((rule) => [rule.id, 'off'])); // every rule, so only the gate speaks
    writeFileSync(join(dir, 'sguild-contracts.config.json'), JSON.stringify({ rules: off }));
    const run = await runCli(['check', '--base', 'base', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as { diagnostics: { rule: string; file: string; message: string }[] };
    const incomplete = report.diagnostics.filter((d) => d.rule === 'compat/incomplete');
    assert.equal(incomplete.length, 1, run.stdout);
    assert.equal(nth(incomplete, 0).file, 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json');
    assert.match(nth(incomplete, 0).message, /^not compared with --base base: invalid JSON/);
  });
});
