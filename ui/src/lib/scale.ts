// The Scale page's vocabulary: which input is which request field, how each
// reads and how a user types it. Every number is computed by the core
// (scale_readiness, scale_plan); this file only labels and converts.
import type { CheckStatus, Period, ScaleInputs, ScaleRequest, ScaleVerdict, StaffRole } from './api-types';
import { formatMoney, majorToMinor } from './format';

export type InputKey = keyof ScaleInputs;

/** How an input reads and is typed: rates as percentages, money in currency units. */
export type InputKind = 'rate' | 'money' | 'count' | 'days';

export interface InputDef {
  key: InputKey;
  label: string;
  kind: InputKind;
  /** "a month", "a year": what the figure is per. */
  per?: string;
  /** Sets (or clears, with null) the override in a request. Absent: not editable. */
  set?: (req: ScaleRequest, value: number | null) => void;
}

const field =
  (name: 'win_rate' | 'deal_size' | 'first_meetings_per_week' | 'weeks_per_month' | 'rep_cost' | 'bookings_per_rep' | 'cycle_days' | 'cycle_spread' | 'closed_deals' | 'ops_lift_per_pod') =>
  (req: ScaleRequest, value: number | null) => {
    req[name] = value;
  };
const roleCost = (role: StaffRole) => (req: ScaleRequest, value: number | null) => {
  const next = { ...req.role_costs };
  if (value === null) delete next[role];
  else next[role] = value;
  req.role_costs = next;
};
const headcount = (role: StaffRole) => (req: ScaleRequest, value: number | null) => {
  const next = { ...req.headcount };
  if (value === null) delete next[role];
  else next[role] = value;
  req.headcount = next;
};

/** The inputs in the groups the page shows them in. */
export const INPUT_GROUPS: { title: string; inputs: InputDef[] }[] = [
  {
    title: 'Selling',
    inputs: [
      { key: 'win_rate', label: 'Win rate', kind: 'rate', set: field('win_rate') },
      { key: 'deal_size', label: 'Average deal', kind: 'money', set: field('deal_size') },
      { key: 'first_meetings_per_week', label: 'First meetings a week per AE', kind: 'count', set: field('first_meetings_per_week') },
      { key: 'weeks_per_month', label: 'Weeks of selling a month', kind: 'count', set: field('weeks_per_month') },
      { key: 'bookings_per_rep', label: 'A ramped AE books', kind: 'money', per: 'a month', set: field('bookings_per_rep') },
      { key: 'cycle_days', label: 'Deal cycle (median)', kind: 'days', set: field('cycle_days') },
      { key: 'cycle_spread', label: 'Cycle spread', kind: 'rate', set: field('cycle_spread') },
      { key: 'closed_deals', label: 'Deals closed', kind: 'count', set: field('closed_deals') },
    ],
  },
  {
    title: 'Costs (fully loaded)',
    inputs: [
      { key: 'rep_cost', label: 'The selling unit costs', kind: 'money', per: 'a year', set: field('rep_cost') },
      { key: 'ae_cost', label: 'An AE', kind: 'money', per: 'a year', set: roleCost('AE') },
      { key: 'sdr_cost', label: 'An SDR', kind: 'money', per: 'a year', set: roleCost('SDR') },
      { key: 'csm_cost', label: 'A CSM', kind: 'money', per: 'a year', set: roleCost('CSM') },
      { key: 'manager_cost', label: 'A manager', kind: 'money', per: 'a year', set: roleCost('manager') },
      { key: 'ops_cost', label: 'A sales operations hire', kind: 'money', per: 'a year', set: roleCost('ops') },
      { key: 'ops_lift_per_pod', label: 'Sales ops lifts each pod by', kind: 'money', per: 'a year', set: field('ops_lift_per_pod') },
    ],
  },
  {
    title: 'Team',
    inputs: [
      { key: 'aes', label: 'AEs', kind: 'count', set: headcount('AE') },
      { key: 'sdrs', label: 'SDRs', kind: 'count', set: headcount('SDR') },
      { key: 'csms', label: 'CSMs', kind: 'count', set: headcount('CSM') },
      { key: 'managers', label: 'Managers', kind: 'count', set: headcount('manager') },
      { key: 'reps_per_manager', label: 'Reps per manager', kind: 'count' },
    ],
  },
];

