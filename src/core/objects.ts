/**
 * Parsed JSON is data, not code: `__proto__`, `constructor` and `toString` are ordinary keys, so
 * properties are read only when they are the object's own. The one place these helpers live.
 */

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value of `key` when it is an own property of `object`, else undefined (never an inherited one). */
export function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}
