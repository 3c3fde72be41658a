/** When a kept answer was computed, and "updating" while a stale one is computed anew (its new
 * figures replace it when they come: use-api.tsx). */
export function ComputedAt(props: { at?: string; stale?: boolean; label?: string }) {
  if (!props.at) return null;
  return (
    <span class="computed-at">
      {' '}
      {props.label ?? '· computed at'} {props.at.slice(11, 16)} UTC
      {props.stale ? ' — updating…' : ''}
    </span>
  );
}

/** The definitions and time range a page's numbers come from, shown beside them, and when the
 * answer was computed (answers are reused up to CAIRN_ANALYSIS_MAX_AGE_SECONDS). */
export function DefinitionsNote(props: {
  range?: { from: string; to: string };
  asOf?: string;
  computedAt?: string;
  stale?: boolean;
  definitions?: Record<string, string>;
}) {
  return (
    <details class="definitions">
      <summary>
        {props.range
          ? `${props.range.from.slice(0, 10)} → ${props.range.to.slice(0, 10)} (UTC)`
          : 'Definitions'}
        {props.asOf ? `, as of ${props.asOf.replace('T', ' ').slice(0, 16)}` : ''} — how these are
        counted
        <ComputedAt at={props.computedAt} stale={props.stale} />
      </summary>
      <dl>
        {Object.entries(props.definitions ?? {}).map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}
