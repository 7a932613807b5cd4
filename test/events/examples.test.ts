/**
 * Every example event shipped with a contract set passes the event checks: the bundled
 * contracts/ (when present) and the fixture trees the other tests build on.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EventFailure } from '../../src/events/checker.js';
import { eventCheckerOf } from '../../src/events/for-model.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('example events are valid', () => {
  for (const dir of ['contracts', 'fixtures/minimal/contracts', 'fixtures/validate/contracts']) {
    const present = existsSync(join(ROOT, dir, 'event-types-registry.json'));
    it(dir, { skip: !present && `${dir} is not there` }, () => {
      const model = loadContractSet(new FolderSource(join(ROOT, dir)));
      const checker = eventCheckerOf(model);
      assert.ok(model.examples.length > 0);
      const problems: string[] = [];
      for (const example of model.examples) {
        assert.ok(example.doc.ok, `${example.path} parses`);
        const failures: EventFailure[] = [];
        checker.check(example.doc.value, failures);
        for (const f of failures) if (f.severity === 'error') problems.push(`${example.path} ${f.pointer}: ${f.message} [${f.kind}]`);
      }
      assert.deepEqual(problems, []);
    });
  }
});
