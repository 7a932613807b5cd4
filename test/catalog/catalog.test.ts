/**
 * `catalog`: the static site's files and their content, generated from the model (the browser
 * test in test/slow/ drives the same site in Chromium).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildCatalog } from '../../src/catalog/build.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const bundled = loadContractSet(new FolderSource(join(ROOT, 'contracts')));
const file = (files: { path: string; content: string }[], path: string) => {
  const found = files.find((f) => f.path === path);
  assert.ok(found, `no ${path}`);
  return found.content;
};

describe('catalog', () => {
  const files = buildCatalog(bundled);

  it('has an index, a page per event type, per service and per flow, and its own assets only', () => {
    const registry = bundled.registry!;
    assert.equal(files.filter((f) => f.path.startsWith('events/')).length, registry.eventTypes.size);
    assert.equal(files.filter((f) => f.path.startsWith('services/')).length, registry.services.size);
    assert.deepEqual(files.filter((f) => f.path.startsWith('flows/')).map((f) => f.path), ['flows/intake-to-handoff.html']);
    for (const f of files) {
      // No network: no absolute URL is ever loaded (links to the AsyncAPI spec are not in pages).
      assert.doesNotMatch(f.content, /(src|href)="(https?:)?\/\//, f.path);
    }
    const index = file(files, 'index.html');
    assert.match(index, /<select data-filter="producer"[^>]*>.*<option value="growth">growth<\/option>/s);
    assert.match(index, /<select data-filter="consumers"[^>]*>.*<option value="finance-mart">/s);
    assert.match(index, /data-search="intake.captured /);
  });

  it('an event page has the producer, consumers, patterns, field tables, examples and the diff from the previous version', () => {
    const page = file(files, 'events/intake.captured.html');
    assert.match(page, /<dt>Producer<\/dt><dd><a href="..\/services\/growth.html">growth<\/a>/);
    assert.match(page, /<dt>Compatibility<\/dt><dd>(BACKWARD|FORWARD|FULL|NONE)[A-Z_]* <span class="muted">\(/);
    assert.match(page, /<dt>Subject<\/dt><dd>form_submission \(<code>fsm_<\/code>\) — <code>\^fsm_/);
    assert.match(page, /system: <code>system:growth<\/code>/);
    assert.match(page, /<a href="..\/services\/platform.html">platform<\/a> \(v1, v2\)/);
    assert.match(page, /<section class="version" id="v1">/);
    assert.match(page, /<td><code>form_submission_id<\/code><\/td><td>string \(form_submission_id\)<\/td><td><span class="req"/);
    assert.match(page, /<h4>Changes from v1<\/h4><table class="changes">.*PROPERTY_ADDED/s);
    assert.match(page, /<pre class="example"><code>\{\n  &quot;event_id&quot;/);
    assert.match(page, /<svg [^>]*class="diagram"/);
  });

  it('marks deprecated event types and versions, naming who still consumes them', () => {
    const model = loadContractSet(new FolderSource(join(ROOT, 'fixtures/rules/registry/deprecated-consumed/contracts')));
    const site = buildCatalog(model);
    assert.match(file(site, 'index.html'), /<tr class="deprecated"[^>]*data-status="deprecated"/);
    const page = file(site, 'events/lesson.scheduled.html');
    assert.match(page, /<h1 class="deprecated">.*status-deprecated/);
    assert.match(page, /Deprecated: still consumed by finance-mart/);
    assert.match(file(site, 'events/credit.consumed.html'), /<h3>Version 1<span class="badge status-deprecated">/);
  });

  it('escapes what the registry says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sguild-catalog-'));
    try {
      const registryPath = join(dir, 'event-types-registry.json');
      const source = join(ROOT, 'fixtures/flows/contracts');
      const registry = JSON.parse(readFileSync(join(source, 'event-types-registry.json'), 'utf8'));
      registry.event_types['lesson.delivered'].description = '<script>alert(1)</script> & "quotes"';
      registry.services['evil<b>'] = { owner: '<i>x</i>', description: 'y' };
      writeFileSync(registryPath, JSON.stringify(registry));
      const model = loadContractSet(new FolderSource(dir));
      const site = buildCatalog(model);
      const all = site.map((f) => f.content).join('\n');
      assert.doesNotMatch(all, /<script>alert/);
      assert.match(all, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
      assert.ok(site.some((f) => f.path === 'services/evil_3cb_3e.html'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CLI: writes atomically with a manifest, byte-identical on a rerun, never inside the contracts folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sguild-catalog-'));
    try {
      const first = await runCli(['catalog', '--out', join(dir, 'site')], { cwd: ROOT });
      assert.equal(first.code, 0, first.stderr);
      const written = readdirSync(join(dir, 'site'), { recursive: true }).map(String).sort();
      assert.ok(written.includes('.sguild-contracts-manifest.json'));
      assert.ok(written.includes('index.html'));
      const index = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
      assert.equal(index, file(files, 'index.html'));
      const again = await runCli(['catalog', '--out', join(dir, 'site')], { cwd: ROOT });
      assert.match(again.stderr, /\(0 written, \d+ unchanged\)/);
      const inside = await runCli(['catalog', '--out', 'contracts/site'], { cwd: ROOT });
      assert.equal(inside.code, 2);
      assert.match(inside.stderr, /is the contracts folder or inside it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
