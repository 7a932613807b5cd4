// The import boundaries of README's "How the code is organised": a module may import from its
// own layer or a lower one, never from a higher one. Run by `npm run lint` (and so `npm test`
// and CI); test/layers.test.ts checks that it catches an upward import.
//
//   node scripts/check-layers.mjs [root]    prints each upward import, exit 1 when there is one
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lowest first. A top-level file (`check.ts`) is named by its file name. */
export const LAYERS = [
  ['diagnostics'],
  ['core'],
  ['json'],
  ['model'],
  ['load', 'schema', 'docs', 'config'],
  ['events'],
  ['rules', 'diff', 'build', 'validate', 'trace', 'export', 'catalog', 'author', 'fix', 'check.ts'],
  ['report'],
  ['cli'],
];

const rank = new Map(LAYERS.flatMap((names, i) => names.map((name) => [name, i])));

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

/** `src/rules/run.ts` → `rules`; `src/check.ts` → `check.ts`. */
function areaOf(src, path) {
  const parts = relative(src, path).split(sep);
  return parts.length === 1 ? parts[0] : parts[0];
}

export function upwardImports(root) {
  const src = join(root, 'src');
  const problems = [];
  for (const file of files(src)) {
    const from = areaOf(src, file);
    if (!rank.has(from)) {
      problems.push(`${relative(root, file)}: src/${from} is in no layer; add it to LAYERS in scripts/check-layers.mjs and README.md`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(file), match[1])).replace(/\.js$/, '.ts');
      if (!target.startsWith(src + sep)) continue;
      const to = areaOf(src, target);
      if (rank.has(to) && rank.get(to) > rank.get(from)) {
        const line = text.slice(0, match.index).split('\n').length;
        problems.push(`${relative(root, file)}:${line}: ${from} (layer ${rank.get(from)}) imports ${relative(root, target)} from ${to} (layer ${rank.get(to)}), a higher layer`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = upwardImports(root);
  for (const problem of problems) console.error(problem);
  if (problems.length) {
    console.error(`${problems.length} import${problems.length === 1 ? '' : 's'} from a higher layer (see README.md, "How the code is organised")`);
    process.exit(1);
  }
}
