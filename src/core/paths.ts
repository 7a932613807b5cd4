/** Paths as users see them. The one place a contracts-relative path becomes a display path. */

/** `lesson-lifecycle/README.md` under the contracts folder shown as `contracts` → `contracts/lesson-lifecycle/README.md`; the empty path is the folder itself. */
export function displayPath(displayRoot: string, file: string): string {
  if (!file) return displayRoot || '.';
  if (!displayRoot || displayRoot === '.') return file;
  return `${displayRoot.replace(/\/+$/, '')}/${file}`;
}
