// The forecast build-up: closed won → commit → best case → create & close, against the goal.
import type { ForecastLine } from './api-types';
import { minorToMajor } from './format';

export interface WaterfallStep {
  key: 'closed_won' | 'commit' | 'best_case' | 'create_and_close' | 'forecast' | 'gap' | 'ahead';
  label: string;
  /** Where the bar starts, major units. */
  base: number;
  /** The bar's height, major units. */
  value: number;
  color: string;
}

export const STEP_COLORS = {
  closed_won: '#1f5fbf',
  commit: '#2f9e57',
  best_case: '#e3b11b',
  create_and_close: '#8b7fd6',
  forecast: '#14243b',
  gap: '#d93a3a',
  ahead: '#2f9e57',
} as const;

export function waterfallSteps(line: ForecastLine, currency: string): WaterfallStep[] {
  const m = (v: number) => minorToMajor(v, currency);
  const steps: WaterfallStep[] = [];
  let run = 0;
  const add = (key: 'closed_won' | 'commit' | 'best_case' | 'create_and_close', label: string, v: number) => {
    steps.push({ key, label, base: m(run), value: m(v), color: STEP_COLORS[key] });
    run += v;
  };
  add('closed_won', 'Closed won', line.closed_won);
  add('commit', 'Commit', line.commit);
  add('best_case', 'Best case', line.best_case);
  add('create_and_close', 'Create & close', line.create_and_close);
  steps.push({ key: 'forecast', label: 'Forecast', base: 0, value: m(line.forecast), color: STEP_COLORS.forecast });
  if (line.gap !== null && line.goal !== null) {
    if (line.gap > 0) {
      steps.push({ key: 'gap', label: 'Gap to team goal', base: m(line.forecast), value: m(line.gap), color: STEP_COLORS.gap });
    } else if (line.gap < 0) {
      steps.push({ key: 'ahead', label: 'Ahead of goal', base: m(line.goal), value: m(-line.gap), color: STEP_COLORS.ahead });
    }
  }
  return steps;
}

/** A round axis maximum a little above `v`: 432,000 → 450,000. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const padded = v * 1.06;
  const mag = 10 ** Math.floor(Math.log10(padded));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10].find((m) => m * mag >= padded) ?? 10;
  return step * mag;
}
