import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** A chart with its table: a toggle switches between them; the table is always in the DOM for
 * screen readers when the chart shows (visually hidden), so every number has a text form. */
export function ChartOrTable(props: {
  title: string;
  chart: ComponentChildren;
  table: ComponentChildren;
  note?: ComponentChildren;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <section class="card" aria-label={props.title}>
      <header class="card-head">
        <h2>{props.title}</h2>
        <button
          type="button"
          class="toggle"
          aria-pressed={asTable}
          onClick={() => setAsTable(!asTable)}
        >
          {asTable ? 'Show chart' : 'Show table'}
        </button>
      </header>
      {props.note && <p class="note">{props.note}</p>}
      {asTable ? props.table : <div>{props.chart}</div>}
    </section>
  );
}

export interface Bar {
  label: string;
  value: number | null;
  /** The text printed at the bar's end (the value with its unit). */
  text: string;
  /** A second, hatched bar (e.g. the interval or a comparison), or none. */
  low?: number | null;
  high?: number | null;
  href?: string;
}

/** Horizontal bars with their values written at the end: readable without colour. The
 * interval, when given, is a black whisker. */
export function BarChart(props: { bars: Bar[]; max?: number; label: string }) {
  const max = props.max ?? Math.max(1e-9, ...props.bars.map((b) => b.high ?? b.value ?? 0));
  const rowH = 26;
  const labelW = 190;
  const barW = 420;
  const h = props.bars.length * rowH + 8;
  return (
    <svg
      class="chart"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${labelW + barW + 120} ${h}`}
    >
      {props.bars.map((b, i) => {
        const y = 4 + i * rowH;
        const w = b.value === null ? 0 : (b.value / max) * barW;
        return (
          <g key={i}>
            <text x={labelW - 8} y={y + 16} text-anchor="end" class="axis">
              {b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label}
              <title>{b.label}</title>
            </text>
            <rect
              x={labelW}
              y={y + 3}
              width={Math.max(w, b.value === null ? 0 : 1)}
              height={rowH - 8}
              class="bar"
            />
            {b.low !== undefined && b.low !== null && b.high !== undefined && b.high !== null && (
              <line
                x1={labelW + (b.low / max) * barW}
                x2={labelW + (b.high / max) * barW}
                y1={y + rowH / 2}
                y2={y + rowH / 2}
                class="whisker"
              />
            )}
            {b.href ? (
              <a href={b.href}>
                <text
                  x={labelW + Math.max(w, ((b.high ?? 0) / max) * barW) + 6}
                  y={y + 16}
                  class="value link"
                >
                  {b.text}
                </text>
              </a>
            ) : (
              <text
                x={labelW + Math.max(w, ((b.high ?? 0) / max) * barW) + 6}
                y={y + 16}
                class="value"
              >
                {b.text}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export interface HeatCell {
  rate: number | null;
  text: string;
  incomplete: boolean;
  /** The users the cell counts. */
  href?: string;
}

/** Cohort × period: each cell prints its percentage; an in-progress period is hatched and
 * its text carries an asterisk, so neither depends on colour. */
export function Heatmap(props: {
  rows: { label: string; size: number; cells: (HeatCell | null)[] }[];
  columns: string[];
  label: string;
}) {
  return (
    <table class="heatmap" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Cohort</th>
          <th scope="col">Size</th>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td class="num">{row.size}</td>
            {row.cells.map((cell, i) =>
              cell === null ? (
                <td key={i} class="empty" />
              ) : (
                <td
                  key={i}
                  class={cell.incomplete ? 'heat incomplete' : 'heat'}
                  style={{ '--heat': String(cell.rate ?? 0) }}
                  title={cell.incomplete ? 'period in progress: can still grow' : undefined}
                >
                  {cell.href ? <a href={cell.href}>{cell.text}</a> : cell.text}
                  {cell.incomplete ? '*' : ''}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DataTable(props: {
  columns: string[];
  rows: ComponentChildren[][];
  label: string;
}) {
  return (
    <table class="data" aria-label={props.label}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
