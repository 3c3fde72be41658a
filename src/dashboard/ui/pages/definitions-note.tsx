/** The definitions and time range a page's numbers come from, shown beside them, and when the
 * answer was computed (answers are reused up to CAIRN_ANALYSIS_MAX_AGE_SECONDS). */
export function DefinitionsNote(props: {
  range?: { from: string; to: string };
  asOf?: string;
  computedAt?: string;
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
        {props.computedAt && (
          <span class="computed-at"> · computed at {props.computedAt.slice(11, 16)} UTC</span>
        )}
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
