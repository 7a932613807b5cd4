/** `git:REF` sides: read from the object database of a temporary repository, work tree untouched. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { editJson, MINIMAL, readTree } from './helpers.js';

const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
let repo: string;

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'sguild-diff-git-'));
  git('init', '-q', '-b', 'main');
  writeTree(join(repo, 'contracts'), readTree(MINIMAL));
  writeTree(join(repo, 'nested', 'contracts'), readTree(MINIMAL));
  git('add', '-A');
  git('commit', '-q', '-m', 'contracts 1.0.0');
  // A second commit that widens the enum, then an uncommitted edit that narrows it again.
  writeTree(join(repo, 'contracts'), editJson(readTree(MINIMAL), PAYLOAD, (s) => void (s.properties.attendance.items.properties.status.enum = ['present', 'absent', 'excused'])));
  git('commit', '-q', '-am', 'excused');
  writeTree(join(repo, 'contracts'), editJson(readTree(MINIMAL), PAYLOAD, (s) => void (s.properties.attendance.items.properties.status.enum = ['present'])));
});
after(() => rmSync(repo, { recursive: true, force: true }));

const kinds = (stdout: string) => JSON.parse(stdout).changes.map((c: { kind: string; pointer: string }) => [c.kind, c.pointer]);

describe('git:REF', () => {
  it('diffs a revision against the work tree without touching it', async () => {
    const status = git('status', '--porcelain');
    const run = await runCli(['diff', 'git:HEAD', 'contracts', '--format', 'json'], { cwd: repo });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    assert.deepEqual(kinds(run.stdout), [['ENUM_ARRAY_NARROWED', '/properties/attendance/items/properties/status/enum']]);
    assert.equal(git('status', '--porcelain'), status);
  });

  it('diffs two revisions, from a subfolder of the repository', async () => {
    const run = await runCli(['diff', 'git:HEAD~1', 'git:main', '--format', 'json'], { cwd: join(repo, 'nested') });
    assert.equal(run.code, 0);
    assert.deepEqual(kinds(run.stdout), [['ENUM_ARRAY_EXTENDED', '/properties/attendance/items/properties/status/enum']]);
  });

  it('text locations: path:line:column for changes on the folder side', async () => {
    const run = await runCli(['diff', 'git:HEAD', 'contracts'], { cwd: repo });
    assert.match(run.stdout, new RegExp(`\\n {12}contracts/${PAYLOAD.replace(/\./g, '\\.')}:\\d+:\\d+\\n`));
  });

  it('--contracts names the folder inside the repository', async () => {
    const run = await runCli(['diff', 'git:HEAD~1', 'git:HEAD', '--contracts', 'nested/contracts', '--format', 'json'], { cwd: repo });
    assert.equal(run.code, 0);
    assert.deepEqual(kinds(run.stdout), []);
  });

  it('a committed symbolic link is a warning, not a file', async () => {
    symlinkSync('/etc/hostname', join(repo, 'contracts', 'link.json'));
    git('add', 'contracts/link.json');
    git('commit', '-q', '-m', 'link');
    try {
      const run = await runCli(['diff', 'git:HEAD~1', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(run.stderr, 'warning: git:HEAD: link.json: symbolic link not followed: links can loop or point outside the contracts root; replace it with the file itself\n');
      assert.deepEqual(kinds(run.stdout), []);
    } finally {
      git('reset', '-q', '--hard', 'HEAD~1');
      writeTree(join(repo, 'contracts'), editJson(readTree(MINIMAL), PAYLOAD, (s) => void (s.properties.attendance.items.properties.status.enum = ['present'])));
    }
  });

  it('unknown revisions, injected options, bad paths and non-repositories are usage errors', async () => {
    const cases: [string[], string, string][] = [
      [['diff', 'git:no-such-branch', 'contracts'], repo, 'sguild-contracts: unknown git revision "no-such-branch"\n'],
      [['diff', 'git:--output=/tmp/x', 'contracts'], repo, 'sguild-contracts: invalid git revision "--output=/tmp/x"\n'],
      [['diff', 'git:HEAD', 'contracts', '--contracts', '../elsewhere'], repo, 'sguild-contracts: the contracts path "../elsewhere" must be relative to the repository root and stay inside it\n'],
      [['diff', 'git:HEAD', 'contracts', '--contracts', 'missing'], repo, 'sguild-contracts: git:HEAD has no files under missing (pass --contracts with the folder\'s path inside the repository)\n'],
    ];
    for (const [args, cwd, stderr] of cases) {
      const run = await runCli(args, { cwd });
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr, stderr);
    }
    const outside = mkdtempSync(join(tmpdir(), 'sguild-diff-nogit-'));
    try {
      const run = await runCli(['diff', 'git:HEAD', 'x'], { cwd: outside });
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `sguild-contracts: git:HEAD needs a git repository, and ${outside} is not inside one\n`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
