/**
 * The catalog in a real browser: headless Chromium from Debian's `chromium` package, driven by
 * playwright-core (no browser download), opening the generated files over file://. The index
 * loads with no console error, search and filters narrow the list, an event page shows its
 * field table and example, a flow diagram renders. Screenshots go to test-results/catalog/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'catalog');
const CHROMIUM = '/usr/bin/chromium';

let dir: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const requests: string[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), 'install Debian\'s chromium package (apt-get install -y chromium); .ci/run does');
  dir = mkdtempSync(join(tmpdir(), 'sguild-catalog-browser-'));
  const run = await runCli(['catalog', '--out', join(dir, 'site')], { cwd: ROOT });
  assert.equal(run.code, 0, run.stderr);
  mkdirSync(SHOTS, { recursive: true });
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => void (!r.url().startsWith('file://') && requests.push(r.url())));
});

after(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (path: string) => pathToFileURL(join(dir, 'site', path)).href;
const visibleRows = () => page.locator('#events tbody tr:not([hidden])').count();

describe('catalog in headless Chromium', () => {
  it('the index loads from file:// with no console error and lists every event type', async () => {
    await page.goto(url('index.html'));
    assert.equal(await visibleRows(), 38);
    assert.equal(await page.locator('#count').textContent(), '38');
    await page.screenshot({ path: join(SHOTS, 'index.png') });
    assert.deepEqual(problems, []);
  });

  it('search narrows the list, and the filters combine with it', async () => {
    await page.fill('#search', 'credit');
    const credit = await visibleRows();
    assert.ok(credit > 0 && credit < 38, String(credit));
    await page.selectOption('select[data-filter="consumers"]', 'finance-mart');
    assert.equal(await visibleRows(), 5);
    await page.fill('#search', 'no-such-event-anywhere');
    assert.equal(await visibleRows(), 0);
    assert.equal(await page.locator('#empty').isVisible(), true);
    await page.fill('#search', '');
    await page.selectOption('select[data-filter="consumers"]', '');
    await page.selectOption('select[data-filter="producer"]', 'growth');
    assert.deepEqual(await page.locator('#events tbody tr:not([hidden]) td:first-child').allTextContents(), ['intake.captured']);
    assert.deepEqual(problems, []);
  });

  it('an event page shows its field table, its example and the changes between versions', async () => {
    await page.goto(url('events/intake.captured.html'));
    const rows = page.locator('#v1 table.fields tbody tr');
    assert.ok((await rows.count()) >= 5);
    assert.match(await page.locator('#v1 table.fields').textContent() ?? '', /form_submission_id.*string \(form_submission_id\).*required/s);
    assert.match(await page.locator('#v1 pre.example').textContent() ?? '', /"event_type": "intake.captured"/);
    assert.ok(await page.locator('#v2 table.changes').isVisible());
    assert.ok((await page.locator('svg.diagram').count()) >= 1);
    await page.goto(url('events/credit.reserved.html'));
    await page.screenshot({ path: join(SHOTS, 'event.png') });
    assert.deepEqual(problems, []);
  });

  it('a flow diagram renders: every step of the flow is drawn, across its services', async () => {
    await page.goto(url('flows/intake-to-handoff.html'));
    const svg = page.locator('svg.diagram');
    assert.equal(await svg.count(), 1);
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 400 && box.height > 300, JSON.stringify(box));
    const labels = await svg.locator('text.step').allTextContents();
    assert.equal(labels.length, 9);
    assert.equal(labels[0], '1. intake.captured');
    assert.equal(labels[8], '9. customer.handoff');
    assert.deepEqual(await svg.locator('text.label').allTextContents(), ['growth', 'platform', 'sales', 'revenue']);
    await page.screenshot({ path: join(SHOTS, 'flow.png'), fullPage: true });
    // Links work from file://: the first step opens its event page.
    await svg.locator('a').filter({ hasText: 'intake.captured' }).first().click();
    assert.match(page.url(), /events\/intake\.captured\.html$/);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [], 'the catalog must not touch the network');
  });
});
