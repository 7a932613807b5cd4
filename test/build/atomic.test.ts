/**
 * An interrupted build leaves the previous output intact: every file is written to a temporary
 * sibling and renamed. Here the rename fails (in-process, by patching node:fs) and the process
 * is killed between writing the temporary file and renaming it (in a child process); the old
 * files survive both, and the next build cleans up what the killed one left.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs, { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { nth, runCli } from '../helpers.js';
import { copyTree, MINIMAL, REPO, snapshot, tempDir } from './util.js';

/** Changes the contracts so that every build from now on rewrites events.js and events.d.ts. */
function editRegistry(contracts: string): void {
  const path = join(contracts, 'event-types-registry.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('"A coach marked a lesson as delivered."', '"Edited."'));
}

const temps = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('atomic output', () => {
  it('keeps the previous files and leaves no temporary file when a rename fails', async () => {
    const dir = tempDir();
    const contracts = copyTree(MINIMAL, dir);
    assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
    const before = snapshot(join(dir, 'dist'));
    editRegistry(contracts);

    const rename = fs.renameSync;
    fs.renameSync = () => {
      throw Object.assign(new Error('simulated failure'), { code: 'EIO', syscall: 'rename' });
    };
    syncBuiltinESMExports();
    let run;
    try {
      run = await runCli(['build'], { cwd: dir });
    } finally {
      fs.renameSync = rename;
      syncBuiltinESMExports();
    }
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'sguild-contracts: cannot write to dist: EIO (rename)\n');
    assert.deepEqual(snapshot(join(dir, 'dist')), before);
    assert.deepEqual(temps(join(dir, 'dist')), []);
  });

  it('keeps the previous files when killed between writing and renaming, and the next build cleans up', async () => {
    const dir = tempDir();
    const contracts = copyTree(MINIMAL, dir);
    assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
    const before = snapshot(join(dir, 'dist'));
    editRegistry(contracts);

    // The child dies (SIGKILL: no cleanup handler can run) at its first rename, after its first temporary file is fully written.
    const script = `
      import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      fs.renameSync = () => process.kill(process.pid, 'SIGKILL');
      syncBuiltinESMExports();
      const { main } = await import(${JSON.stringify(pathToFileURL(join(REPO, 'src/cli/main.ts')).href)});
      await main(['build']);
    `;
    const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);

    // The temporary file is in the staging folder, not among the outputs (src/build/transaction.ts).
    const left = temps(join(dir, 'dist', '.sguild-contracts-staging'));
    assert.equal(left.length, 1, 'the killed build left its temporary file in the staging folder');
    assert.match(nth(left, 0), /^\.events\.cjs\.[0-9]+\.[a-z0-9]+\.tmp$/);
    assert.deepEqual(temps(join(dir, 'dist')), []);
    const after = snapshot(join(dir, 'dist'));
    for (const path of Object.keys(after)) if (path.startsWith('.sguild-contracts-staging/') || path === '.sguild-contracts.lock') delete after[path];
    assert.deepEqual(after, before, 'every previous file is intact');

    const rebuilt = await runCli(['build'], { cwd: dir });
    assert.equal(rebuilt.code, 0);
    assert.deepEqual(temps(join(dir, 'dist')), []);
    assert.deepEqual(readdirSync(join(dir, 'dist')).filter((n) => n.startsWith('.sguild-contracts-staging') || n === '.sguild-contracts.lock'), []);
    const now = snapshot(join(dir, 'dist'));
    const files = Object.keys(now).filter((f) => f !== '.sguild-contracts-manifest.json');
    const changed = files.filter((f) => now[f] !== before[f]);
    assert.ok(['events.cjs', 'events.d.ts', 'events.js'].every((f) => changed.includes(f)), changed.join(', '));
    assert.equal(rebuilt.stdout, `✔ built dist from contracts: ${files.length} files (${changed.length} written, ${files.length - changed.length} unchanged)\n`);
  });
});
