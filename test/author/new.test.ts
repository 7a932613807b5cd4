/**
 * Scaffolding: `new event`, `new version`, `new contract` and `init` write files that `check`
 * accepts right away, edit the registry and README without reformatting them, print what they
 * wrote, and never overwrite anything.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const UUID7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

function bundledCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgc-new-'));
  cpSync(join(ROOT, 'contracts'), join(dir, 'contracts'), { recursive: true });
  cpSync(join(ROOT, 'sguild-contracts.config.json'), join(dir, 'sguild-contracts.config.json'));
  return dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('new event', () => {
  it('writes schema, registry entry, README row and example; check passes; only the entry is added to the registry', async () => {
    const dir = bundledCopy();
    const before = read(dir, 'contracts/event-types-registry.json');
    const readmeBefore = read(dir, 'contracts/lesson-lifecycle/README.md');
    const run = await runCli(['new', 'event', 'lesson.rated', '--description', 'A participant rated a delivered lesson.'], { cwd: dir });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        'created contracts/lesson-lifecycle/schema/payloads/lesson.rated-v1.json',
        'updated contracts/event-types-registry.json',
        'updated contracts/lesson-lifecycle/README.md',
        'created contracts/lesson-lifecycle/examples/lesson.rated-v1.json',
        'next: sguild-contracts check',
        '',
      ].join('\n'),
    );
    const after = read(dir, 'contracts/event-types-registry.json');
    // Every original line is still there, in order: the entry was inserted, nothing reformatted.
    const added = after.split('\n').length - before.split('\n').length;
    assert.ok(added > 5);
    const afterLines = after.split('\n');
    const start = afterLines.findIndex((l) => l.includes('"lesson.rated"'));
    assert.deepEqual([...afterLines.slice(0, start), ...afterLines.slice(start + added)], before.split('\n'));
    const entry = JSON.parse(after).event_types['lesson.rated'];
    assert.deepEqual(entry.versions, { '1': { schema: 'lesson-lifecycle/schema/payloads/lesson.rated-v1.json' } });
    assert.equal(entry.subject, 'lesson'); // the namespace is an ID kind
    assert.equal(entry.producer, 'operations'); // the contract's usual producer

    const schema = JSON.parse(read(dir, 'contracts/lesson-lifecycle/schema/payloads/lesson.rated-v1.json'));
    assert.equal(schema.$id, 'https://schemas.sguild.com/contracts/lesson-lifecycle/schema/payloads/lesson.rated-v1.json');
    assert.equal(schema.properties.lesson_id.$ref, '../../../event-envelope/schema/ids-v1.json#/$defs/lesson_id');

    const example = JSON.parse(read(dir, 'contracts/lesson-lifecycle/examples/lesson.rated-v1.json'));
    assert.match(example.event_id, new RegExp(`^evt_${UUID7}$`));
    assert.match(example.subject, new RegExp(`^les_${UUID7}$`));
    assert.equal(example.payload.lesson_id, example.subject);
    assert.equal(example.correlation_id, example.event_id);
    assert.match(example.occurred_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const readme = read(dir, 'contracts/lesson-lifecycle/README.md');
    assert.match(readme, /\n\| `lesson.rated` \| v1 \| operations \| lesson \| person, system:operations \| A participant rated a delivered lesson. \|\n\| `lesson.rescheduled`/);
    assert.equal(readme.split('\n').length, readmeBefore.split('\n').length + 1);

    const check = await runCli(['check'], { cwd: dir });
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /no problems found in 20 contracts, 39 event types/);
  });

  it('refuses a registered event type, an unknown contract (with did-you-mean) and an unknown subject kind, writing nothing', async () => {
    const dir = bundledCopy();
    const before = read(dir, 'contracts/event-types-registry.json');
    const cases: [string[], RegExp][] = [
      [['new', 'event', 'lesson.delivered'], /^sguild-contracts: event type "lesson.delivered" is already registered; to add a version run: sguild-contracts new version lesson.delivered\n$/],
      [['new', 'event', 'coach.rated', '--contract', 'coach-availabilty'], /contract folder "coach-availabilty" does not exist \(did you mean coach-availability\?\); create it with: sguild-contracts new contract coach-availabilty/],
      [['new', 'event', 'coach.rated', '--subject', 'persn'], /subject kind "persn" is not in the registry's id_kinds \(did you mean person\?\)/],
      [['new', 'event', 'refund.issued'], /no registered event type shares the "refund." namespace, so the contract cannot be inferred; pass --contract NAME/],
      [['new', 'event', 'Coach.Rated'], /is not an event type name/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { cwd: dir });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    assert.equal(read(dir, 'contracts/event-types-registry.json'), before);
  });

  it('never overwrites: an existing example file stops the whole plan before anything is written', async () => {
    const dir = bundledCopy();
    mkdirSync(join(dir, 'contracts/lesson-lifecycle/examples'), { recursive: true });
    writeFileSync(join(dir, 'contracts/lesson-lifecycle/examples/lesson.rated-v1.json'), '{"mine": true}\n');
    const before = read(dir, 'contracts/event-types-registry.json');
    const run = await runCli(['new', 'event', 'lesson.rated'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /lesson-lifecycle\/examples\/lesson.rated-v1.json already exists; nothing was written/);
    assert.equal(read(dir, 'contracts/event-types-registry.json'), before);
    assert.equal(read(dir, 'contracts/lesson-lifecycle/examples/lesson.rated-v1.json'), '{"mine": true}\n');
    assert.ok(!existsSync(join(dir, 'contracts/lesson-lifecycle/schema/payloads/lesson.rated-v1.json')));
  });
});

describe('new version', () => {
  it('copies the latest version to the next with a fresh $id, registers it, adds the README version and an example; check passes', async () => {
    const dir = bundledCopy();
    const run = await runCli(['new', 'version', 'lesson.delivered'], { cwd: join(dir, 'contracts', 'lesson-lifecycle') });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^created schema\/payloads\/lesson.delivered-v2.json\nupdated ..\/event-types-registry.json\nupdated README.md\ncreated examples\/lesson.delivered-v2.json\nnext: sguild-contracts check\n$/);
    const v1 = JSON.parse(read(dir, 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json'));
    const v2 = JSON.parse(read(dir, 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v2.json'));
    assert.equal(v2.$id, v1.$id.replace('-v1.json', '-v2.json'));
    assert.equal(v2.title, 'lesson.delivered v2 payload');
    assert.deepEqual(v2.properties, v1.properties);
    const registry = JSON.parse(read(dir, 'contracts/event-types-registry.json'));
    assert.deepEqual(Object.keys(registry.event_types['lesson.delivered'].versions), ['1', '2']);
    const example = JSON.parse(read(dir, 'contracts/lesson-lifecycle/examples/lesson.delivered-v2.json'));
    const previous = JSON.parse(read(dir, 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json'));
    assert.equal(example.schema_version, 2);
    assert.notEqual(example.event_id, previous.event_id);
    assert.match(example.event_id, new RegExp(`^evt_${UUID7}$`));
    assert.match(read(dir, 'contracts/lesson-lifecycle/README.md'), /\| `lesson.delivered` \| v1, v2 \|/);
    const check = await runCli(['check'], { cwd: join(dir, 'contracts', 'lesson-lifecycle', 'schema') });
    assert.equal(check.code, 0, check.stdout);
  });

  it('suggests the registered name for a misspelt one', async () => {
    const run = await runCli(['new', 'version', 'lesson.deliverd'], { cwd: bundledCopy() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /event type "lesson.deliverd" is not registered \(did you mean lesson.delivered\?\)/);
  });
});

describe('init and new contract', () => {
  it('init in an empty folder, a new contract, an event type and a v2 of it: check passes at every step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgc-init-'));
    const init = await runCli(['init', '--producer', 'ratings', '--producer', 'platform', '--base-uri', 'https://schemas.example.org/c/'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(readdirSync(join(dir, 'contracts')).sort(), ['README.md', 'event-envelope', 'event-types-registry.json']);
    assert.equal((await runCli(['check'], { cwd: dir })).code, 0);
    const contract = await runCli(['new', 'contract', 'coach-ratings', '--owner', 'Ratings'], { cwd: dir });
    assert.equal(contract.stdout, 'created contracts/coach-ratings/README.md\nnext: sguild-contracts check\n');
    assert.equal((await runCli(['check'], { cwd: dir })).code, 0);
    const event = await runCli(['new', 'event', 'coach.rated', '--contract', 'coach-ratings', '--producer', 'ratings', '--subject', 'person', '--description', 'A customer rated a coach.'], { cwd: dir });
    assert.equal(event.code, 0, event.stderr);
    const schema = JSON.parse(read(dir, 'contracts/coach-ratings/schema/payloads/coach.rated-v1.json'));
    assert.equal(schema.$id, 'https://schemas.example.org/c/coach-ratings/schema/payloads/coach.rated-v1.json');
    assert.equal((await runCli(['new', 'version', 'coach.rated'], { cwd: dir })).code, 0);
    const check = await runCli(['check', '--format', 'json'], { cwd: join(dir, 'contracts', 'coach-ratings') });
    assert.deepEqual(JSON.parse(check.stdout).diagnostics, []);
    assert.equal(check.code, 0);
    assert.match(read(dir, 'contracts/coach-ratings/README.md'), /\| `coach.rated` \| v1, v2 \| ratings \| person \| person, system:ratings \| A customer rated a coach. \|/);
  });

  it('init refuses a folder that is not empty; new contract refuses an existing folder', async () => {
    const dir = bundledCopy();
    const init = await runCli(['init'], { cwd: dir });
    assert.equal(init.code, 2);
    assert.match(init.stderr, /^sguild-contracts: the folder is not empty/);
    const again = await runCli(['new', 'contract', 'lesson-lifecycle'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /contract folder "lesson-lifecycle" already exists/);
  });
});
