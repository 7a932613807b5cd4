/** Small, allocation-light helpers over plain JSON values, used by every part of the differ. */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Own property test: `__proto__` and friends are ordinary keys in parsed JSON. */
export const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export const own = (o: JsonObject, k: string): unknown => (has(o, k) ? o[k] : undefined);

export const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a as JsonObject);
  const bk = Object.keys(b as JsonObject);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!has(b as object, k) || !deepEqual((a as JsonObject)[k], (b as JsonObject)[k])) return false;
  return true;
}

/** JSON text with object keys sorted, so equal values give equal strings (set membership of enum values). */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A value as it appears in a message: JSON, shortened. */
export function show(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `a`, `a and b`, `a, b and 3 more`. */
export function listOf(items: readonly string[], max = 4): string {
  if (items.length <= 1) return items.join('');
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function stringSet(v: unknown): string[] {
  return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string'))] : [];
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
