/** Prefixed UUID v7 IDs: recognising them (one cached RegExp per prefix) and minting event IDs. */

const UUID7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `prefix → /^<prefix><uuid v7>$/`, each built once per returned function. */
export function idPatterns(): (prefix: string) => RegExp {
  const patterns = new Map<string, RegExp>();
  return (prefix) => {
    let re = patterns.get(prefix);
    if (!re) patterns.set(prefix, (re = new RegExp('^' + escapeRegExp(prefix) + UUID7 + '$')));
    return re;
  };
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

/**
 * A UUID v7 generator (RFC 9562 §5.7) with the optional monotonic counter of §6.2 method 1:
 * rand_a counts up within one millisecond, so IDs minted in a burst still sort in creation order.
 */
export function uuidv7Generator(): () => string {
  const clock = { lastMs: -1, counter: 0 };
  const bytes = new Uint8Array(16);
  return () => {
    crypto.getRandomValues(bytes);
    const ms = tick(clock, bytes);
    let t = ms;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = t % 256;
      t = Math.floor(t / 256);
    }
    bytes[6] = 0x70 | (clock.counter >> 8);
    bytes[7] = clock.counter & 0xff;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    let s = '';
    bytes.forEach((byte, i) => {
      s += HEX[byte]!;
      if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
    });
    return s;
  };
}

/** The millisecond of the next ID, advancing the counter (seeded from the random bytes in a new millisecond). */
function tick(clock: { lastMs: number; counter: number }, bytes: Uint8Array): number {
  const now = Date.now();
  if (now > clock.lastMs) {
    clock.lastMs = now;
    clock.counter = (((bytes[6]! & 0x0f) << 8) | bytes[7]!) & 0x7ff; // start in the lower half, leaving room to count up
    return now;
  }
  clock.counter++;
  if (clock.counter > 0xfff) {
    clock.lastMs++;
    clock.counter = 0;
  }
  return clock.lastMs;
}
