/**
 * `--format name[=file]` (repeatable) and `--output FILE`: several reports from one run, written
 * atomically, byte-identical run to run, and never onto an input of the run.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { duplicateLine, PAYLOAD, scratchRepo, writeConfig } from '../config/helpers.js';

function repo(): string {
  const dir = scratchRepo();
  duplicateLine(dir, PAYLOAD, 3);
  return dir;
}

describe('report outputs', () => {
  it('writes several formats from one run: one to stdout, the others to files', async () => {
    const dir = repo();
    const run = await runCli(['check', '--format', 'text', '--format', 'sarif=out/findings.sarif', '--format', 'junit=out/findings.xml', '--format', 'markdown=summary.md', '--format', 'json=out/findings.json'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    const textOnly = await runCli(['check'], { cwd: dir });
    assert.equal(run.stdout, textOnly.stdout);
    for (const [file, format] of [['out/findings.sarif', 'sarif'], ['out/findings.xml', 'junit'], ['summary.md', 'markdown'], ['out/findings.json', 'json']] as const) {
      const alone = await runCli(['check', '--format', format], { cwd: dir });
      assert.equal(readFileSync(join(dir, file), 'utf8'), alone.stdout, `${file} is exactly the ${format} report`);
    }
    // Atomic writes leave no temporary files behind.
    assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['findings.json', 'findings.sarif', 'findings.xml']);
  });

  it('--output sends the one format without "=file" to a file', async () => {
    const dir = repo();
    const run = await runCli(['check', '--format', 'sarif', '--output', 'findings.sarif', '--format', 'github=annotations.txt'], { cwd: dir });
    assert.deepEqual([run.code, run.stdout, run.stderr], [1, '', '']);
    assert.equal(readFileSync(join(dir, 'findings.sarif'), 'utf8'), (await runCli(['check', '--format', 'sarif'], { cwd: dir })).stdout);
    assert.match(readFileSync(join(dir, 'annotations.txt'), 'utf8'), /^::error file=contracts\/lesson-lifecycle/);
    const textDefault = await runCli(['check', '--output', 'report.txt'], { cwd: dir });
    assert.equal(textDefault.stdout, '');
    assert.match(readFileSync(join(dir, 'report.txt'), 'utf8'), /✖ 1 error, 0 warnings/);
  });

  it('is byte-identical run to run', async () => {
    const dir = repo();
    const formats = ['text', 'json', 'sarif', 'github', 'junit', 'markdown'];
    for (const format of formats) {
      const a = await runCli(['check', '--format', format], { cwd: dir });
      const b = await runCli(['check', '--format', format], { cwd: dir });
      assert.equal(a.stdout, b.stdout, format);
    }
  });

  it('refuses to write reports onto inputs or into the contracts folder', async () => {
    const dir = repo();
    writeConfig(dir, { baseline: 'baseline.json' });
    await runCli(['check', '--write-baseline', 'baseline.json'], { cwd: dir });
    const cases: [string[], string][] = [
      [['--format', 'sarif=contracts/findings.sarif'], 'refusing to write contracts/findings.sarif: it is inside the contracts folder being checked'],
      [['--output', 'contracts/lesson-lifecycle/README.md'], 'refusing to write contracts/lesson-lifecycle/README.md: it is inside the contracts folder being checked'],
      [['--format', 'json=contracts'], 'refusing to write contracts: it is inside the contracts folder being checked'],
      [['--format', 'json=sguild-contracts.config.json'], 'refusing to write sguild-contracts.config.json: it is an input of this run'],
      [['--format', 'json=./out/../baseline.json'], 'refusing to write baseline.json: it is an input of this run'],
      [['--write-baseline', 'contracts/baseline.json'], 'refusing to write contracts/baseline.json: it is inside the contracts folder being checked'],
      [['--write-baseline', 'sguild-contracts.config.json'], 'refusing to write sguild-contracts.config.json: it is an input of this run'],
      [['--format', 'text', '--format', 'json'], 'only one format can go to standard output, not text and json; write the others to files with --format name=file'],
      [['--format', 'text', '--format', 'json', '--output', 'x'], '--output takes exactly one format without "=file"; give the others as --format name=file'],
      [['--format', 'json=a.json', '--output', 'x'], '--output has no format to write: every --format already names its file'],
      [['--format', 'json=a.json', '--format', 'sarif=./a.json'], 'two reports would be written to a.json'],
      [['--format', 'json=r.json', '--write-baseline', 'r.json'], 'a report and the baseline would both be written to r.json'],
      [['--format', 'yaml'], '--format must be one of text, json, sarif, github, junit, markdown, not "yaml"'],
      [['--format', 'json=out'], 'cannot write out: it is a folder'],
    ];
    mkdirSync(join(dir, 'out'));
    const before = readFileSync(join(dir, 'sguild-contracts.config.json'), 'utf8');
    for (const [args, message] of cases) {
      const run = await runCli(['check', ...args], { cwd: dir });
      assert.deepEqual([run.code, run.stdout, run.stderr], [2, '', `sguild-contracts: ${message}\n`], args.join(' '));
    }
    assert.equal(readFileSync(join(dir, 'sguild-contracts.config.json'), 'utf8'), before);
    assert.deepEqual(readdirSync(join(dir, 'out')), []);
  });

  it('a report that cannot be written is a usage error, not a stack trace', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is needed');
    const run = await runCli(['check', '--format', 'sarif=blocker/findings.sarif'], { cwd: dir });
    assert.deepEqual([run.code, run.stdout], [2, '']);
    assert.match(run.stderr, /^sguild-contracts: cannot write blocker\/findings\.sarif: E[A-Z]+\n$/);
  });
});
