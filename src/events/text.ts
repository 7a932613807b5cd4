/** Wording helpers of the event checks' messages. */

/** A value as it appears in a message: JSON, at most 80 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}

/** `null`, `an array`, `an object`, or the `typeof`. */
export const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v);

/** The word with its indefinite article. */
export const withArticle = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** `a person ID (per_ followed by a lower-case UUID v7)`. */
export const idShape = (kind: string, prefix: string): string => `${withArticle(kind)} ID (${prefix} followed by a lower-case UUID v7)`;
