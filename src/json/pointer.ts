/** RFC 6901 JSON pointers. */
export function escapeSegment(segment: string | number): string {
  const text = String(segment);
  // Hot (every subschema the differ visits gets a pointer): most segments need no escaping, so skip the two copies.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base;
  for (const segment of segments) pointer += '/' + escapeSegment(segment);
  return pointer;
}

export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Follows a pointer through a plain JSON value; own properties only, so `__proto__` is just a key. */
export function getAtPointer(value: unknown, pointer: string): { found: boolean; value?: unknown } {
  const segments = parsePointer(pointer);
  if (!segments) return { found: false };
  let current: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment) || Number(segment) >= current.length) return { found: false };
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
