/** Minimal SVG plots (pure strings): a loss distribution and a backtest chart. */
import type { BacktestYear } from './backtest.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const fmt = (v: number) => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 1e3 ? `${(v / 1e3).toFixed(0)}k` : v.toFixed(0));

/** Histogram of annual pool losses (log-count axis) with VaR and ES marked. */
export function lossDistributionSvg(totals: ArrayLike<number>, marks: { label: string; value: number }[], title: string, bins = 60): string {
  const W = 720, H = 380, L = 60, R = 20, T = 40, B = 50;
  let max = 0;
  for (let i = 0; i < totals.length; i++) max = Math.max(max, totals[i]!);
  max = Math.max(max, ...marks.map((m) => m.value), 1);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < totals.length; i++) counts[Math.min(bins - 1, Math.floor((totals[i]! / max) * bins))]!++;
  const top = Math.log10(Math.max(...counts) + 1);
  const bw = (W - L - R) / bins;
  const x = (v: number) => L + ((W - L - R) * v) / max;
  const bars = counts
    .map((c, i) => {
      const h = ((H - T - B) * Math.log10(c + 1)) / top;
      return `<rect x="${(L + i * bw).toFixed(1)}" y="${(H - B - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a78b5"/>`;
    })
    .join('');
  const lines = marks
    .map((m, i) => `<line x1="${x(m.value).toFixed(1)}" x2="${x(m.value).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#c0392b" stroke-dasharray="4 3"/><text x="${(x(m.value) + 4).toFixed(1)}" y="${T + 14 + i * 14}" font-size="11" fill="#c0392b">${esc(m.label)} ${fmt(m.value)}</text>`)
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${x(f * max).toFixed(1)}" y="${H - B + 16}" font-size="11" text-anchor="middle">${fmt(f * max)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><rect width="${W}" height="${H}" fill="white"/><text x="${L}" y="24" font-size="14">${esc(title)}</text>${bars}${lines}${ticks}<text x="${W / 2}" y="${H - 12}" font-size="11" text-anchor="middle">annual pool loss (log-scale count of ${totals.length} simulated years)</text><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="black"/></svg>\n`;
}

/** Premiums and claims per year (bars), capital at year end (line); insolvent years in red. */
export function backtestSvg(years: readonly BacktestYear[], title: string): string {
  const W = 720, H = 400, L = 70, R = 20, T = 40, B = 60;
  const max = Math.max(1, ...years.flatMap((y) => [y.premiums, y.claims, y.capital, Math.max(0, y.endCapital)]));
  const min = Math.min(0, ...years.map((y) => y.endCapital));
  const yOf = (v: number) => T + ((H - T - B) * (max - v)) / (max - min);
  const slot = (W - L - R) / Math.max(1, years.length);
  const parts: string[] = [];
  years.forEach((y, i) => {
    const x0 = L + i * slot;
    const bw = slot / 4;
    parts.push(`<rect x="${(x0 + bw * 0.5).toFixed(1)}" y="${yOf(y.premiums).toFixed(1)}" width="${bw.toFixed(1)}" height="${(yOf(0) - yOf(y.premiums)).toFixed(1)}" fill="#27ae60"/>`);
    parts.push(`<rect x="${(x0 + bw * 1.6).toFixed(1)}" y="${yOf(y.claims).toFixed(1)}" width="${bw.toFixed(1)}" height="${(yOf(0) - yOf(y.claims)).toFixed(1)}" fill="${y.insolvent ? '#c0392b' : '#e67e22'}"/>`);
    parts.push(`<text x="${(x0 + slot / 2).toFixed(1)}" y="${H - B + 16}" font-size="11" text-anchor="middle">${y.year}${y.insolvent ? ' (insolvent)' : ''}</text>`);
    parts.push(`<text x="${(x0 + slot / 2).toFixed(1)}" y="${H - B + 30}" font-size="10" text-anchor="middle">LR ${(y.lossRatio * 100).toFixed(0)}%</text>`);
  });
  const pts = years.map((y, i) => `${(L + i * slot + slot / 2).toFixed(1)},${yOf(y.endCapital).toFixed(1)}`).join(' ');
  parts.push(`<polyline points="${pts}" fill="none" stroke="#2c3e50" stroke-width="2"/>`);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * (max - min)).map((v) => `<text x="${L - 6}" y="${yOf(v).toFixed(1)}" font-size="11" text-anchor="end">${fmt(v)}</text>`).join('');
  const legend = `<text x="${L}" y="${H - 10}" font-size="11"><tspan fill="#27ae60">■ premiums</tspan>  <tspan fill="#e67e22">■ claims</tspan>  <tspan fill="#2c3e50">— capital at year end</tspan></text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><rect width="${W}" height="${H}" fill="white"/><text x="${L}" y="24" font-size="14">${esc(title)}</text><line x1="${L}" x2="${W - R}" y1="${yOf(0).toFixed(1)}" y2="${yOf(0).toFixed(1)}" stroke="black"/>${ticks}${parts.join('')}${legend}</svg>\n`;
}
