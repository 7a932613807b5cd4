/** Small, allocation-light helpers over plain JSON values, used by every part of the differ. */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Own property test: `__proto__` and friends are ordinary keys in parsed JSON. */
export const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

export const own = (o: JsonObject, k: string): unknown => (has(o, k) ? o[k] : undefined);

export const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Structural equality of JSON values; iterative, so arbitrarily deep values cannot overflow the stack. */
export function deepEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (typeof x !== typeof y || x === null || y === null || typeof x !== 'object') return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const xk = Object.keys(x);
    if (xk.length !== Object.keys(y as JsonObject).length) return false;
    for (const k of xk) {
      if (!has(y as object, k)) return false;
      stack.push([(x as JsonObject)[k], (y as JsonObject)[k]]);
    }
  }
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
