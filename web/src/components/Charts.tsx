/**
 * The few charts Insights needs, drawn as SVG by hand (no chart library): horizontal bars for shares,
 * a line over periods, and two bars side by side. Colours come from the stylesheet's classes; every
 * chart has a text alternative and shows its sample sizes.
 */

export interface Bar {
  label: string;
  /** 0–1 */
  share: number;
  note?: string;
}

export function ShareBars({ bars, title }: { bars: Bar[]; title: string }) {
  const rowHeight = 28;
  const labelWidth = 190;
  const width = 520;
  const barWidth = width - labelWidth - 60;
  const height = bars.length * rowHeight + 8;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {bars.map((bar, index) => {
        const y = index * rowHeight + 4;
        const share = Math.max(0, Math.min(1, bar.share));
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 17} className="chart-label" textAnchor="end">
              {bar.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={barWidth}
              height={rowHeight - 10}
              className="chart-track"
              rx={3}
            />
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(share * barWidth, share > 0 ? 2 : 0)}
              height={rowHeight - 10}
              className="chart-bar"
              rx={3}
            />
            <text x={labelWidth + barWidth + 6} y={y + 17} className="chart-value">
              {Math.round(share * 100)}%{bar.note ? ` ${bar.note}` : ""}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Point {
  label: string;
  /** Null for a period with nothing to measure: a gap in the line, not a zero. */
  value: number | null;
  /** The sample behind the point, shown on hover. */
  n?: number;
}

export function LineChart(props: {
  points: Point[];
  title: string;
  min?: number;
  max?: number;
  format?: (value: number) => string;
}) {
  const { points, title } = props;
  const format = props.format ?? ((value: number) => String(Math.round(value * 100) / 100));
  const width = 520;
  const height = 200;
  const pad = { left: 44, right: 12, top: 12, bottom: 34 };
  if (points.length === 0) return <p className="muted">—</p>;
  const values = points.flatMap((point) => (point.value === null ? [] : [point.value]));
  const min = props.min ?? Math.min(0, ...values);
  const max = props.max ?? Math.max(1, ...values);
  const span = max - min || 1;
  const innerWidth = width - pad.left - pad.right;
  const innerHeight = height - pad.top - pad.bottom;
  const x = (index: number) =>
    pad.left + (points.length === 1 ? innerWidth / 2 : (index / (points.length - 1)) * innerWidth);
  const y = (value: number) => pad.top + innerHeight - ((value - min) / span) * innerHeight;
  // A new segment after each gap.
  const path = points
    .map((point, index) =>
      point.value === null
        ? ""
        : `${index === 0 || points[index - 1]?.value === null ? "M" : "L"}${x(index)},${y(point.value)}`,
    )
    .join(" ");
  const ticks = [min, min + span / 2, max];
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
          <text x={pad.left - 6} y={y(tick) + 4} className="chart-axis" textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      {min < 0 && max > 0 && (
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} className="chart-zero" />
      )}
      <path d={path} className="chart-line" />
      {points.map((point, index) => (
        <g key={point.label}>
          {point.value !== null && (
            <circle cx={x(index)} cy={y(point.value)} r={3.5} className="chart-dot">
              <title>{`${point.label}: ${format(point.value)}${point.n !== undefined ? ` (n = ${point.n})` : ""}`}</title>
            </circle>
          )}
          {index % labelEvery === 0 && (
            <text x={x(index)} y={height - 12} className="chart-axis" textAnchor="middle">
              {point.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}

export function CompareBars(props: {
  items: { label: string; share: number | null; n: number }[];
  title: string;
}) {
  const width = 520;
  const height = 180;
  const base = height - 40;
  const barWidth = 90;
  const gap = (width - props.items.length * barWidth) / (props.items.length + 1);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <line x1={0} x2={width} y1={base} y2={base} className="chart-grid" />
      {props.items.map((item, index) => {
        const share = item.share === null ? 0 : Math.max(0, Math.min(1, item.share));
        const x = gap + index * (barWidth + gap);
        const barHeight = share * (base - 24);
        return (
          <g key={item.label}>
            <rect
              x={x}
              y={base - barHeight}
              width={barWidth}
              height={barHeight}
              className={`chart-bar c${index}`}
              rx={3}
            />
            <text x={x + barWidth / 2} y={base - barHeight - 6} className="chart-value" textAnchor="middle">
              {item.share === null ? "—" : `${Math.round(share * 100)}%`}
            </text>
            <text x={x + barWidth / 2} y={base + 16} className="chart-label" textAnchor="middle">
              {item.label}
            </text>
            <text x={x + barWidth / 2} y={base + 32} className="chart-axis" textAnchor="middle">
              n = {item.n}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
