import { formatCompact, formatDay } from './format.js';
import { useI18n } from './i18n/index.js';

export interface Series {
  label: string;
  color: string;
  /** [unix seconds, value] in time order. */
  points: readonly (readonly [number, number])[];
}

const W = 640;
const H = 220;
const PAD = { left: 64, right: 14, top: 14, bottom: 30 };

/**
 * A step line chart in plain SVG (values hold until the next point, as pool figures do between
 * blocks). Scales to its container's width.
 */
export function LineChart({ series, title, testId }: { series: readonly Series[]; title: string; testId?: string }) {
  const { locale, t } = useI18n();
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) {
    return (
      <figure className="chart" data-testid={testId}>
        <figcaption>{title}</figcaption>
        <p className="muted">{t('chart.empty')}</p>
      </figure>
    );
  }
  const x0 = Math.min(...all.map((p) => p[0]));
  const x1 = Math.max(x0 + 1, ...all.map((p) => p[0]));
  const y1 = Math.max(1, ...all.map((p) => p[1])) * 1.08;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - (y / y1) * (H - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * y1);
  const path = (points: Series['points']) =>
    points.map(([x, y], i) => (i === 0 ? `M${sx(x).toFixed(1)},${sy(y).toFixed(1)}` : `H${sx(x).toFixed(1)}V${sy(y).toFixed(1)}`)).join('') +
    `H${sx(x1).toFixed(1)}`;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((y) => (
          <g key={y}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(y)} y2={sy(y)} className="grid" />
            <text x={PAD.left - 6} y={sy(y) + 4} textAnchor="end" className="axis">{formatCompact(locale, y)}</text>
          </g>
        ))}
        <text x={PAD.left} y={H - 8} className="axis">{formatDay(locale, x0)}</text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" className="axis">{formatDay(locale, x1)}</text>
        {series.map((s) => s.points.length > 0 && <path key={s.label} d={path(s.points)} fill="none" stroke={s.color} strokeWidth={2} />)}
      </svg>
      <div className="legend">
        {series.map((s) => (
          <span key={s.label}><i style={{ background: s.color }} />{s.label}</span>
        ))}
      </div>
    </figure>
  );
}

/** A horizontal bar for a ratio in [0, 1]. */
export function Meter({ ratio, label }: { ratio: number; label: string }) {
  const clamped = Math.max(0, Math.min(1, ratio));
  return (
    <svg className="meter" viewBox="0 0 100 6" preserveAspectRatio="none" role="meter" aria-label={label} aria-valuenow={Math.round(clamped * 100)} aria-valuemin={0} aria-valuemax={100}>
      <rect width="100" height="6" rx="3" className="meter-bg" />
      <rect width={clamped * 100} height="6" rx="3" className={clamped > 0.8 ? 'meter-hot' : 'meter-fg'} />
    </svg>
  );
}
