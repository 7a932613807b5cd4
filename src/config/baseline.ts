/**
 * Baselines, for adopting the checker on a contract set that already has findings: record today's
 * findings once (`check --write-baseline FILE`), then report only new ones (`check --baseline FILE`).
 *
 * A finding is identified by rule, file and JSON pointer (or its message when it has no pointer),
 * never by line, so editing elsewhere in a file does not resurrect baselined findings. Counts
 * matter: with 2 of a key in the baseline and 3 now, one is new.
 */
import { applyBaseline, baselinable, baselineKey, type Baseline } from '../diagnostics/baseline.js';
import { cmp, compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJson } from '../json/document.js';
import { diagnosticId } from '../diagnostics/catalogue.js';

const BASELINE_INVALID = diagnosticId('baseline/invalid');

export interface BaselineEntry {
  rule: string;
  file: string;
  pointer?: string;
  message?: string;
  count: number;
}

export { applyBaseline, baselinable, baselineKey, type Baseline };

/** The baseline file for these findings: JSON, sorted, one entry per key with its count. */
export function renderBaseline(diagnostics: readonly Diagnostic[]): string {
  const entries = new Map<string, BaselineEntry>();
  for (const d of diagnostics) {
    if (!baselinable(d)) continue;
    const key = baselineKey(d);
    const entry = entries.get(key);
    if (entry) entry.count++;
    else entries.set(key, d.pointer !== undefined ? { rule: d.rule, file: d.file, pointer: d.pointer, count: 1 } : { rule: d.rule, file: d.file, message: d.message, count: 1 });
  }
  const findings = [...entries.values()].sort(
    (a, b) => cmp(a.rule, b.rule) || cmp(a.file, b.file) || cmp(a.pointer === undefined ? 'm' : 'p', b.pointer === undefined ? 'm' : 'p') || cmp(a.pointer ?? a.message ?? '', b.pointer ?? b.message ?? ''),
  );
  return JSON.stringify({ version: 1, findings }, null, 2) + '\n';
}

export type BaselineResult = { baseline: Baseline; diagnostics?: undefined } | { baseline?: undefined; diagnostics: Diagnostic[] };

/** Reads a baseline file; anything that is not exactly the format --write-baseline writes is a positioned diagnostic. */
export function parseBaseline(text: string, file: string): BaselineResult {
  const doc = parseJson(text);
  const problems: Diagnostic[] = [];
  const add = (pointer: string, message: string, at: 'key' | 'value' = 'value') => {
    const r = doc.locate(pointer, at);
    problems.push({ rule: BASELINE_INVALID, severity: 'error', message, file, pointer, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn });
  };
  for (const p of doc.problems) problems.push({ rule: BASELINE_INVALID, severity: 'error', message: p.message, file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn });
  if (!doc.ok) return { diagnostics: problems };
  const value = doc.value as Record<string, unknown>;
  const hint = 'regenerate it with `check --write-baseline FILE`';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add('', `a baseline must be an object { "version": 1, "findings": [...] }; ${hint}`);
    return { diagnostics: problems };
  }
  for (const key of Object.keys(value)) if (key !== 'version' && key !== 'findings') add(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, `unknown key "${key}" in a baseline; ${hint}`, 'key');
  if (value.version !== 1) add('/version', `unsupported baseline version ${JSON.stringify(value.version ?? null)}: this tool reads version 1; ${hint}`);
  const counts = new Map<string, number>();
  if (!Array.isArray(value.findings)) {
    add('/findings', `"findings" must be an array; ${hint}`);
  } else {
    value.findings.forEach((entry: unknown, i: number) => {
      const at = `/findings/${i}`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return add(at, 'a baseline finding must be an object { "rule", "file", "pointer" or "message", "count" }');
      const e = entry as Record<string, unknown>;
      const before = problems.length;
      for (const key of Object.keys(e)) if (!['rule', 'file', 'pointer', 'message', 'count'].includes(key)) add(`${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, `unknown key "${key}" in a baseline finding`, 'key');
      if (typeof e.rule !== 'string' || !e.rule) add(`${at}/rule`, '"rule" must be a rule id');
      if (typeof e.file !== 'string') add(`${at}/file`, '"file" must be a path');
      if ((e.pointer === undefined) === (e.message === undefined)) add(at, 'a baseline finding needs exactly one of "pointer" and "message"');
      else if (typeof (e.pointer ?? e.message) !== 'string') add(`${at}/${e.pointer !== undefined ? 'pointer' : 'message'}`, 'must be a string');
      if (typeof e.count !== 'number' || !Number.isInteger(e.count) || e.count < 1) add(`${at}/count`, '"count" must be a positive integer');
      if (problems.length > before) return;
      const key = baselineKey({ rule: e.rule as string, file: e.file as string, pointer: e.pointer as string | undefined, message: e.message as string });
      if (counts.has(key)) return add(at, 'duplicate baseline finding: the same rule, file and pointer (or message) appear earlier; merge the counts');
      counts.set(key, e.count as number);
    });
  }
  return problems.length ? { diagnostics: problems.sort(compareDiagnostics) } : { baseline: counts };
}
