/**
 * Inline SVG charts, drawn on the server (no chart library, no script): bars for counts,
 * stacked columns for parts of a whole, lines for a trend over years. Colours are SVG
 * presentation attributes, not styles, so the CSP needs no 'unsafe-inline'. Labels are
 * interpolated through the escaping template.
 */
import { formatNumber, html, type Html } from './html';

export interface Bar {
  label: string;
  value: number;
  color: string;
  href?: string;
}

/** The largest round number (1, 2, 5 × 10^n) at or above `n`, for an axis. */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/** Horizontal bars, one per item, with their values. */
export function barChart(title: string, bars: Bar[], width = 420): Html {
  const rowHeight = 24;
  const labelWidth = 96;
  const height = bars.length * rowHeight + 28;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const span = width - labelWidth - 56;
  const rows = bars.map((b, i) => {
    const y = 24 + i * rowHeight;
    const w = Math.round((b.value / max) * span);
    const bar = html`<rect x="${labelWidth}" y="${y}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="${rowHeight - 8}" fill="${b.color}"><title>${b.label}：${b.value}</title></rect>`;
    return html`<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${b.label}</text>${b.href ? html`<a href="${b.href}">${bar}</a>` : bar}<text x="${labelWidth + w + 6}" y="${y + 12}">${formatNumber(b.value)}</text>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><text x="0" y="14">${title}</text>${rows}</svg>`;
}

export interface Series {
  label: string;
  color: string;
}

/** Vertical stacked columns: one column per category (a year), one segment per series. */
export function stackedColumns(title: string, categories: { label: string; values: number[] }[], series: Series[], width = 520): Html {
  const height = 240;
  const top = 24;
  const bottom = height - 44;
  const left = 48;
  const legendWidth = 110;
  const plotWidth = width - left - legendWidth - 8;
  const max = niceMax(Math.max(0, ...categories.map((c) => c.values.reduce((a, b) => a + b, 0))));
  const slot = categories.length ? plotWidth / categories.length : plotWidth;
  const columnWidth = Math.min(48, slot * 0.6);
  const scale = (v: number) => ((bottom - top) * v) / max;
  const ticks = [0, 0.5, 1].map((t) => {
    const y = bottom - (bottom - top) * t;
    return html`<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}"/><text x="${left - 4}" y="${y + 4}" text-anchor="end">${formatNumber(max * t)}</text>`;
  });
  const columns = categories.map((c, i) => {
    const x = left + slot * i + (slot - columnWidth) / 2;
    let y = bottom;
    const segments = c.values.map((v, s) => {
      const h = scale(v);
      y -= h;
      return v > 0 ? html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${columnWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${series[s].color}"><title>${c.label} ${series[s].label}：${v}</title></rect>` : '';
    });
    const total = c.values.reduce((a, b) => a + b, 0);
    return html`${segments}<text x="${(x + columnWidth / 2).toFixed(1)}" y="${bottom + 14}" text-anchor="middle">${c.label}</text><text x="${(x + columnWidth / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${formatNumber(total)}</text>`;
  });
  const legend = series.map((s, i) => html`<rect x="${width - legendWidth}" y="${top + i * 18}" width="10" height="10" fill="${s.color}"/><text x="${width - legendWidth + 14}" y="${top + i * 18 + 9}">${s.label}</text>`);
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><text x="0" y="14">${title}</text>${ticks}<line class="axis" x1="${left}" x2="${left + plotWidth}" y1="${bottom}" y2="${bottom}"/>${columns}${legend}</svg>`;
}

/** Lines over categories (years); a null value breaks its line. */
export function lineChart(title: string, categories: string[], lines: (Series & { values: (number | null)[] })[], width = 420): Html {
  const height = 200;
  const top = 24;
  const bottom = height - 40;
  const left = 44;
  const right = width - 12;
  const max = niceMax(Math.max(0, ...lines.flatMap((l) => l.values.filter((v): v is number => v !== null))));
  const x = (i: number) => (categories.length <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (categories.length - 1));
  const y = (v: number) => bottom - ((bottom - top) * v) / max;
  const paths = lines.map((l) => {
    const points = l.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
    const runs: string[][] = [[]];
    for (const p of points) (p === null ? runs.push([]) : runs[runs.length - 1].push(p));
    const dots = l.values.map((v, i) => (v === null ? '' : html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${l.color}"><title>${categories[i]} ${l.label}：${v}</title></circle>`));
    return html`${runs.filter((r) => r.length > 1).map((r) => html`<polyline class="line" stroke="${l.color}" points="${r.join(' ')}"/>`)}${dots}`;
  });
  const axis = categories.map((c, i) => html`<text x="${x(i).toFixed(1)}" y="${bottom + 14}" text-anchor="middle">${c}</text>`);
  const legend = lines.map((l, i) => html`<rect x="${left + i * 130}" y="${height - 14}" width="10" height="10" fill="${l.color}"/><text x="${left + i * 130 + 14}" y="${height - 5}">${l.label}</text>`);
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><text x="0" y="14">${title}</text><line class="grid" x1="${left}" x2="${right}" y1="${top}" y2="${top}"/><text x="${left - 4}" y="${top + 4}" text-anchor="end">${formatNumber(max)}</text><line class="axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/><text x="${left - 4}" y="${bottom + 4}" text-anchor="end">0</text>${paths}${axis}${legend}</svg>`;
}
