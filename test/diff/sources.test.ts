/**
 * Turning arguments into sides: tarballs with hostile entries, decompression bombs, package
 * folders, plain schema files, and the usage errors around them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readTarball, TarballError } from '../../src/load/tarball.js';
import { runCli } from '../helpers.js';
import { MINIMAL, npmPack, packTarball } from './helpers.js';

let temp: string;
before(() => void (temp = mkdtempSync(join(tmpdir(), 'sguild-diff-sources-'))));
after(() => rmSync(temp, { recursive: true, force: true }));

describe('tarballs', () => {
  it('unsafe entries become warnings, never files, and the diff still runs', async () => {
    const hostile = await npmPack(MINIMAL, '1.0.1', [
      { name: 'package/contracts/../../escape.json', content: '{}' },
      { name: '/etc/absolute.json', content: '{}' },
      { name: 'package/contracts/link.json', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'package/contracts/hard.json', type: 'link', linkname: 'package/contracts/event-types-registry.json' },
      { name: 'package/contracts/device', type: 'character-device' },
      { name: 'package/contracts/pipe', type: 'fifo' },
    ]);
    const good = join(temp, 'good.tgz');
    const bad = join(temp, 'bad.tgz');
    writeFileSync(good, await npmPack(MINIMAL, '1.0.0'));
    writeFileSync(bad, hostile);
    const run = await runCli(['diff', 'good.tgz', 'bad.tgz', '--format', 'json'], { cwd: temp });
    assert.equal(run.code, 0);
    assert.equal(
      run.stderr,
      [
        'warning: bad.tgz: /etc/absolute.json: absolute entry name; it was skipped',
        'warning: bad.tgz: package/contracts/../../escape.json: entry name climbs out of the archive with ".."; it was skipped',
        'warning: bad.tgz: package/contracts/device: not a regular file (character-device); it was skipped',
        'warning: bad.tgz: package/contracts/hard.json: hard link not followed: links can point outside the package; it was skipped',
        'warning: bad.tgz: package/contracts/link.json: symbolic link not followed: links can point outside the package; it was skipped',
        'warning: bad.tgz: package/contracts/pipe: not a regular file (fifo); it was skipped',
        '',
      ].join('\n'),
    );
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.changes, []);
    // The declared versions come from package.json, not from registry_version.
    assert.deepEqual(report.semver, { required: 'none', declared: 'patch', old_version: '1.0.0', new_version: '1.0.1', sufficient: true });
  });

  it('caps the uncompressed size and the entry count', async () => {
    const bomb = await packTarball([{ name: 'package/contracts/zeros.json', content: new Uint8Array(4 * 1024 * 1024) }]);
    assert.ok(bomb.length < 64 * 1024, 'a small archive…');
    await assert.rejects(readTarball(bomb, { maxBytes: 1024 * 1024, maxEntries: 100 }), (e: unknown) => e instanceof TarballError && /expands to more than the 1 MiB a tarball may hold/.test(e.message));
    const many = await packTarball(Array.from({ length: 50 }, (_, i) => ({ name: `package/contracts/f${i}.md`, content: 'x' })));
    await assert.rejects(readTarball(many, { maxBytes: 1024 * 1024, maxEntries: 20 }), (e: unknown) => e instanceof TarballError && /more than 20 entries/.test(e.message));
  });

  it('corrupt and contract-less archives are usage errors', async () => {
    writeFileSync(join(temp, 'corrupt.tgz'), gzipSync(Buffer.from('not a tar archive at all'.repeat(40))));
    writeFileSync(join(temp, 'truncated.tgz'), (await npmPack(MINIMAL, '1.0.0')).subarray(0, 100));
    writeFileSync(join(temp, 'empty.tgz'), await packTarball([{ name: 'package/package.json', content: '{"version":"1.0.0"}' }]));
    for (const [name, message] of [
      ['corrupt.tgz', /^sguild-contracts: corrupt\.tgz: not a readable tar archive/],
      ['truncated.tgz', /^sguild-contracts: truncated\.tgz: not a readable gzip file/],
      ['empty.tgz', /^sguild-contracts: empty\.tgz: the tarball holds no contracts\/ folder/],
    ] as const) {
      const run = await runCli(['diff', name, name], { cwd: temp });
      assert.equal(run.code, 2, name);
      assert.match(run.stderr, message);
    }
  });
});

describe('arguments', () => {
  it('two JSON Schema files compare as schemas, with positions on disk', async () => {
    mkdirSync(join(temp, 'schemas'), { recursive: true });
    writeFileSync(join(temp, 'schemas', 'a.json'), '{\n  "type": "object",\n  "properties": {\n    "n": { "type": "integer", "maximum": 10 }\n  }\n}\n');
    writeFileSync(join(temp, 'schemas', 'b.json'), '{\n  "type": "object",\n  "properties": {\n    "n": { "type": "integer", "maximum": 5 }\n  }\n}\n');
    const run = await runCli(['diff', 'schemas/a.json', 'schemas/b.json'], { cwd: temp });
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      [
        'schema',
        '  breaking  MAXIMUM_DECREASED  n: maximum lowered from 10 to 5: values valid before are now rejected',
        '            schemas/b.json:4:31',
        '            witness: {"n":6} (accepted by the old schema, rejected by the new one)',
        '',
        'Backward compatible: no  Forward compatible: yes',
        'Semver: no declared versions; changes require major',
        '✖ 1 breaking, 0 warnings, 0 info',
        '',
      ].join('\n'),
    );
  });

  it('usage errors exit 2 with a clear message', async () => {
    const cases: [string[], string][] = [
      [['diff', 'nope', 'nope'], 'sguild-contracts: nope: no such file or folder\n'],
      [['diff', MINIMAL, join(temp, 'schemas', 'a.json')], `sguild-contracts: cannot compare a contract set (${MINIMAL}) with a schema file (${join(temp, 'schemas', 'a.json')}); give two of the same kind\n`],
      [['diff', MINIMAL, MINIMAL, '--format', 'xml'], 'sguild-contracts: --format must be one of text, json, markdown, github, sarif, not "xml"\n'],
      [['diff', MINIMAL, MINIMAL, '--policy', 'loose'], 'sguild-contracts: --policy must be one of lenient, strict, not "loose"\n'],
      [['diff', MINIMAL, MINIMAL, '--fail-on', 'info'], 'sguild-contracts: --fail-on must be one of breaking, warning, semver, none, not "info"\n'],
      [['diff', MINIMAL, MINIMAL, '--dialect', 'draft-04'], 'sguild-contracts: --dialect must be one of 2020-12, draft-07, not "draft-04"; did you mean "draft-07"?\n'],
    ];
    for (const [args, stderr] of cases) {
      const run = await runCli(args, { cwd: temp });
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stderr, stderr);
      assert.equal(run.stdout, '');
    }
  });
});
