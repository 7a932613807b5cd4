/**
 * Nothing lost: outputs (`--output`, `--format name=file`, `--write-baseline`, `build`) are
 * written atomically and never onto an input, and a run that fails half-way leaves what was
 * there before intact. Failures are simulated by patching node:fs (and re-syncing its ESM
 * exports, which is how the tool imports it).
 */
import assert from 'node:assert/strict';
import fs, { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/core/write-atomic.js';
import { assertRobust, copyFixture, MINIMAL, run, scratch } from './helpers.js';

type Patch = Partial<Record<'renameSync' | 'writeSync' | 'fsyncSync', (...args: any[]) => unknown>>;
const originals = { renameSync: fs.renameSync, writeSync: fs.writeSync, fsyncSync: fs.fsyncSync };

function patch(replacements: Patch): void {
  Object.assign(fs, replacements);
  syncBuiltinESMExports();
}

afterEach(() => {
  Object.assign(fs, originals);
  syncBuiltinESMExports();
});

const failure = (code: string, syscall: string) => Object.assign(new Error(`simulated ${code}`), { code, syscall });
const temps = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.tmp'));

/** Every file of a folder with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

describe('the atomic writer (src/core/write-atomic.ts) under simulated failures', () => {
  for (const [what, replacements, code] of [
    ['the rename fails', { renameSync: () => { throw failure('EIO', 'rename'); } }, 'EIO'],
    ['the disk fills up while writing', { writeSync: () => { throw failure('ENOSPC', 'write'); } }, 'ENOSPC'],
    ['fsync fails', { fsyncSync: () => { throw failure('EIO', 'fsync'); } }, 'EIO'],
  ] as [string, Patch, string][]) {
    it(`keeps the previous content and leaves no temporary file when ${what}`, () => {
      const dir = scratch();
      const target = join(dir, 'report.json');
      writeFileSync(target, 'previous\n');
      patch(replacements);
      assert.throws(() => writeFileAtomic(target, 'next\n'), (error: NodeJS.ErrnoException) => error.code === code);
      Object.assign(fs, originals);
      syncBuiltinESMExports();
      assert.equal(readFileSync(target, 'utf8'), 'previous\n');
      assert.deepEqual(temps(dir), []);
    });
  }

  it('writes everything even when the system writes a little at a time', () => {
    const dir = scratch();
    const target = join(dir, 'big.txt');
    const content = 'x'.repeat(100_000);
    const write = originals.writeSync as (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
    patch({ writeSync: (fd: number, buffer: Uint8Array, offset = 0, length = buffer.length) => write(fd, buffer, offset, Math.min(length, 4096)) });
    writeFileAtomic(target, content);
    assert.equal(readFileSync(target, 'utf8'), content);
    assert.deepEqual(temps(dir), []);
  });

  it('creates missing parents, and fails (never loops) where mkdir cannot create them', { skip: !existsSync('/proc/self') && 'no /proc here' }, () => {
    const dir = scratch();
    writeFileAtomic(join(dir, 'a', 'b', 'c.txt'), 'deep');
    assert.equal(readFileSync(join(dir, 'a', 'b', 'c.txt'), 'utf8'), 'deep');
    // mkdir under /proc fails with ENOENT although the parent exists: Node 20's recursive
    // mkdirSync retries that for ever.
    assert.throws(() => writeFileAtomic('/proc/sguild-contracts-test/x/report.json', 'x'), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
    writeFileSync(join(dir, 'file'), 'kept');
    assert.throws(() => writeFileAtomic(join(dir, 'file', 'x', 'report.json'), 'x'), (error: NodeJS.ErrnoException) => error.code === 'ENOTDIR');
    assert.equal(readFileSync(join(dir, 'file'), 'utf8'), 'kept');
  });

  it('refuses to replace a folder, and leaves it alone', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'out.json'));
    writeFileSync(join(dir, 'out.json', 'inside'), 'kept');
    assert.throws(() => writeFileAtomic(join(dir, 'out.json'), 'x'));
    assert.equal(readFileSync(join(dir, 'out.json', 'inside'), 'utf8'), 'kept');
    assert.deepEqual(temps(dir), []);
  });
});

describe('build: a second build that fails half-way', () => {
  it('exits 2 with one line, leaves no temporary file, and the next build finishes the job', async () => {
    const dir = scratch();
    const contracts = copyFixture(MINIMAL, dir);
    const first = await run(['build', '--out', 'dist'], { cwd: dir, write: [join(dir, 'dist')] });
    assertRobust(first, ['build']);
    assert.equal(first.code, 0, first.stderr);
    const before = snapshot(join(dir, 'dist'));

    // Every generated file changes with the registry description.
    const registry = join(contracts, 'event-types-registry.json');
    writeFileSync(registry, readFileSync(registry, 'utf8').replace('A coach marked a lesson as delivered.', 'Edited.'));
    let renames = 0;
    patch({
      renameSync: (...args: unknown[]) => {
        if (++renames === 3) throw failure('EIO', 'rename');
        return (originals.renameSync as (...a: unknown[]) => unknown)(...args);
      },
    });
    const second = await run(['build', '--out', 'dist'], { cwd: dir, write: [join(dir, 'dist')] });
    Object.assign(fs, originals);
    syncBuiltinESMExports();
    assert.equal(second.code, 2);
    assert.equal(second.stderr, 'sguild-contracts: cannot write to dist: EIO (rename)\n');
    assert.deepEqual(temps(join(dir, 'dist')), []);

    const third = await run(['build', '--out', 'dist'], { cwd: dir, write: [join(dir, 'dist')] });
    assertRobust(third, ['build']);
    assert.equal(third.code, 0, third.stderr);
    const fresh = await run(['build', '--out', 'fresh'], { cwd: dir, write: [join(dir, 'fresh')] });
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.deepEqual(snapshot(join(dir, 'dist')), snapshot(join(dir, 'fresh')));
    assert.notDeepEqual(snapshot(join(dir, 'dist')), before);
  });

  it('a failure on the n-th rename leaves each file exactly as one of the two builds wrote it', async () => {
    const dir = scratch();
    const contracts = copyFixture(MINIMAL, dir);
    assert.equal((await run(['build', '--out', 'old'], { cwd: dir, write: [join(dir, 'old')] })).code, 0);
    const registry = join(contracts, 'event-types-registry.json');
    writeFileSync(registry, readFileSync(registry, 'utf8').replace('A coach marked a lesson as delivered.', 'Edited.'));
    assert.equal((await run(['build', '--out', 'new'], { cwd: dir, write: [join(dir, 'new')] })).code, 0);
    const oldFiles = snapshot(join(dir, 'old'));
    const newFiles = snapshot(join(dir, 'new'));
    for (const failAt of [1, 2, 3]) { // the edit changes three generated files (manifest last)
      fs.cpSync(join(dir, 'old'), join(dir, `try${failAt}`), { recursive: true });
      let renames = 0;
      patch({
        renameSync: (...args: unknown[]) => {
          if (++renames === failAt) throw failure('EIO', 'rename');
          return (originals.renameSync as (...a: unknown[]) => unknown)(...args);
        },
      });
      const result = await run(['build', '--out', `try${failAt}`], { cwd: dir, write: [join(dir, `try${failAt}`)] });
      Object.assign(fs, originals);
      syncBuiltinESMExports();
      assert.equal(result.code, 2, `fail at rename ${failAt}: ${result.stdout}${result.stderr}`);
      const left = snapshot(join(dir, `try${failAt}`));
      assert.deepEqual(Object.keys(left).sort(), Object.keys(oldFiles).sort());
      for (const [path, content] of Object.entries(left)) assert.ok(content === oldFiles[path] || content === newFiles[path], `${path} is neither the old nor the new build's (failure at rename ${failAt})`);
      assert.equal(left['.sguild-contracts-manifest.json'] ?? '', oldFiles['.sguild-contracts-manifest.json'] ?? '', 'the manifest is written last');
      assert.deepEqual(temps(join(dir, `try${failAt}`)), []);
    }
  });
});

describe('outputs are never written onto an input', () => {
  const dir = scratch();
  const contracts = copyFixture(MINIMAL, dir);
  const registry = join(contracts, 'event-types-registry.json');
  const original = readFileSync(registry, 'utf8');
  writeFileSync(join(dir, 'baseline.json'), '{ "version": 1, "findings": [] }\n');
  writeFileSync(join(dir, 'sguild-contracts.config.json'), '{}\n');
  mkdirSync(join(dir, 'elsewhere'));
  symlinkSync(join(contracts, 'lesson-lifecycle'), join(dir, 'elsewhere', 'into-contracts'));

  const refusals: [string[], RegExp][] = [
    [['check', '--output', 'contracts/event-types-registry.json'], /^sguild-contracts: refusing to write contracts\/event-types-registry\.json: it is inside the contracts folder being checked\n$/],
    [['check', '--format', 'json=contracts/report.json'], /^sguild-contracts: refusing to write contracts\/report\.json: it is inside the contracts folder being checked\n$/],
    [['check', '--write-baseline', 'contracts/lesson-lifecycle/baseline.json'], /^sguild-contracts: refusing to write contracts\/lesson-lifecycle\/baseline\.json: it is inside the contracts folder being checked\n$/],
    [['check', '--output', 'elsewhere/into-contracts/README.md'], /^sguild-contracts: refusing to write elsewhere\/into-contracts\/README\.md: it is inside the contracts folder being checked\n$/],
    [['check', '--baseline', 'baseline.json', '--output', 'baseline.json'], /^sguild-contracts: refusing to write baseline\.json: it is an input of this run\n$/],
    [['check', '--output', 'sguild-contracts.config.json'], /^sguild-contracts: refusing to write sguild-contracts\.config\.json: it is an input of this run\n$/],
    [['build', '--out', 'contracts'], /^sguild-contracts: --out contracts is the contracts folder or inside it; generated files must go elsewhere/],
    [['build', '--out', 'contracts/lesson-lifecycle'], /^sguild-contracts: --out contracts\/lesson-lifecycle is the contracts folder or inside it/],
    [['build', '--out', 'baseline.json'], /^sguild-contracts: --out baseline\.json exists and is not a folder\n$/],
    [['build', '--out', 'baseline.json/dist'], /^sguild-contracts: cannot write to baseline\.json\/dist: ENOTDIR/],
  ];
  for (const [args, message] of refusals) {
    it(`${args.join(' ')}: exit 2, nothing written`, async () => {
      const before = { contracts: snapshot(contracts), baseline: readFileSync(join(dir, 'baseline.json'), 'utf8'), config: readFileSync(join(dir, 'sguild-contracts.config.json'), 'utf8') };
      const result = await run(args, { cwd: dir, write: [] });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, message);
      assert.deepEqual(result.violations, []);
      assert.deepEqual({ contracts: snapshot(contracts), baseline: readFileSync(join(dir, 'baseline.json'), 'utf8'), config: readFileSync(join(dir, 'sguild-contracts.config.json'), 'utf8') }, before);
      assert.equal(readFileSync(registry, 'utf8'), original);
    });
  }

  it('a report whose write fails leaves the previous report intact', async () => {
    writeFileSync(join(dir, 'report.json'), 'previous report\n');
    patch({ renameSync: () => { throw failure('EIO', 'rename'); } });
    const result = await run(['check', '--format', 'json', '--output', 'report.json'], { cwd: dir, write: [dir] });
    Object.assign(fs, originals);
    syncBuiltinESMExports();
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'sguild-contracts: cannot write report.json: EIO\n');
    assert.equal(readFileSync(join(dir, 'report.json'), 'utf8'), 'previous report\n');
    assert.deepEqual(temps(dir), []);
    assert.equal(existsSync(join(dir, 'report.json')), true);
  });
});
