/**
 * What turns the generated modules into a package services install (`npm pack` of the output
 * folder): a CommonJS twin of every ES module, a `.d.cts` twin of every declaration file, and
 * the folder's own `package.json` with an `exports` map whose `import`/`require`/`types`
 * conditions point at them.
 *
 * The twins are mechanical rewrites of the ES text, so ESM and CJS cannot drift apart: the
 * generators write ES modules in a small dialect (top-level `export function|class|const|let`,
 * `export * from './x.js'`, `import { a, b } from './x.js'` (or `'./dir/x.js'`), no `import.meta`, no default
 * export), and anything outside it stops the build as a generator bug rather than shipping a
 * twin that differs.
 */
import { GENERATED_NOTICE, type GeneratedFile, type Generator } from './generator-types.js';
import { byCodeUnit } from './type-plan.js';

/** The package entry points, in `exports` order; each exists when its module was generated. */
const ENTRY_POINTS = ['index', 'events', 'validators', 'postgres'];

/** `X.cjs` for every top-level `X.js` that has none (events.cjs is written by its own generator). */
export const commonJsTwinsGenerator: Generator = {
  name: 'CommonJS twins',
  generate(_model, { files }) {
    const have = new Set(files.map((f) => f.path));
    return files
      .filter((f) => !f.path.includes('/') && f.path.endsWith('.js') && !have.has(f.path.replace(/\.js$/, '.cjs')))
      .map((f) => ({ path: f.path.replace(/\.js$/, '.cjs'), content: toCommonJs(f.content, f.path) }));
  },
};

/** `.d.cts` twins of every declaration file, then package.json. Runs after the index generator. */
export const packageGenerator: Generator = {
  name: 'package.json',
  generate(model, { files }) {
    const have = new Set(files.map((f) => f.path));
    const twins: GeneratedFile[] = files
      .filter((f) => f.path.endsWith('.d.ts') && !have.has(f.path.replace(/\.d\.ts$/, '.d.cts')))
      .map((f) => ({ path: f.path.replace(/\.d\.ts$/, '.d.cts'), content: toCtsDeclarations(f.content) }));
    const all = [...files.map((f) => f.path), ...twins.map((t) => t.path)];
    const { name, version } = packageIdentity(model.json.get('package.json')?.doc, model.registry?.registryVersion);
    return [...twins, { path: 'package.json', content: packageJson(name, version, new Set(all)) }];
  },
};

const DEFAULT_NAME = '@sguild/dispatcher';
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/**
 * The name and version of the package: a `package.json` at the contracts root says them (the
 * contract set published as a package); otherwise the name is Sguild's dispatcher package and
 * the version the registry's `registry_version`. Values that npm would refuse are not used.
 */
export function packageIdentity(doc: { ok: boolean; value?: unknown } | undefined, registryVersion: string | undefined): { name: string; version: string } {
  const own = doc?.ok && doc.value !== null && typeof doc.value === 'object' && !Array.isArray(doc.value) ? (doc.value as Record<string, unknown>) : {};
  const name = typeof own.name === 'string' && PACKAGE_NAME.test(own.name) && own.name.length <= 214 ? own.name : DEFAULT_NAME;
  const candidates = [own.version, registryVersion];
  const version = (candidates.find((v) => typeof v === 'string' && SEMVER.test(v)) as string | undefined) ?? '0.0.0';
  return { name, version };
}

function packageJson(name: string, version: string, paths: ReadonlySet<string>): string {
  const exportsMap: Record<string, unknown> = {};
  for (const entry of ENTRY_POINTS) {
    if (!paths.has(`${entry}.js`)) continue;
    const condition = (ext: 'js' | 'cjs') => {
      const types = ext === 'js' ? `${entry}.d.ts` : `${entry}.d.cts`;
      return paths.has(types) ? { types: `./${types}`, default: `./${entry}.${ext}` } : `./${entry}.${ext}`;
    };
    exportsMap[entry === 'index' ? '.' : `./${entry}`] = paths.has(`${entry}.cjs`) ? { import: condition('js'), require: condition('cjs') } : { import: condition('js') };
  }
  if ([...paths].some((p) => p.startsWith('sql/'))) exportsMap['./sql/*'] = './sql/*';
  exportsMap['./package.json'] = './package.json';
  const pkg: Record<string, unknown> = {
    name,
    version,
    description: 'Typed events, validators and the Postgres dispatcher generated from the event contracts by sguild-contracts build.',
    type: 'module',
  };
  if (paths.has('index.cjs')) pkg.main = './index.cjs';
  if (paths.has('index.d.ts')) pkg.types = './index.d.ts';
  pkg.exports = exportsMap;
  pkg.files = [...paths].filter((p) => p !== 'package.json').sort(byCodeUnit);
  pkg.sideEffects = false;
  if (paths.has('postgres.js')) {
    // The dispatcher never imports a driver: the caller hands it a pg Pool/Client or a PGlite
    // instance, so both are optional peers (named for the versions it is tested with).
    pkg.peerDependencies = { '@electric-sql/pglite': '>=0.2.0', pg: '>=8.0.0' };
    pkg.peerDependenciesMeta = { '@electric-sql/pglite': { optional: true }, pg: { optional: true } };
  }
  pkg.engines = { node: '>=20' };
  pkg.generatedBy = GENERATED_NOTICE;
  return JSON.stringify(pkg, null, 2) + '\n';
}

