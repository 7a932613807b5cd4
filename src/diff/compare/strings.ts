/** Strings: length bounds, `pattern` (class edits decided by src/diff/pattern-compare.ts) and `format`. */
import { has, show } from '../json-values.js';
import { comparePatterns } from '../pattern-compare.js';
import { compareCount } from './bounds.js';
import type { SchemaDiffer, Site } from './differ.js';

const FORMAT_SUPERSETS: Record<string, readonly string[]> = {
  'idn-email': ['email'],
  'idn-hostname': ['hostname'],
  iri: ['uri'],
  'iri-reference': ['iri', 'uri-reference', 'uri'],
  'uri-reference': ['uri'],
};

/** The formats a format contains; own entries only (`__proto__` is a format name like any other). */
export function supersetsOf(format: string): readonly string[] | undefined {
  return has(FORMAT_SUPERSETS, format) ? FORMAT_SUPERSETS[format] : undefined;
}

export function compareStrings(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path } = s;
  compareCount(d, s, 'minLength', 'lower');
  compareCount(d, s, 'maxLength', 'upper');
  const p = typeof O.pattern === 'string' ? O.pattern : undefined;
  const q = typeof N.pattern === 'string' ? N.pattern : undefined;
  if (p !== q) {
    if (p === undefined) d.emit('PATTERN_ADDED', d.at(n, 'new', 'pattern'), path, `pattern ${show(q, 400)} added`);
    else if (q === undefined) d.emit('PATTERN_REMOVED', d.at(o, 'old', 'pattern'), path, `pattern ${show(p, 400)} removed`);
    else {
      const relation = comparePatterns(p, q);
      const text = `pattern changed from ${show(p, 400)} to ${show(q, 400)}`;
      if (relation === 'widened') d.emit('PATTERN_WIDENED', d.at(n, 'new', 'pattern'), path, `${text}: its character classes only gained characters, so strings rejected before are now accepted (readers of the old schema reject them)`);
      else if (relation === 'narrowed') d.emit('PATTERN_NARROWED', d.at(n, 'new', 'pattern'), path, `${text}: its character classes only lost characters, so strings valid before are now rejected`);
      else if (relation === 'changed') d.emit('PATTERN_CHANGED', d.at(n, 'new', 'pattern'), path, `${text}; neither is known to accept everything the other does`);
    }
  }
  const f = typeof O.format === 'string' ? O.format : undefined;
  const g = typeof N.format === 'string' ? N.format : undefined;
  if (f !== g) {
    if (f === undefined) d.emit('FORMAT_ADDED', d.at(n, 'new', 'format'), path, `format ${show(g)} added`);
    else if (g === undefined) d.emit('FORMAT_REMOVED', d.at(o, 'old', 'format'), path, `format ${show(f)} removed`);
    else if (supersetsOf(g)?.includes(f)) d.emit('FORMAT_WIDENED', d.at(n, 'new', 'format'), path, `format widened from ${show(f)} to ${show(g)}`);
    else if (supersetsOf(f)?.includes(g)) d.emit('FORMAT_NARROWED', d.at(n, 'new', 'format'), path, `format narrowed from ${show(f)} to ${show(g)}`);
    else d.emit('FORMAT_CHANGED', d.at(n, 'new', 'format'), path, `format changed from ${show(f)} to ${show(g)}`);
  }
}
