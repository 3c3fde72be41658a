import { dateTime } from '../api.js';
import { DataTable } from '../charts.js';
import { Status, useApi } from '../use-api.js';

interface Peers {
  value: number;
  peers: number;
  average: number;
  difference: number | null;
  percentile: number;
  top: number;
  cohort: Record<string, unknown>;
  widened: number;
}
interface Progress {
  points: number;
  levels: {
    ladder: string;
    level: string | null;
    next: {
      name: string;
      pointsMissing: number;
      milestonesMissing: string[];
      percent: number;
    } | null;
  }[];
  tiers: {
    tiers: string;
    metric: string;
    period: string;
    tier: string | null;
    current: { value: number };
    next: { name: string; missing: number; percent: number } | null;
  }[];
  streaks: {
    streak: string;
    period: string;
    current: number;
    longest: number;
    metThisPeriod: boolean;
    freezes: number;
  }[];
  badges: { badge: string; name: string; earnedAt: string }[];
}
interface Answer {
  period: { kind: string; start: string };
  metrics: Record<
    string,
    { value: number; previous: number; change: number | null; peers: Peers | null }
  >;
  badges: Record<string, { held: boolean; holders: number; rarity: number }>;
  progress: Progress;
}

const num = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(digits);
const signed = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(0)} %`);

/** A progress bar with its percentage written beside it (readable without the bar). */
function Meter(props: { percent: number; label: string }) {
  return (
    <span class="progress-line">
      <progress max={100} value={props.percent} aria-label={props.label} /> {props.percent} %
    </span>
  );
}

/** Describes a peer cohort: the traits peers share, and how far it was widened. */
export function cohortText(peers: Peers | null): string {
  if (!peers) return 'too few peers to compare';
  const traits = Object.entries(peers.cohort)
    .map(([k, v]) => `${k} ${v === null ? '(none)' : String(v)}`)
    .join(', ');
  return `${peers.peers} peers${traits ? ` with ${traits}` : ''}${peers.widened ? ` (widened by ${peers.widened})` : ''}`;
}

/** Points, levels, tiers, streaks and badges, then each metric against the period before and
 * against peers: a user's or an account's gamification as `/api/…/progress` answers it. */
export function ProgressSection(props: { unit: 'users' | 'accounts'; id: string }) {
  const { data, error } = useApi<[Answer]>(
    `/api/${props.unit}/${encodeURIComponent(props.id)}/progress`,
  );
  if (!data)
    return (
      <section class="card" aria-label="Progress">
        <h2>Points, level, streaks and badges</h2>
        <Status error={error} />
      </section>
    );
  const a = data[0];
  const p = a.progress;
  const firstPeers = Object.values(a.metrics).find((m) => m.peers)?.peers ?? null;
  return (
    <>
      <section class="card" aria-label="Progress">
        <h2>Points, level, streaks and badges</h2>
        <dl class="facts">
          <dt>Points</dt>
          <dd class="points">{p.points}</dd>
          {p.levels.map((l) => (
            <>
              <dt>Level ({l.ladder})</dt>
              <dd>
                <strong>{l.level ?? 'none yet'}</strong>
                {l.next ? (
                  <>
                    {' '}
                    — to {l.next.name}:{' '}
                    <Meter percent={l.next.percent} label={`Progress to ${l.next.name}`} />,{' '}
                    {l.next.pointsMissing} points
                    {l.next.milestonesMissing.length
                      ? ` and ${l.next.milestonesMissing.join(', ')}`
                      : ''}{' '}
                    to go
                  </>
                ) : (
                  ' (top level)'
                )}
              </dd>
            </>
          ))}
          {p.tiers.map((t) => (
            <>
              <dt>Tier ({t.tiers})</dt>
              <dd>
                <strong>{t.tier ?? 'none yet'}</strong> — {t.metric} this {t.period}:{' '}
                {t.current.value}
                {t.next ? `; ${t.next.missing} more for ${t.next.name} (${t.next.percent} %)` : ''}
              </dd>
            </>
          ))}
          {p.streaks.map((s) => (
            <>
              <dt>Streak ({s.streak})</dt>
              <dd>
                <strong>
                  {s.current} {s.period}
                  {s.current === 1 ? '' : 's'}
                </strong>{' '}
                (longest {s.longest}); {s.metThisPeriod ? 'kept' : 'not yet kept'} this {s.period}
                {s.freezes ? `; ${s.freezes} freezes` : ''}
              </dd>
            </>
          ))}
        </dl>
        <DataTable
          label="Badges"
          columns={['Badge', 'Held', 'Earned', 'Holders (rarity)']}
          rows={Object.entries(a.badges).map(([id, b]) => {
            const earned = p.badges.find((x) => x.badge === id);
            return [
              earned?.name ?? id,
              b.held ? 'yes' : 'no',
              earned ? dateTime(earned.earnedAt) : '—',
              `${b.holders} (${num(b.rarity)} %)`,
            ];
          })}
        />
      </section>
      <section class="card" aria-label="Compared with peers">
        <h2>
          The {a.period.kind} from {a.period.start}: against the period before and against peers
        </h2>
        <p class="note">Peer cohort: {cohortText(firstPeers)}.</p>
        <DataTable
          label="Metrics against the period before and peers"
          columns={[
            'Metric',
            'Value',
            'Period before',
            'Change',
            'Peer average',
            'Percentile',
            'Cohort',
          ]}
          rows={Object.entries(a.metrics).map(([name, m]) => [
            name,
            num(m.value),
            num(m.previous),
            signed(m.change),
            num(m.peers?.average),
            m.peers ? `${num(m.peers.percentile, 0)}th` : '—',
            cohortText(m.peers),
          ])}
        />
      </section>
    </>
  );
}
