/**
 * A property named `__proto__`: ajv never applies one (see aliasProtoProperties in
 * src/schema/compile.ts), so schemas that declare it are compiled with the name renamed to
 * PROTO_ALIAS, data is renamed the same way before validation and errors are renamed back.
 * These are the data-side steps, shared by the in-process validators and the generated ones
 * (which bundle this module).
 */
import type { ErrorObject } from 'ajv';

export const PROTO_ALIAS = '\u0000__proto__';

/** Sets an own property, also one named `__proto__` (which plain assignment would not create). */
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Whether any object in the data has an own `__proto__` key. Iterative: data can be deep. */
function hasProtoKey(root: unknown): boolean {
  for (const stack = [root]; stack.length; ) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) return true;
    for (const child of Object.values(value)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

/** The data with every own `__proto__` key renamed to PROTO_ALIAS (the data itself when there is none). Iterative: data can be deep. */
export function aliasProtoData(root: unknown): unknown {
  if (!hasProtoKey(root)) return root;
  const copyOf = (value: unknown): unknown => (value === null || typeof value !== 'object' ? value : Array.isArray(value) ? [] : {});
  const top = copyOf(root);
  const stack: [Record<string, unknown>, Record<string, unknown>][] = [[root as Record<string, unknown>, top as Record<string, unknown>]];
  while (stack.length) {
    const [from, to] = stack.pop()!;
    for (const key of Object.keys(from)) {
      const child = copyOf(from[key]);
      define(to, !Array.isArray(from) && key === '__proto__' ? PROTO_ALIAS : key, child);
      if (child !== from[key]) stack.push([from[key] as Record<string, unknown>, child as Record<string, unknown>]);
    }
  }
  return top;
}

/** The error with PROTO_ALIAS renamed back to `__proto__` in its paths and parameters. */
export function unaliasError(error: ErrorObject): ErrorObject {
  const back = (value: unknown) => (value === PROTO_ALIAS ? '__proto__' : value);
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error.params as Record<string, unknown>)) define(params, key, back(value));
  return { ...error, instancePath: error.instancePath.split(PROTO_ALIAS).join('__proto__'), schemaPath: error.schemaPath.split(PROTO_ALIAS).join('__proto__'), params };
}
