/**
 * fixtures/adversarial/symlinks: links made here (git does not keep them portably): a link to
 * itself, a folder link to its own parent (a loop), a link to a file outside the root, a folder
 * link to a folder outside holding a schema. Each is file/skipped, none is followed, nothing
 * outside the root is read, and the run ends.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';

describe('adversarial: symbolic links that loop or leave the root', () => {
  const dir = scratch();
  const work = join(dir, 'work');
  const contracts = copyFixture(MINIMAL, work);
  const outside = join(dir, 'outside');
  mkdirSync(join(outside, 'schema', 'payloads'), { recursive: true });
  writeFileSync(join(outside, 'secret.json'), '{ "secret": true }\n');
  writeFileSync(join(outside, 'schema', 'payloads', 'lesson.delivered-v2.json'), '{ "type": "object" }\n');
  symlinkSync('self.json', join(contracts, 'self.json'));
  symlinkSync('..', join(contracts, 'lesson-lifecycle', 'loop'));
  symlinkSync(join(outside, 'secret.json'), join(contracts, 'lesson-lifecycle', 'examples', 'lesson.delivered-v2.json'));
  symlinkSync(outside, join(contracts, 'outside-contract'));
  symlinkSync('/etc/passwd', join(contracts, 'event-envelope', 'README.md.bak.json'));
  const only = { cwd: work, readCwd: false, read: [contracts] };
  const links = ['event-envelope/README.md.bak.json', 'lesson-lifecycle/examples/lesson.delivered-v2.json', 'lesson-lifecycle/loop', 'outside-contract', 'self.json'];

  it('check reports every link as file/skipped and follows none', async () => {
    const result = await run(['check', '--contracts', 'contracts', '--format', 'json'], only);
    assertRobust(result, ['check'], { format: 'json' });
    const skipped = jsonReport(result.stdout).diagnostics.filter((d) => d.rule === 'file/skipped');
    assert.deepEqual(skipped.map((d) => d.file).sort(), links.map((l) => `contracts/${l}`));
    assert.ok(skipped.every((d) => /symbolic link not followed/.test(d.message)));
  });

  for (const args of [
    ['build', '--contracts', 'contracts', '--out', 'dist'],
    ['validate', '--contracts', 'contracts', 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json'],
    ['diff', MINIMAL, 'contracts'],
  ]) {
    it(`${args[0]} follows no link either`, async () => {
      const result = await run(args, { ...only, read: [contracts, MINIMAL], write: [join(work, 'dist')] });
      assertRobust(result, args);
    });
  }

  it('a contracts folder that is itself a link is refused with one line', async () => {
    symlinkSync(contracts, join(work, 'linked'));
    const result = await run(['check', '--contracts', 'linked'], only);
    assertRobust(result, ['check'], { allowRefusal: true });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^sguild-contracts: contracts folder linked is a symbolic link, which is never followed: name the folder it points to/);
  });
});
