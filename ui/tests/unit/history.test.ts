import { describe, expect, it } from 'vitest';
import type { ForecastHistory, Movement, SnapshotInfo } from '../../src/lib/api-types';
import { defaultPair, formatErrorPct, groupMovement, isSignedTotal, trendSeries, weekLabel, withinBestInClass } from '../../src/lib/history';

function history(): ForecastHistory {
  return {
    quarter: '2026-Q4',
    period_start: '2026-10-01',
    period_end: '2026-12-31',
    today: '2026-11-25',
    currency: 'USD',
    finished: false,
    current_week: '2026-11-23',
    weeks: ['2026-10-01', '2026-10-05', '2026-11-16', '2026-11-23'],
    trend: [
      { week_start: '2026-10-05', forecast: 10_000_00, commit: 5_000_00, best_case: 1_000_00, closed_won: 4_000_00, goal: 20_000_00, called: null, call_note: null },
      { week_start: '2026-11-23', forecast: 12_000_00, commit: 6_000_00, best_case: 0, closed_won: 6_000_00, goal: 20_000_00, called: 11_500_00, call_note: 'Golf slips' },
    ],
    snapshots: [],
    call: null,
    accuracy: null,
    forecast_now: 12_500_00,
    goal: 25_000_00,
  };
}

function snap(id: number): SnapshotInfo {
  return {
    id, quarter: '2026-Q4', week_start: '2026-11-16', taken_on: '2026-11-16', taken_at: '', kind: 'auto',
    forecast: 0, commit: 0, best_case: 0, closed_won: 0, goal: null, open_pipeline: 0, deals: 0,
  };
}

describe('forecast history', () => {
  it('lays the trend on every week of the quarter, with gaps where no snapshot was kept', () => {
    const s = trendSeries(history());
    expect(s.labels).toEqual(['Oct 1', 'Oct 5', 'Nov 16', 'Nov 23']);
    expect(s.forecast).toEqual([null, 10_000, null, 12_000]);
    expect(s.called).toEqual([null, null, null, 11_500]);
    expect(s.notes[3]).toBe('Golf slips');
    expect(s.current).toBe(3);
    // The goal runs across every week: the snapshot's where kept, else the current one.
    expect(s.goal).toEqual([25_000, 20_000, 25_000, 20_000]);
  });

  it('groups the movement by category in a fixed order', () => {
    const m = {
      totals: [
        { category: 'won', deals: 1, amount: 5, pipeline_change: -5, shown: 1 },
        { category: 'new', deals: 1, amount: 3, pipeline_change: 3, shown: 1 },
      ],
      rows: [
        { deal_id: 1, category: 'won' },
        { deal_id: 2, category: 'new' },
      ],
    } as unknown as Movement;
    expect(groupMovement(m).map((g) => [g.total.category, g.rows.map((r) => r.deal_id)])).toEqual([
      ['new', [2]],
      ['won', [1]],
    ]);
  });

  it('puts risk changes and create & close after the deal moves', () => {
    const m = {
      totals: [
        { category: 'create_and_close', deals: 0, amount: -4, pipeline_change: 0, forecast_change: -4, shown: 0 },
        { category: 'out_of_forecast', deals: 1, amount: 6, pipeline_change: 0, forecast_change: -6, shown: 1 },
        { category: 'won', deals: 1, amount: 5, pipeline_change: -5, forecast_change: 0, shown: 1 },
        { category: 'risk_changed', deals: 1, amount: 2, pipeline_change: 0, forecast_change: 0, shown: 1 },
      ],
      rows: [
        { deal_id: 1, category: 'won' },
        { deal_id: 2, category: 'out_of_forecast' },
        { deal_id: 3, category: 'risk_changed' },
      ],
    } as unknown as Movement;
    expect(groupMovement(m).map((g) => g.total.category)).toEqual(['won', 'out_of_forecast', 'risk_changed', 'create_and_close']);
    expect(isSignedTotal('create_and_close')).toBe(true);
    expect(isSignedTotal('into_forecast')).toBe(false);
  });

  it('compares the last two snapshots by default', () => {
    expect(defaultPair([snap(1)])).toBeNull();
    expect(defaultPair([snap(1), snap(4), snap(9)])).toEqual([4, 9]);
  });

  it('formats and judges errors against best in class', () => {
    expect(formatErrorPct(0.0123)).toBe('+1.2%');
    expect(formatErrorPct(-0.004)).toBe('−0.4%');
    expect(formatErrorPct(null)).toBe('–');
    expect(withinBestInClass(0.01, 0.01)).toBe(true);
    expect(withinBestInClass(-0.0101, 0.01)).toBe(false);
    expect(weekLabel('2026-12-28')).toBe('Dec 28');
  });
});
