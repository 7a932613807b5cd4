/**
 * No network, ever: a loopback HTTP server (port 0) stands in for the internet. A copy of the
 * bundled contracts points remote `$ref`s, `$schema`s, `$id`s, documentation links and example
 * URLs at it; every command runs on the copy; the server must see zero connections. The
 * tripwires of bench/fuzz/guard.ts additionally catch any socket, DNS lookup or fetch to
 * anywhere else.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertRobust, copyFixture, MINIMAL, REPO_ROOT, run, scratch } from './helpers.js';

const BUNDLED = existsSync(join(REPO_ROOT, 'contracts', 'event-types-registry.json')) ? join(REPO_ROOT, 'contracts') : MINIMAL;

function files(root: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(root, path, out);
    else out.push(relative(root, path));
  }
  return out;
}

describe('no network: remote references to a loopback server are never fetched', () => {
  let server: Server;
  let connections = 0;
  let requests: string[] = [];
  let origin = '';
  const dir = scratch();
  let remote = '';

  before(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end('{ "$defs": { "x": { "type": "string" } }, "type": "object" }');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    copyFixture(BUNDLED, dir, 'original');
    remote = copyFixture(BUNDLED, dir, 'remote');
    for (const path of files(remote)) {
      const full = join(remote, path);
      if (path.endsWith('.md')) {
        writeFileSync(full, `${readFileSync(full, 'utf8')}\nSee [the schema](${origin}/docs.md) and ${origin}/plain-link.\n`);
        continue;
      }
      if (!path.endsWith('.json')) continue;
      const value = JSON.parse(readFileSync(full, 'utf8')) as Record<string, any>;
      if (path === 'event-types-registry.json') {
        value.$schema = `${origin}/registry.schema.json`;
      } else if (path.includes('/schema/')) {
        value.$schema = path.includes('envelope') ? `${origin}/meta/schema` : value.$schema;
        value.$defs = { ...value.$defs, remote: { $ref: `${origin}/remote.json#/$defs/x` }, relative: { $ref: `//127.0.0.1:${origin.split(':')[2]}/protocol-relative.json` }, dynamic: { $dynamicRef: `${origin}/dynamic.json#meta` } };
        if (path.includes('/payloads/')) {
          value.properties = { ...value.properties, remote_thing: { $ref: `${origin}/remote.json#/$defs/x` } };
          if (typeof value.$id === 'string') value.$id = `${origin}/ids/${path}`;
        }
      } else if (path.includes('/examples/')) {
        value.payload = { ...value.payload, remote_thing: `${origin}/in-data`, $ref: `${origin}/not-a-ref` };
      }
      writeFileSync(full, JSON.stringify(value, null, 2) + '\n');
    }
  });

  after(() => new Promise<void>((done) => server.close(() => done())));

  const commands: string[][] = [
    ['check', '--contracts', 'remote', '--format', 'json'],
    ['check', '--contracts', 'remote', '--format', 'sarif'],
    ['check', '--contracts', 'remote', '--base', 'original'],
    ['build', '--contracts', 'remote', '--out', 'dist'],
    ['diff', 'original', 'remote'],
    ['diff', 'remote', 'original', '--format', 'json'],
    ['validate', '--contracts', 'remote', '-'],
  ];
  for (const args of commands) {
    it(`${args.join(' ')}: no connection`, async () => {
      const examples = files(remote).filter((p) => p.includes('/examples/')).map((p) => JSON.stringify(JSON.parse(readFileSync(join(remote, p), 'utf8'))));
      const result = await run(args, { cwd: dir, write: [join(dir, 'dist')], stdin: examples.join('\n') + '\n' });
      assertRobust(result, args, { format: args.includes('json') ? 'json' : args.includes('sarif') ? 'sarif' : undefined, allowRefusal: args.includes('--base') });
      assert.equal(connections, 0, `the server was contacted: ${requests.join(', ')}`);
    });
  }

  it('the server was reachable all along (the test can see a connection when there is one)', async () => {
    const response = await fetch(`${origin}/probe`);
    assert.equal(response.status, 200);
    assert.equal(connections, 1);
    assert.deepEqual(requests, ['/probe']);
    connections = 0;
    requests = [];
  });
});
