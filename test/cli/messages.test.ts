/**
 * Usage messages: one line starting `sguild-contracts:` (commander's own errors included), and a
 * "did you mean" wherever a near miss has one likely meaning: bare git revisions, flag values,
 * event types in validate.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nth, runCli } from '../helpers.js';
import { scratchRepo } from '../config/helpers.js';

function gitRepo(): string {
  const dir = scratchRepo();
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: dir }).status, 0, args.join(' '));
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
  writeFileSync(join(dir, 'note.txt'), 'x');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'two');
  return dir;
}

const oneLine = (text: string) => text.endsWith('\n') && !text.slice(0, -1).includes('\n');

describe('usage errors', () => {
  it('commander errors are one line starting sguild-contracts:, with its suggestion kept', async () => {
    const dir = scratchRepo();
    const unknownOption = await runCli(['check', '--bogus'], { cwd: dir });
    assert.equal(unknownOption.code, 2);
    assert.equal(unknownOption.stderr, "sguild-contracts: unknown option '--bogus'; see sguild-contracts --help\n");
    const command = await runCli(['chek'], { cwd: dir });
    assert.equal(command.code, 2);
    assert.equal(command.stderr, "sguild-contracts: unknown command 'chek' (did you mean check?); see sguild-contracts --help\n");
    const missing = await runCli(['check', '--format'], { cwd: dir });
    assert.ok(oneLine(missing.stderr) && missing.stderr.startsWith('sguild-contracts: '), missing.stderr);
    const extra = await runCli(['new', 'event'], { cwd: dir });
    assert.ok(oneLine(extra.stderr) && extra.stderr.startsWith('sguild-contracts: missing required argument \'type\''), extra.stderr);
  });

  it('flag values suggest the likely one', async () => {
    const dir = scratchRepo();
    const failOn = await runCli(['check', '--fail-on', 'warn'], { cwd: dir });
    assert.deepEqual([failOn.code, failOn.stderr], [2, 'sguild-contracts: --fail-on must be one of error, warning, info, not "warn"; did you mean "warning"?\n']);
    const policy = await runCli(['check', '--base', 'contracts', '--policy', 'strickt'], { cwd: dir });
    assert.deepEqual([policy.code, policy.stderr], [2, 'sguild-contracts: --policy must be one of lenient, strict, not "strickt"; did you mean "strict"?\n']);
  });

  it('a bare revision that names a commit: did you mean git:REV?', async () => {
    const dir = gitRepo();
    const check = await runCli(['check', '--base', 'HEAD~1'], { cwd: dir });
    assert.deepEqual([check.code, check.stderr], [2, 'sguild-contracts: --base HEAD~1: HEAD~1: no such file or folder; did you mean git:HEAD~1?\n']);
    const diff = await runCli(['diff', 'HEAD~1', 'contracts'], { cwd: dir });
    assert.deepEqual([diff.code, diff.stderr], [2, 'sguild-contracts: HEAD~1: no such file or folder; did you mean git:HEAD~1?\n']);
    // Not a commit: no suggestion.
    const typo = await runCli(['diff', 'HEAD~9', 'contracts'], { cwd: dir });
    assert.equal(typo.stderr, 'sguild-contracts: HEAD~9: no such file or folder\n');
  });

  it('validate suggests the registered event type for a misspelt one', async () => {
    const dir = scratchRepo();
    const event = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json'), 'utf8'));
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ ...event, event_type: 'lesson.deliverd' }));
    const run = await runCli(['validate', 'events.json'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /event type "lesson.deliverd" is not registered in event-types-registry.json; did you mean "lesson.delivered"\? Fix the name or register the event type/);
  });
});

describe('one root cause, one diagnostic', () => {
  const rules = async (dir: string) => {
    const run = await runCli(['check', '--format', 'json'], { cwd: dir });
    return (JSON.parse(run.stdout).diagnostics as { rule: string; message: string }[]).map((d) => `${d.rule}: ${d.message}`);
  };

  it('an example that is not an event at all is one error', async () => {
    const dir = scratchRepo();
    writeFileSync(join(dir, 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json'), '{"a": 1}\n');
    const found = await rules(dir);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(nth(found, 0), /^examples\/invalid: this file is not an event: it has none of the envelope's fields/);
  });

  it('"type": "int" is one schema/invalid error with did you mean "integer", and no example error leaking ajv wording', async () => {
    const dir = scratchRepo();
    const path = join(dir, 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json');
    const { readFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"type": "array"', '"type": "int"'));
    const found = await rules(dir);
    assert.deepEqual(found, ['schema/invalid: "type" must be one of "array", "boolean", "integer", "null", "number", "object", "string" (or an array of them) (found "int"); did you mean "integer"?']);
  });

  it('a version registered after a gap is reported by registry/version-sequence only, not as a missing example', async () => {
    const dir = scratchRepo();
    const path = join(dir, 'contracts/event-types-registry.json');
    const { readFileSync, copyFileSync } = await import('node:fs');
    const registry = JSON.parse(readFileSync(path, 'utf8'));
    registry.event_types['lesson.delivered'].versions['3'] = { schema: 'lesson-lifecycle/schema/payloads/lesson.delivered-v3.json' };
    writeFileSync(path, JSON.stringify(registry, null, 2));
    const payloads = join(dir, 'contracts/lesson-lifecycle/schema/payloads');
    copyFileSync(join(payloads, 'lesson.delivered-v1.json'), join(payloads, 'lesson.delivered-v3.json'));
    const v3 = JSON.parse(readFileSync(join(payloads, 'lesson.delivered-v3.json'), 'utf8'));
    v3.$id = v3.$id.replace('-v1.json', '-v3.json');
    writeFileSync(join(payloads, 'lesson.delivered-v3.json'), JSON.stringify(v3, null, 2));
    const found = await rules(dir);
    assert.ok(found.some((f) => f.startsWith('registry/version-sequence: ')), found.join('\n'));
    assert.ok(!found.some((f) => f.startsWith('examples/missing: ')), found.join('\n'));
  });

  it('an example field misspelt (ratedAt for rated_at) is one finding naming the right field', async () => {
    const dir = scratchRepo();
    const path = join(dir, 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json');
    const { readFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"delivered_at"', '"deliveredAt"'));
    const found = await rules(dir);
    assert.deepEqual(found, ['examples/invalid: property "deliveredAt" is not allowed, and required property "delivered_at" is missing: did you mean "delivered_at"? [payload]']);
  });
});
