/** HTML helpers for the catalog: escaping, the page frame, and safe file names. */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A file name for a registry key: the key itself when it is plain, else with every other character as `_xx`. */
export function fileName(key: string): string {
  const safe = key.replace(/[^a-z0-9._-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
  return safe.startsWith('.') || safe === '' ? `_${safe}` : safe;
}

export interface PageOptions {
  title: string;
  /** `''` for the index, `'../'` for pages one folder down. */
  root: string;
  body: string;
  script?: boolean;
}

export function page({ title, root, body, script }: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${root}assets/catalog.css">
</head>
<body>
<header><a class="home" href="${root}index.html">Event catalog</a></header>
<main>
${body}
</main>
${script ? `<script src="${root}assets/catalog.js"></script>\n` : ''}</body>
</html>
`;
}
