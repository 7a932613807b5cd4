// Starts a throw-away Postgres server (Debian's `postgresql` package: /usr/lib/postgresql/<v>/bin)
// on a Unix socket in a temporary folder, for the integration suite and the dispatcher bench.
// initdb refuses to run as root, so as root the server runs as the `postgres` user the package
// creates. Resolves to { connection, stop } or { skipped: reason } when no server can start.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

function binDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

export function startPostgres({ port = 54329 } = {}) {
  const bin = binDir();
  if (!bin) return { skipped: 'no Postgres server installed (/usr/lib/postgresql/*/bin/initdb); `apt-get install -y postgresql` provides one' };
  const root = mkdtempSync(join(tmpdir(), 'sguild-pg-'));
  const data = join(root, 'data');
  const asRoot = userInfo().uid === 0;
  let owner;
  if (asRoot) {
    try {
      owner = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
    } catch {
      rmSync(root, { recursive: true, force: true });
      return { skipped: 'running as root and there is no `postgres` user to run the server as' };
    }
    chownSync(root, owner.uid, owner.gid);
  }
  chmodSync(root, 0o755);
  const run = (tool, args) => {
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : join(bin, tool), argv, { encoding: 'utf8', timeout: 120_000 });
    return r.status === 0 ? undefined : `${tool} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' / ')}`;
  };
  const failed =
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']) ??
    run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '60', '-o', `-k ${root} -c listen_addresses= -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`, 'start']);
  if (failed) {
    rmSync(root, { recursive: true, force: true });
    return { skipped: `the Postgres server could not start: ${failed}` };
  }
  return {
    connection: { host: root, port, user: 'postgres', database: 'postgres' },
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
