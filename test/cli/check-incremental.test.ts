/**
 * `check` with its cache (the whole answer, the set's findings, the rules' per-unit memo) says
 * exactly what a check without any cache says, after every kind of edit: one file's text, a
 * `$ref` target removed and put back, an event type renamed in the registry, files added and
 * removed, a file that stops parsing or decoding, the configuration; in colour and without.
 * Each step edits the set the previous step left, so every warm run follows a run over a
 * slightly different set.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { copyMinimal, scratch } from '../faults/helpers.js';

const REG = 'event-types-registry.json';
const IDS = 'event-envelope/schema/ids-v1.json';
const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
const EXAMPLE = 'lesson-lifecycle/examples/lesson.delivered-v1.json';
const README = 'lesson-lifecycle/README.md';

type Edit = (contracts: string) => void;

const text = (contracts: string, path: string) => readFileSync(join(contracts, path), 'utf8');
const put = (contracts: string, path: string, content: string) => writeFileSync(join(contracts, path), content);
const replace = (path: string, from: string, to: string): Edit => (contracts) => {
  const before = text(contracts, path);
  assert.ok(before.includes(from), `${path} holds ${from}`);
  put(contracts, path, before.replace(from, to));
};

const EDITS: Array<[string, Edit]> = [
  ['nothing', () => {}],
  ['a schema description changes', replace(PAYLOAD, '"title": "lesson.delivered v1 payload",', '"title": "lesson.delivered v1 payload",\n  "description": "edited",')],
  ['the $ref target person_id is removed', replace(IDS, '"person_id": {', '"someone_id": {')],
  ['the $ref target is put back', replace(IDS, '"someone_id": {', '"person_id": {')],
  ['the event type is renamed in the registry', replace(REG, '"lesson.delivered": {', '"lesson.given": {')],
  ['the rename is undone', replace(REG, '"lesson.given": {', '"lesson.delivered": {')],
  ['the example breaks its schema', replace(EXAMPLE, '"present"', '"late"')],
  ['the README stops naming the event', replace(README, '`lesson.delivered`', '`lesson.done`')],
  ['the payload gets a duplicate key', replace(PAYLOAD, '"type": "object",', '"type": "object",\n  "type": "object",')],
  ['the duplicate key goes again', replace(PAYLOAD, '"type": "object",\n  "type": "object",', '"type": "object",')],
  ['the payload stops parsing', replace(PAYLOAD, '"type": "object",', '"type": "object",,')],
  ['the payload parses again', replace(PAYLOAD, '"type": "object",,', '"type": "object",')],
  ['the example is not UTF-8', (c) => writeFileSync(join(c, EXAMPLE), Buffer.concat([Buffer.from(text(c, EXAMPLE)), Buffer.from([0xff])]))],
  ['a second schema is added, unregistered', (c) => put(c, 'lesson-lifecycle/schema/payloads/lesson.delivered-v2.json', text(c, PAYLOAD).replace('-v1.json', '-v2.json'))],
  ['the example is removed', (c) => rmSync(join(c, EXAMPLE))],
  ['the shared ID definitions are removed', (c) => rmSync(join(c, IDS))],
  ['a symbolic link appears (file/skipped)', (c) => symlinkSync(join(c, REG), join(c, 'link.json'))],
  ['a configuration turns a rule off', (c) => writeFileSync(join(c, '..', 'sguild-contracts.config.json'), JSON.stringify({ rules: { 'registry/payload-unregistered': 'off' } }))],
  ['the configuration sets it to info', (c) => writeFileSync(join(c, '..', 'sguild-contracts.config.json'), JSON.stringify({ rules: { 'registry/payload-unregistered': 'info' } }))],
];

describe('check after edits: the cached result is the uncached result', () => {
  it('edit after edit, a warm check reports exactly what a check without cache reports', async () => {
    const dir = scratch();
    const contracts = copyMinimal(dir);
    mkdirSync(join(dir, 'node_modules'));
    const args = ['check', '--format', 'json'];
    const findings = new Set<string>();
    let colourShown = false;
    for (const [name, edit] of EDITS) {
      edit(contracts);
      const uncached = await runCli(args, { cwd: dir, env: { SGUILD_CONTRACTS_NO_CACHE: '1' } });
      assert.deepEqual(await runCli(args, { cwd: dir }), uncached, `after: ${name}`);
      // Unchanged since the cached run: answered from the cache, still the same.
      assert.deepEqual(await runCli(args, { cwd: dir }), uncached, `again after: ${name}`);
      // The same set in colour (text): a remembered answer in one never answers the other.
      const coloured = await runCli(['check'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1', SGUILD_CONTRACTS_NO_CACHE: '1' } });
      assert.deepEqual(await runCli(['check'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }), coloured, `in colour after: ${name}`);
      const plain = await runCli(['check'], { cwd: dir, env: { SGUILD_CONTRACTS_NO_CACHE: '1' } });
      assert.deepEqual(await runCli(['check'], { cwd: dir }), plain, `plain after: ${name}`);
      if (coloured.stdout !== plain.stdout) colourShown = true;
      for (const d of (JSON.parse(uncached.stdout) as { diagnostics: { rule: string }[] }).diagnostics) findings.add(d.rule);
    }
    assert.ok(colourShown, 'some coloured report differs from the plain one');
    // The edits did change what check finds, across files.
    for (const rule of ['schema/ref-unresolved', 'json/duplicate-key', 'json/syntax', 'file/not-utf8', 'examples/invalid', 'registry/payload-unregistered', 'docs/event-type-unmentioned', 'file/skipped']) {
      assert.ok(findings.has(rule), `some edit produced ${rule}; seen: ${[...findings].join(', ')}`);
    }
  });
});