export const PERIODS: { value: Period; label: string }[] = [
  { value: 'last_quarter', label: 'Last quarter' },
  { value: 'last_two_quarters', label: 'Last two quarters' },
  { value: 'last_four_quarters', label: 'Last four quarters' },
  { value: 'last_eight_quarters', label: 'Last eight quarters' },
];

export const VERDICT_LABELS: Record<ScaleVerdict, string> = {
  scale_now: 'Scale now',
  ready: 'Ready to hire',
  not_yet: 'Not yet',
  fix_first: 'Fix first',
};
export const VERDICT_TONE: Record<ScaleVerdict, string> = {
  scale_now: 'green',
  ready: 'green',
  not_yet: 'yellow',
  fix_first: 'red',
};
export const CHECK_LABELS: Record<CheckStatus, string> = { pass: 'Pass', warn: 'Watch', fail: 'Fail' };
export const CHECK_PILL: Record<CheckStatus, string> = { pass: 'green', warn: 'yellow', fail: 'red' };

export const PLAN_ROLES: StaffRole[] = ['AE', 'SDR', 'CSM', 'manager', 'VP', 'ops'];
export const ROLE_NAMES: Record<StaffRole, string> = {
  AE: 'AE',
  SDR: 'SDR',
  CSM: 'CSM',
  manager: 'Manager',
  VP: 'VP of Sales',
  ops: 'Sales ops',
};

/** An amount in currency units, as the page shows money ("$19,200"). */
export function money(major: number | null | undefined, currency: string, compact = false): string {
  if (major === null || major === undefined || !Number.isFinite(major)) return '–';
  return formatMoney(majorToMinor(major, currency), currency, { compact });
}

/** An input's value as it reads ("22.0 %", "$18,000", "64 days"). */
export function showInput(value: number | null, kind: InputKind, currency: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (kind) {
    case 'rate':
      return `${(value * 100).toFixed(1)} %`;
    case 'money':
      return money(value, currency);
    case 'days':
      return `${Math.round(value)} days`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** What an input field holds for a value: percentages for rates, plain numbers else. */
export function inputText(value: number | null, kind: InputKind): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (kind === 'rate') return String(Math.round(value * 1000) / 10);
  // Whole amounts, grouped ("149,091"): readInput takes the commas back out.
  if (kind === 'money') return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
}

/** The headline without the verdict's own words in front ("Fix first: …"). */
export function headlineAfter(verdictLabel: string, headline: string): string {
  const prefix = verdictLabel.toLowerCase() + ':';
  const h = headline.trim();
  if (!h.toLowerCase().startsWith(prefix)) return h;
  const rest = h.slice(prefix.length).trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * What the user typed, as the request's value: a percentage becomes a
 * fraction; "18k" or "1.2m" are thousands and millions. Empty is null (back
 * to the workspace's figure); unreadable is NaN. The core judges the range.
 */
export function readInput(text: string, kind: InputKind): number | null {
  let s = text.trim().toLowerCase().replace(/[\s\u00a0,$€£%]/g, '');
  if (s === '') return null;
  let mult = 1;
  if (s.endsWith('k')) mult = 1e3;
  else if (s.endsWith('m')) mult = 1e6;
  if (mult !== 1) s = s.slice(0, -1);
  if (!/^-?\d*(\.\d*)?$/.test(s) || s === '' || s === '.' || s === '-') return NaN;
  const n = Number(s) * mult;
  return kind === 'rate' ? n / 100 : n;
}

/** A ramp curve as typed: "0, 25, 50, 75, 100" (percent) → fractions; null when unreadable. */
export function readCurve(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim().replace('%', ''))
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  const nums = parts.map(Number);
  return nums.every((n) => Number.isFinite(n)) ? nums.map((n) => n / 100) : null;
}

export function curveText(curve: number[]): string {
  return curve.map((c) => String(Math.round(c * 1000) / 10)).join(', ');
}

/** An empty request: everything from the workspace. */
export function emptyRequest(): ScaleRequest {
  return {
    period: null,
    win_rate: null,
    deal_size: null,
    first_meetings_per_week: null,
    weeks_per_month: null,
    rep_cost: null,
    bookings_per_rep: null,
    cycle_days: null,
    cycle_spread: null,
    closed_deals: null,
    role_costs: {},
    headcount: {},
    ops_lift_per_pod: null,
    thresholds: null,
  };
}
