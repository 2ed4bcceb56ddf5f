// The ramp board's presentation: how a metric's value reads, the colour of a
// verdict and the labels of statuses. Pure, so unit tests cover it.
import type { BandVerdict, MetricInfo, MetricState, RampFlagKind, RampStatus, Unit } from './api-types';
import { majorToMinor, formatMoney } from './format';

/** A metric's value as a manager reads it: "$21,741", "29%", "5.3", "52 days"; "no data" when absent. */
export function showValue(value: number | null | undefined, unit: Unit, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'no data';
  switch (unit) {
    case 'money':
      return formatMoney(majorToMinor(Math.round(value), currency), currency);
    case 'rate':
      return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
    case 'days':
      return `${Math.round(value)} days`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** Where a metric stands: past the band's bad edge, its good edge, or neither. */
export function side(state: Pick<MetricState, 'verdict'>, info: Pick<MetricInfo, 'higher_is_better'> | undefined): 'bad' | 'good' | 'in' | 'none' {
  const v: BandVerdict = state.verdict;
  if (v === 'no_band') return 'none';
  if (v === 'in') return 'in';
  const low = v === 'below';
  const higherBetter = info?.higher_is_better ?? true;
  return low === higherBetter ? 'bad' : 'good';
}

export const STATUS_LABELS: Record<RampStatus, string> = {
  on_track: 'On track',
  behind: 'Behind',
  ahead: 'Ahead',
  too_early: 'Too early',
};

export const STATUS_PILL: Record<RampStatus, string> = {
  on_track: 'open',
  behind: 'bad',
  ahead: 'green',
  too_early: 'warn',
};

export const FLAG_PILL: Record<RampFlagKind, string> = {
  below_goal: 'bad',
  drift: 'orange',
  positive: 'green',
};

export const FLAG_LABELS: Record<RampFlagKind, string> = {
  below_goal: 'Below goal',
  drift: 'Drifting',
  positive: 'Standout',
};

/** "Customer meetings" for a column header. */
export function capitalized(label: string): string {
  return label ? label[0].toUpperCase() + label.slice(1) : label;
}

/** The tooltip of a metric cell: value, goal and the peers' band. */
export function cellTitle(s: MetricState, info: MetricInfo | undefined, currency: string): string {
  const unit = info?.unit ?? 'count';
  const parts = [`${capitalized(info?.label ?? s.metric)}: ${showValue(s.value, unit, currency)}`];
  if (s.goal !== null) parts.push(`goal ${showValue(s.goal, unit, currency)}`);
  if (s.band) {
    parts.push(
      `ramped peers ${showValue(s.band.p25, unit, currency)}–${showValue(s.band.p75, unit, currency)} (median ${showValue(s.band.median, unit, currency)}, ${s.band.n} peers, ${s.band.basis === 'tenure' ? 'same tenure' : 'same weeks'})`,
    );
  } else if (s.no_band) {
    parts.push(s.no_band);
  }
  return parts.join(' · ');
}