/** Thrown for ES text outside the dialect the twins support: a bug in a generator, not in the contracts. */
export class TwinError extends Error {}

/** The CommonJS twin of an ES module written in the generators' dialect (see the file comment). */
export function toCommonJs(esm: string, path: string): string {
  if (/\bimport\.meta\b/.test(esm)) throw new TwinError(`${path}: import.meta has no CommonJS twin`);
  const names: string[] = [];
  const reexports: string[] = [];
  const twinLine = (line: string, at: number): string => {
    if (!/^(export|import)\b/.test(line)) return line;
    let m: RegExpMatchArray | null;
    if ((m = /^export (async function\*?|function\*?|class|const|let) ([A-Za-z_$][\w$]*)/.exec(line))) {
      names.push(m[2]!);
      return line.slice('export '.length);
    }
    if ((m = /^export \{([^}]*)\};?$/.exec(line))) {
      for (const b of m[1]!.split(',').map((x) => x.trim()).filter(Boolean)) {
        const [local = b, exported = local] = b.split(/\s+as\s+/);
        names.push(exported === local ? local : `${exported}: ${local}`);
      }
      return '';
    }
    if ((m = /^export \* from '(\.\/[\w.-]+)\.js';$/.exec(line))) {
      reexports.push(m[1]!);
      return '';
    }
    if ((m = /^import \{([^}]*)\} from '(\.\/[\w.-]+(?:\/[\w.-]+)*)\.js';$/.exec(line))) {
      const bindings = m[1]!.split(',').map((b) => b.trim()).filter(Boolean).map((b) => b.replace(/\s+as\s+/, ': '));
      return `const { ${bindings.join(', ')} } = require('${m[2]}.cjs');`;
    }
    const lineNumber = esm.slice(0, at).split('\n').length;
    throw new TwinError(`${path}:${lineNumber}: no CommonJS twin for: ${line.slice(0, 80)}`);
  };
  // Only lines that begin with `export` or `import` change: found with indexOf, and the twin is
  // joined once from slices of the text (validators.js is tens of MB: each copy of it counts).
  const firstLineEnd = esm.indexOf('\n');
  const head = esm.startsWith('//') ? [firstLineEnd < 0 ? esm : esm.slice(0, firstLineEnd), '\n'] : [];
  const bodyStart = head.length ? (firstLineEnd < 0 ? esm.length : firstLineEnd + 1) : 0;
  const starts = new Set<number>();
  if (bodyStart === 0 && (esm.startsWith('export') || esm.startsWith('import'))) starts.add(0);
  for (const word of ['\nexport', '\nimport']) for (let at = esm.indexOf(word, bodyStart - 1); at >= 0; at = esm.indexOf(word, at + 1)) if (at + 1 >= bodyStart) starts.add(at + 1);
  const body: string[] = [];
  let done = bodyStart;
  for (const start of [...starts].sort((a, b) => a - b)) {
    const end = esm.indexOf('\n', start);
    const stop = end < 0 ? esm.length : end;
    body.push(esm.slice(done, start), twinLine(esm.slice(start, stop), start));
    done = stop;
  }
  body.push(esm.slice(done));
  const last = body.filter((piece) => piece !== '').at(-1) ?? '';
  const tail = [
    ...reexports.map((spec) => `Object.assign(exports, require('${spec}.cjs'));`),
    ...(names.length ? [`Object.assign(exports, { ${names.join(', ')} });`] : []),
  ];
  return [...head, "'use strict';\n", ...body, last.endsWith('\n') ? '' : '\n', tail.join('\n'), tail.length ? '\n' : ''].join('');
}

/** A `.d.cts` twin: the same declarations, with relative `./x.js` specifiers pointing at `./x.cjs`. */
export function toCtsDeclarations(dts: string): string {
  return dts.replace(/(from\s+|import\(\s*)(['"])(\.\/[\w.-]+)\.js\2/g, '$1$2$3.cjs$2');
}
