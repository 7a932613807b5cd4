/**
 * The catalog's diagrams, generated at build time as plain SVG (no script, no external font or
 * library, identical bytes for identical input): a map (things on the left → one box in the
 * middle → things on the right) and a sequence (participants as columns with lifelines, one arrow
 * per step from the previous step's participant to this one's).
 */
import { escapeHtml } from './html.js';

const CHAR = 7.2; // average advance of the 12px sans-serif used in the diagrams
const BOX_H = 30;
const GAP = 14;

export interface Box {
  label: string;
  /** A relative link; the box is clickable when set. */
  href?: string;
  /** A second, smaller line (e.g. the producer of an event). */
  note?: string;
  muted?: boolean;
}

const width = (b: Box) => Math.max(90, Math.ceil(Math.max(b.label.length, (b.note ?? '').length * 0.85) * CHAR) + 24);

function drawBox(b: Box, x: number, y: number, w: number, cls: string): string {
  const h = b.note ? BOX_H + 12 : BOX_H;
  const text = b.note
    ? `<text x="${x + w / 2}" y="${y + 17}" class="label">${escapeHtml(b.label)}</text><text x="${x + w / 2}" y="${y + 32}" class="note">${escapeHtml(b.note)}</text>`
    : `<text x="${x + w / 2}" y="${y + 19}" class="label">${escapeHtml(b.label)}</text>`;
  const shape = `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" class="${cls}${b.muted ? ' muted' : ''}"/>${text}`;
  return b.href ? `<a href="${escapeHtml(b.href)}">${shape}</a>` : shape;
}

const STYLE = '<style>.box{fill:#eef4ff;stroke:#3b6fd8}.center{fill:#fff4dd;stroke:#c98a00}.muted{fill:#f2f2f2;stroke:#999;stroke-dasharray:4 3}.label{font:12px sans-serif;text-anchor:middle;fill:#111}.note{font:10px sans-serif;text-anchor:middle;fill:#555}.edge{stroke:#555;stroke-width:1.3;fill:none;marker-end:url(#arrow)}.life{stroke:#bbb;stroke-dasharray:3 3}.step{font:11px sans-serif;text-anchor:middle;fill:#111}.num{font:10px sans-serif;fill:#777}</style>';
const DEFS = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>';

/** left boxes → center box → right boxes. Empty sides are labelled with `emptyLeft`/`emptyRight`. */
export function mapDiagram(title: string, left: readonly Box[], center: Box, right: readonly Box[], emptyLeft: string, emptyRight: string): string {
  const l = left.length ? left : [{ label: emptyLeft, muted: true }];
  const r = right.length ? right : [{ label: emptyRight, muted: true }];
  const lw = Math.max(...l.map(width));
  const rw = Math.max(...r.map(width));
  const cw = width(center);
  const rowH = (boxes: readonly Box[]) => boxes.map((b) => (b.note ? BOX_H + 12 : BOX_H) + GAP);
  const lh = rowH(l).reduce((a, b) => a + b, 0) - GAP;
  const rh = rowH(r).reduce((a, b) => a + b, 0) - GAP;
  const ch = center.note ? BOX_H + 12 : BOX_H;
  const height = Math.max(lh, rh, ch) + 20;
  const xL = 10;
  const xC = xL + lw + 90;
  const xR = xC + cw + 90;
  const total = xR + rw + 10;
  const yC = (height - ch) / 2;
  const parts: string[] = [];
  const column = (boxes: readonly Box[], x: number, w: number, h: number, side: 'l' | 'r') => {
    let y = (height - h) / 2;
    for (const b of boxes) {
      const bh = b.note ? BOX_H + 12 : BOX_H;
      parts.push(drawBox(b, x, y, w, 'box'));
      if (!b.muted) {
        const mid = y + bh / 2;
        parts.push(side === 'l' ? `<path class="edge" d="M${x + w},${mid} C${x + w + 45},${mid} ${xC - 45},${yC + ch / 2} ${xC - 2},${yC + ch / 2}"/>` : `<path class="edge" d="M${xC + cw},${yC + ch / 2} C${xC + cw + 45},${yC + ch / 2} ${x - 45},${mid} ${x - 2},${mid}"/>`);
      }
      y += bh + GAP;
    }
  };
  column(l, xL, lw, lh, 'l');
  column(r, xR, rw, rh, 'r');
  parts.push(drawBox(center, xC, yC, cw, 'center'));
  return svg(title, total, height, parts);
}

export interface SequenceStep {
  participant: string;
  label: string;
  href?: string;
}

/** One column per participant (first appearance order); step i is an arrow from step i-1's participant to its own. */
export function sequenceDiagram(title: string, steps: readonly SequenceStep[], participantHref?: (p: string) => string | undefined): string {
  const participants: string[] = [];
  for (const s of steps) if (!participants.includes(s.participant)) participants.push(s.participant);
  const colW = Math.max(150, ...steps.map((s) => Math.ceil(s.label.length * CHAR * 0.92) + 40));
  const x = (p: string) => 10 + participants.indexOf(p) * colW + colW / 2;
  const top = 10;
  const rowH = 42;
  const height = top + BOX_H + 30 + steps.length * rowH + 10;
  const total = 20 + participants.length * colW + 60; // room for the label of a step that stays on the last column
  const parts: string[] = [];
  for (const p of participants) {
    const w = Math.min(colW - 20, width({ label: p }));
    parts.push(`<line class="life" x1="${x(p)}" y1="${top + BOX_H}" x2="${x(p)}" y2="${height - 6}"/>`);
    parts.push(drawBox({ label: p, href: participantHref?.(p) }, x(p) - w / 2, top, w, 'box'));
  }
  steps.forEach((s, i) => {
    const y = top + BOX_H + 30 + i * rowH + 14;
    const from = steps[i - 1]?.participant ?? s.participant;
    const x1 = x(from);
    const x2 = x(s.participant);
    const label = `<text x="${(x1 + x2) / 2 + (x1 === x2 ? 40 : 0)}" y="${y - 6}" class="step">${escapeHtml(`${i + 1}. ${s.label}`)}</text>`;
    const edge = x1 === x2 ? `<path class="edge" d="M${x1},${y - 2} C${x1 + 36},${y - 2} ${x1 + 36},${y + 16} ${x1 + 3},${y + 16}"/>` : `<path class="edge" d="M${x1},${y + 4} L${x2 + (x2 > x1 ? -2 : 2)},${y + 4}"/>`;
    parts.push(s.href ? `<a href="${escapeHtml(s.href)}">${label}</a>${edge}` : label + edge);
  });
  return svg(title, total, height, parts);
}

function svg(title: string, w: number, h: number, parts: string[]): string {
  const round = (n: number) => Math.round(n);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" aria-label="${escapeHtml(title)}" width="${round(w)}" height="${round(h)}" viewBox="0 0 ${round(w)} ${round(h)}"><title>${escapeHtml(title)}</title>${STYLE}${DEFS}${parts.join('')}</svg>`;
}
