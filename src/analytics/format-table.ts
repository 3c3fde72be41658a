import type { DurationSummary, RateCell } from './statistics.js';

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[\d\s.,%–()*…/+-]*$|^—$/.test(r[i] ?? '')),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}

/** `46.9 %` and `40.9–53.0 %`, or `too few` for a group under the minimum size. */
export function rateText(cell: RateCell): [string, string] {
  if (cell.small) return ['too few', '—'];
  return [
    percent(cell.rate),
    `${((cell.low ?? 0) * 100).toFixed(1)}–${((cell.high ?? 0) * 100).toFixed(1)} %`,
  ];
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

export function durations(s: DurationSummary): string[] {
  return [duration(s.median), duration(s.p75), duration(s.p90)];
}
