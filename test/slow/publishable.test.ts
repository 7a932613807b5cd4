/**
 * The output folder as the package services install: `npm pack` of a fresh build, installed
 * offline into an empty folder, then used through its `exports` by `import`, by `require`, by
 * `tsc --strict` under `module: nodenext` and `moduleResolution: bundler`, and by the README's
 * ten-line program (publish and consume a typed event on PGlite), run exactly as printed there.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { nth, runCli } from '../helpers.js';
import { BUNDLED, REPO, tempDir } from '../build/util.js';

const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command: string, args: string[], options: SpawnSyncOptions): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: NPM_ENV, timeout: 120_000, ...options });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${String(result.stdout)}\n${String(result.stderr)}`);
  return String(result.stdout);
}

/** The README's program: the ```ts block after the `<!-- package-example -->` marker. */
export function readmeProgram(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const match = /<!-- package-example -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(match, 'README.md has no <!-- package-example --> ts block');
  return nth(match, 1);
}

describe('the packed output folder, installed offline in a fresh folder', () => {
  let app: string;
  let name: string;
  before(async () => {
    const dir = tempDir();
    const dist = join(dir, 'dist');
    const built = await runCli(['build', '--contracts', BUNDLED, '--out', dist], { cwd: dir });
    assert.equal(built.code, 0, built.stderr);
    name = (JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8')) as { name: string }).name;
    run('npm', ['pack', '--pack-destination', dir], { cwd: dist });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote no tarball');
    app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    run('npm', ['install', '--offline', '--no-package-lock', join(dir, tarball)], { cwd: app });
    // The drivers are optional peers the app brings itself; link the tool's own copies (no registry).
    mkdirSync(join(app, 'node_modules', '@electric-sql'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', '@electric-sql', 'pglite'), join(app, 'node_modules', '@electric-sql', 'pglite'), 'dir');
  });

  it('has an exports map with import, require and types for ., ./validators, ./postgres and ./package.json', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as { name: string; version: string; exports: Record<string, unknown> };
    assert.equal(pkg.version, '2.0.1');
    for (const entry of ['.', './validators', './postgres']) {
      assert.deepEqual(Object.keys(pkg.exports[entry] as object), ['import', 'require'], entry);
    }
    assert.equal(pkg.exports['./package.json'], './package.json');
  });

  it('offers the same API to import and to require', () => {
    const esm = run(process.execPath, ['--input-type=module', '-e', `
      const root = await import('${name}'); const pg = await import('${name}/postgres'); const v = await import('${name}/validators');
      console.log(JSON.stringify([Object.keys(root).sort(), Object.keys(pg).sort(), Object.keys(v).sort()]));`], { cwd: app });
    const cjs = run(process.execPath, ['--input-type=commonjs', '-e', `
      const root = require('${name}'); const pg = require('${name}/postgres'); const v = require('${name}/validators');
      console.log(JSON.stringify([Object.keys(root).sort(), Object.keys(pg).sort(), Object.keys(v).sort()]));`], { cwd: app });
    const [root, postgres, validators] = JSON.parse(esm) as [string[], string[], string[]];
    assert.deepEqual(JSON.parse(cjs), [root, postgres, validators]);
    for (const name of ['createEvent', 'validateEvent', 'EventValidationError', 'EVENT_TYPES', 'isEventType']) assert.ok(root.includes(name), name);
    for (const name of ['publish', 'createConsumer', 'migrate', 'MIGRATIONS', 'DispatcherError']) assert.ok(postgres.includes(name), name);
    // A created event validates the same through either module system.
    const roundTrip = run(process.execPath, ['--input-type=commonjs', '-e', `
      const { createEvent, validateEvent } = require('${name}');
      const e = createEvent('lesson.cancelled', { lesson_id: 'les_0193a7c4-1f00-7000-8000-000000000001', cancelled_at: '2026-03-02T14:05:14Z', initiator: 'customer', reason_code: 'schedule_conflict' }, { actor: 'system:operations' });
      console.log(validateEvent(e).ok, e.subject);`], { cwd: app });
    assert.equal(roundTrip, 'true les_0193a7c4-1f00-7000-8000-000000000001\n');
  });

  for (const [mode, options] of [
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ] as const) {
    it(`type-checks under tsc --strict with module ${mode}`, () => {
      const project = join(app, `ts-${mode}`);
      mkdirSync(project);
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...options, strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false }, include: ['*.ts', '*.mts', '*.cts'] }));
      const use = (from: string) => `
        import { createEvent, validateEvent, type AnyEventEnvelope } from '${name}';
        import { createConsumer, publish, type Queryable } from '${name}/postgres';
        export async function send(db: Queryable): Promise<number> {
          const event = createEvent('lesson.cancelled', { lesson_id: 'les_0193a7c4-1f00-7000-8000-000000000001', cancelled_at: '2026-03-02T14:05:14Z', initiator: 'customer', reason_code: 'schedule_conflict' });
          const lesson: \`les_\${string}\` = event.payload.lesson_id;
          const any: AnyEventEnvelope = event;
          createConsumer({ db, group: '${from}', handlers: { 'lesson.cancelled': (e) => void e.payload.reason_code } });
          return validateEvent(any).ok && lesson ? publish(db, [event]) : 0;
        }
        // @ts-expect-error an unregistered event type
        createEvent('lesson.canceled', {});
      `;
      writeFileSync(join(project, 'esm.mts'), use('esm'));
      if (mode === 'nodenext') writeFileSync(join(project, 'cjs.cts'), use('cjs'));
      else writeFileSync(join(project, 'app.ts'), use('bundler'));
      run(process.execPath, [TSC, '-p', project], { cwd: project });
    });
  }

  it("runs the README's ten-line program: publishes and consumes a typed event on PGlite", () => {
    const program = readmeProgram();
    assert.ok(program.trim().split('\n').length <= 12, 'the README program stays about ten lines');
    const project = join(app, 'readme');
    mkdirSync(project);
    writeFileSync(join(project, 'program.ts'), program.replaceAll("'@sguild/dispatcher", `'${name}`));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, lib: ['es2022', 'dom'], types: [], skipLibCheck: true }, include: ['program.ts'] }));
    run(process.execPath, [TSC, '-p', project], { cwd: project });
    const output = run(process.execPath, [join(project, 'program.js')], { cwd: project });
    assert.equal(output, 'welcome Ada (per_0193a7c4-1f00-7000-8000-000000000001)\n');
  });
});
