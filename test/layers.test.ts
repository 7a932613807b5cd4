/** The import boundaries (scripts/check-layers.mjs): none crossed in src/, and a crossing is caught. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain JavaScript script, without declarations
import { LAYERS, upwardImports } from '../scripts/check-layers.mjs';

const ROOT = join(import.meta.dirname, '..');

describe('layers', () => {
  it('no module in src/ imports from a higher layer', () => {
    assert.deepEqual(upwardImports(ROOT), []);
  });

  it('catches an upward import, static or dynamic, and a folder in no layer', () => {
    const root = mkdtempSync(join(tmpdir(), 'sguild-layers-'));
    try {
      for (const dir of ['core', 'cli', 'rules', 'extra']) mkdirSync(join(root, 'src', dir), { recursive: true });
      writeFileSync(join(root, 'src', 'core', 'a.ts'), "import { x } from '../cli/main.js';\nexport const y = () => import('../rules/run.js');\n");
      writeFileSync(join(root, 'src', 'rules', 'run.ts'), "import { y } from '../core/a.js';\n");
      writeFileSync(join(root, 'src', 'extra', 'z.ts'), '');
      const problems = upwardImports(root) as string[];
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.match(problems.find((p) => p.startsWith('src/core/a.ts:1:'))!, /core \(layer 1\) imports src\/cli\/main\.ts from cli/);
      assert.match(problems.find((p) => p.startsWith('src/core/a.ts:2:'))!, /imports src\/rules\/run\.ts from rules/);
      assert.match(problems.find((p) => p.startsWith('src/extra/z.ts'))!, /in no layer/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('README states the same layers', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const names of LAYERS as string[][]) assert.ok(readme.includes(` | ${names.join(', ')} |\n`), `README layer row: ${names.join(', ')}`);
  });
});
