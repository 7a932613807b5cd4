/** Small wording helpers shared by every report. */

/** `1 error`, `2 errors`; `many` for irregular plurals. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
