/**
 * `index.js`, `index.cjs` and `index.d.ts`: re-export every top-level module the earlier
 * generators produced, so a new generator's module is part of the package entry without
 * touching this file.
 */
import { GENERATED_NOTICE, type Generator } from './generator-types.js';
import { byCodeUnit } from './type-plan.js';

/** Modules reached only through their own subpath (`pkg/postgres`), so the root import needs no database code. */
const SUBPATH_ONLY = new Set(['postgres', 'postgres-types']);

export const indexGenerator: Generator = {
  name: 'package entry',
  generate(_model, { files }) {
    const top = files.map((f) => f.path).filter((p) => !p.includes('/') && !p.startsWith('index.'));
    const modules = (ext: string) => top.filter((p) => p.endsWith(ext)).map((p) => p.slice(0, -ext.length)).filter((m) => !SUBPATH_ONLY.has(m)).sort(byCodeUnit);
    const esm = modules('.js');
    const cjs = modules('.cjs');
    const types = modules('.d.ts');
    if (!esm.length && !types.length) return [];
    const header = `// ${GENERATED_NOTICE}\n`;
    return [
      { path: 'index.js', content: header + esm.map((m) => `export * from './${m}.js';\n`).join('') },
      { path: 'index.cjs', content: `${header}'use strict';\n` + cjs.map((m) => `Object.assign(exports, require('./${m}.cjs'));\n`).join('') },
      { path: 'index.d.ts', content: header + types.map((m) => `export * from './${m}.js';\n`).join('') },
    ];
  },
};
