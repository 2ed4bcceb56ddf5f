// Forecast history for the Forecast page: the trend chart's series by week,
// the movement categories and the accuracy verdicts. Pure, so unit tests cover it.
import type { ForecastHistory, Movement, MovementCategory, MovementRow, MovementTotal, SnapshotInfo } from './api-types';
import { minorToMajor } from './format';
import { STEP_COLORS } from './forecastChart';

export const TREND_COLORS = {
  forecast: STEP_COLORS.forecast,
  commit: STEP_COLORS.commit,
  best_case: STEP_COLORS.best_case,
  closed_won: STEP_COLORS.closed_won,
  goal: '#d93a3a',
  called: '#ea7a1a',
} as const;

export interface TrendSeries {
  /** One label per fiscal week of the quarter ("Oct 1", "Oct 5", …). */
  labels: string[];
  /** Major units, null where the week has no snapshot (yet). */
  forecast: (number | null)[];
  commit: (number | null)[];
  best_case: (number | null)[];
  closed_won: (number | null)[];
  goal: (number | null)[];
  called: (number | null)[];
  notes: (string | null)[];
  /** Index of this week on the axis, or -1. */
  current: number;
}

const weekFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "2026-11-23" → "Nov 23". */
export function weekLabel(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? weekFmt.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))) : iso;
}

/** Lays the trend on every week of the quarter, so gaps show as gaps. */
export function trendSeries(h: ForecastHistory): TrendSeries {
  const byWeek = new Map(h.trend.map((p) => [p.week_start, p]));
  const m = (v: number | null | undefined) => (v === null || v === undefined ? null : minorToMajor(v, h.currency));
  const pick = <T>(f: (p: ForecastHistory['trend'][number]) => T) => h.weeks.map((w) => (byWeek.has(w) ? f(byWeek.get(w)!) : null));
  return {
    labels: h.weeks.map(weekLabel),
    forecast: pick((p) => m(p.forecast)),
    commit: pick((p) => m(p.commit)),
    best_case: pick((p) => m(p.best_case)),
    closed_won: pick((p) => m(p.closed_won)),
    // The goal is the quarter's: every week shows it, the week's snapshot's
    // goal where it kept one, else the goal as it stands now.
    goal: h.weeks.map((w) => m(byWeek.get(w)?.goal ?? h.goal)),
    called: pick((p) => m(p.called)),
    notes: pick((p) => p.call_note),
    current: h.current_week ? h.weeks.indexOf(h.current_week) : -1,
  };
}

export const CATEGORY_ORDER: MovementCategory[] = [
  'new',
  'pulled_in',
  'pushed_out',
  'won',
  'lost',
  'into_forecast',
  'out_of_forecast',
  'amount_up',
  'amount_down',
  'risk_changed',
  'removed',
  'create_and_close',
];

export const CATEGORY_INFO: Record<MovementCategory, { label: string; hint: string; tone: 'good' | 'bad' | 'plain' }> = {
  new: { label: 'New', hint: 'Created since, closing this quarter', tone: 'good' },
  pulled_in: { label: 'Pulled in', hint: 'Close date moved into the quarter or earlier', tone: 'good' },
  pushed_out: { label: 'Pushed out', hint: 'Close date moved out of the quarter or later', tone: 'bad' },
  won: { label: 'Won', hint: 'Closed won', tone: 'good' },
  lost: { label: 'Lost', hint: 'Closed lost', tone: 'bad' },
  amount_up: { label: 'Amount up', hint: 'Same deal, bigger amount', tone: 'good' },
  amount_down: { label: 'Amount down', hint: 'Same deal, smaller amount', tone: 'bad' },
  into_forecast: { label: 'Into the forecast', hint: 'Risk now green or yellow: it counts in the forecast', tone: 'good' },
  out_of_forecast: { label: 'Out of the forecast', hint: 'Risk now orange, red or not assessed: it no longer counts', tone: 'bad' },
  risk_changed: { label: 'Risk changed', hint: 'In or out of the forecast as before (green ↔ yellow, orange ↔ red)', tone: 'plain' },
  removed: { label: 'Removed', hint: 'No longer in the workspace (an import was undone)', tone: 'bad' },
  create_and_close: { label: 'Create & close', hint: 'The estimate for deals not created yet changed (fewer days left, or your number)', tone: 'plain' },
};

/** Categories whose total is a change (signed), not an amount of deals. */
export function isSignedTotal(c: MovementCategory): boolean {
  return c === 'amount_up' || c === 'amount_down' || c === 'create_and_close';
}

export interface MovementGroup {
  total: MovementTotal;
  rows: MovementRow[];
}

/** The movement's rows under their category's total, in category order. */
export function groupMovement(m: Movement): MovementGroup[] {
  return CATEGORY_ORDER.flatMap((c) => {
    const total = m.totals.find((t) => t.category === c);
    return total ? [{ total, rows: m.rows.filter((r) => r.category === c) }] : [];
  });
}

/** The two snapshots to compare by default: the latest and the one before it. */
export function defaultPair(snapshots: SnapshotInfo[]): [number, number] | null {
  if (snapshots.length < 2) return null;
  return [snapshots[snapshots.length - 2].id, snapshots[snapshots.length - 1].id];
}

/** Whether an error share is within best in class (|error| ≤ 1% of actual). */
export function withinBestInClass(pct: number | null, bestInClass: number): boolean {
  return pct !== null && Math.abs(pct) <= bestInClass + 1e-12;
}

/** "+1.2%" / "−0.4%" / "–". */
export function formatErrorPct(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '–';
  const v = (pct * 100).toFixed(1);
  return pct > 0 ? `+${v}%` : pct < 0 ? `−${v.slice(1)}%` : '0.0%';
}
