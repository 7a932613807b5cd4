/**
 * `build --watch`, in-process: start a short-lived watcher, change a contract, see the rebuild;
 * break a file, see the problem reported while the watcher keeps going; fix it, see it recover.
 * The only time bound is a generous timeout for each step.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BuildRun } from '../../src/build/run.js';
import { watchBuild } from '../../src/build/watch.js';
import { copyTree, MINIMAL, tempDir } from './util.js';
import { nth } from '../helpers.js';

type Outcome = BuildRun | { kind: 'failed'; error: unknown };

describe('build --watch', () => {
  it('rebuilds on change and reports problems without stopping', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const contracts = copyTree(MINIMAL, dir);
    const out = join(dir, 'dist');
    const outcomes: Outcome[] = [];
    let notify = () => {};
    const next = (count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no build #${count} within 60 s; saw ${outcomes.map((o) => o.kind).join(', ')}`)), 60_000);
        const poll = () => {
          if (outcomes.length >= count) {
            clearTimeout(timer);
            resolve();
          } else notify = poll;
        };
        poll();
      });
    const watcher = await watchBuild({ contracts, out, displayRoot: 'contracts' }, (o) => {
      outcomes.push(o);
      notify();
    }, 50);
    try {
      assert.equal(outcomes.length, 1);
      assert.equal(nth(outcomes, 0).kind, 'written');

      const schemaPath = join(contracts, 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json');
      const schema = readFileSync(schemaPath, 'utf8');
      writeFileSync(schemaPath, schema.replace('"delivered_at": {', '"note": { "type": "string", "description": "Coach note." },\n    "delivered_at": {'));
      await next(2);
      assert.equal(nth(outcomes, 1).kind, 'written');
      assert.match(readFileSync(join(out, 'payloads.d.ts'), 'utf8'), /\/\*\*\n {3}\* Coach note\.\n {3}\*\/\n {2}note\?: string;\n/);

      writeFileSync(schemaPath, '{ "broken": ');
      await next(3);
      assert.equal(nth(outcomes, 2).kind, 'refused');
      assert.match(readFileSync(join(out, 'payloads.d.ts'), 'utf8'), /note\?: string;/, 'a refused build keeps the last output');

      writeFileSync(schemaPath, schema);
      await next(4);
      assert.equal(nth(outcomes, 3).kind, 'written');
      assert.doesNotMatch(readFileSync(join(out, 'payloads.d.ts'), 'utf8'), /note\?: string;/);
    } finally {
      await watcher.close();
    }
  });
});
