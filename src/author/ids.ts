/**
 * Fresh IDs for scaffolded examples: UUID v7 (a millisecond timestamp, then random bits) with the
 * prefix of the ID kind, the shape `ids-v1.json` requires of every ID.
 */
import { randomBytes } from 'node:crypto';

export type Random = (bytes: number) => Uint8Array;

export function uuidV7(now: number, random: Random = randomBytes): string {
  const bytes = new Uint8Array(16);
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(random(10), 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An RFC 3339 UTC timestamp to the second, as the bundled examples write them. */
export function timestamp(now: number): string {
  return new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
