/**
 * An npm tarball (`npm pack` layout: every entry under `package/`) read in memory, never
 * unpacked to disk. Entries are untrusted: a name that is absolute or climbs with `..`, a link
 * and a device are never turned into files but recorded as source problems, and the total
 * uncompressed size and the entry count are capped so a decompression bomb is refused.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import tar from 'tar-stream';
import { sizeText, type SourceProblem } from './source.js';

const gunzipAsync = promisify(gunzip);

export interface TarballLimits {
  /** Total uncompressed bytes, default 512 MiB. */
  maxBytes: number;
  /** Entries of any kind, default 100,000. */
  maxEntries: number;
}

export const DEFAULT_TARBALL_LIMITS: TarballLimits = { maxBytes: 512 * 1024 * 1024, maxEntries: 100_000 };

/** The archive as a whole cannot be read (corrupt, or over a limit): a usage problem, not a diagnostic. */
export class TarballError extends Error {}

export interface PackageContents {
  /** Files of the package root (`package/`), by path relative to it; only `contracts/**` and `package.json` are kept. */
  files: Map<string, Uint8Array>;
  problems: SourceProblem[];
  /** The archive's top folder (`package` for `npm pack`). */
  root: string | undefined;
}

const KEEP = (path: string) => path === 'package.json' || path.startsWith('contracts/');

export async function readTarball(bytes: Uint8Array, limits: TarballLimits = DEFAULT_TARBALL_LIMITS): Promise<PackageContents> {
  const tarBytes = await inflate(bytes, limits);
  const extract = tar.extract();
  extract.end(Buffer.from(tarBytes.buffer, tarBytes.byteOffset, tarBytes.byteLength));
  // Files are grouped by top folder first; the package root is chosen once all are seen.
  const byRoot = new Map<string, Map<string, Uint8Array>>();
  const problems: SourceProblem[] = [];
  let entries = 0;
  try {
    for await (const entry of extract) {
      if (++entries > limits.maxEntries) throw new TarballError(`the archive has more than ${limits.maxEntries} entries; refusing to read it`);
      const header = entry.header;
      const verdict = classify(header.name, header.type ?? 'file');
      if (verdict.kind === 'file') {
        const slash = verdict.path.indexOf('/');
        const root = slash < 0 ? '' : verdict.path.slice(0, slash);
        const inner = slash < 0 ? verdict.path : verdict.path.slice(slash + 1);
        if (root && KEEP(inner)) {
          const chunks: Buffer[] = [];
          for await (const chunk of entry) chunks.push(chunk as Buffer);
          let files = byRoot.get(root);
          if (!files) byRoot.set(root, (files = new Map()));
          files.set(inner, new Uint8Array(Buffer.concat(chunks)));
          continue;
        }
      } else if (verdict.kind === 'problem') {
        problems.push({ path: header.name, kind: 'skipped', message: verdict.message });
      }
      for await (const _ of entry) void _; // drain what is not kept
    }
  } catch (error) {
    if (error instanceof TarballError) throw error;
    throw new TarballError(`not a readable tar archive (${error instanceof Error ? error.message : String(error)})`);
  }
  const root = byRoot.has('package') ? 'package' : byRoot.size === 1 ? [...byRoot.keys()][0] : undefined;
  return { files: root ? byRoot.get(root)! : new Map(), problems: problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), root };
}

async function inflate(bytes: Uint8Array, limits: TarballLimits): Promise<Uint8Array> {
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gzipped) {
    if (bytes.length > limits.maxBytes) throw new TarballError(`the archive is larger than the ${sizeText(limits.maxBytes)} a tarball may hold; refusing to read it`);
    return bytes;
  }
  try {
    return await gunzipAsync(bytes, { maxOutputLength: limits.maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw new TarballError(`the archive expands to more than the ${sizeText(limits.maxBytes)} a tarball may hold; refusing to read it (a decompression bomb?)`);
    throw new TarballError(`not a readable gzip file (${error instanceof Error ? error.message : String(error)})`);
  }
}

type Verdict = { kind: 'file'; path: string } | { kind: 'skip' } | { kind: 'problem'; message: string };

/** What to do with one entry: keep it as a file at a safe relative path, skip it quietly, or record why not. */
function classify(name: string, type: string): Verdict {
  if (type === 'directory' || type === 'pax-header' || type === 'pax-global-header' || type === 'gnu-long-path' || type === 'gnu-long-link-path') return { kind: 'skip' };
  if (type === 'symlink' || type === 'link') return { kind: 'problem', message: `${type === 'link' ? 'hard' : 'symbolic'} link not followed: links can point outside the package; it was skipped` };
  if (type !== 'file' && type !== 'contiguous-file') return { kind: 'problem', message: `not a regular file (${type}); it was skipped` };
  if (name.includes('\0') || name.includes('\\')) return { kind: 'problem', message: 'entry name contains a NUL or backslash; it was skipped' };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return { kind: 'problem', message: 'absolute entry name; it was skipped' };
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { kind: 'problem', message: 'entry name climbs out of the archive with ".."; it was skipped' };
  if (!segments.length) return { kind: 'skip' };
  return { kind: 'file', path: segments.join('/') };
}

/** The `version` of a package.json, when it is a JSON object with a string version. */
export function packageVersion(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  try {
    const pkg = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (pkg && typeof pkg === 'object' && typeof (pkg as { version?: unknown }).version === 'string') return (pkg as { version: string }).version;
  } catch {
    // not JSON: no declared version
  }
  return undefined;
}
