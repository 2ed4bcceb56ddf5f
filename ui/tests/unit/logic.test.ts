import { describe, expect, it, vi } from 'vitest';
import type { Deal, DealPage, ForecastLine } from '../../src/lib/api-types';
import { DealWindowCache } from '../../src/lib/dealCache';
import { buildQuery, DEFAULT_FILTERS, EMPTY_FILTERS, filtersForRoute, hasFilters, initialView, rememberView, toggleSort } from '../../src/lib/pipelineQuery';
import { choiceFromValue, meaningValue, stageChoices } from '../../src/lib/stages';
import { quarterChoices, shiftQuarter } from '../../src/lib/quarters';
import { waterfallSteps } from '../../src/lib/forecastChart';
import { againstGoal, noCloseDateAmounts, noCloseDateHeadline } from '../../src/lib/goals';

function deal(id: number): Deal {
  return {
    id, external_id: null, name: `Deal ${id}`, account: null, owner_id: null, owner: null, amount: 100, currency: 'USD',
    close_date: null, created_date: null, status: 'open', stage: 1, crm_stage: null, risk: null, next_step: null,
    last_activity: null, quarter: null, probability: null, unmet_criteria: 0, criteria_reviewed: false, moved_back: false,
  };
}

function fakeServer(total: number) {
  return vi.fn(async (offset: number, limit: number): Promise<DealPage> => {
    const rows: Deal[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(deal(i));
    return { total, total_amount: total * 100, by_status: [], offset, rows };
  });
}

describe('deal window cache', () => {
  it('loads pages on demand and only once', async () => {
    const fetch = fakeServer(1000);
    const cache = new DealWindowCache(fetch, () => {}, 200);
    await cache.reset();
    expect(cache.total).toBe(1000);
    expect(cache.row(5)?.id).toBe(5);
    expect(cache.row(450)).toBeUndefined();
    cache.ensure(390, 450);
    cache.ensure(390, 450);
    await vi.waitFor(() => expect(cache.row(450)?.id).toBe(450));
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([0, 200, 400]);
  });

  it('drops answers that arrive after the filters changed', async () => {
    let resolveSlow: (p: DealPage) => void = () => {};
    const slow = vi.fn(() => new Promise<DealPage>((r) => (resolveSlow = r)));
    const cache = new DealWindowCache(slow, () => {}, 200);
    const first = cache.reset();
    const second = cache.reset(fakeServer(3));
    resolveSlow({ total: 999, total_amount: 0, by_status: [], offset: 0, rows: [deal(77)] });
    await Promise.all([first, second]);
    expect(cache.total).toBe(3);
    expect(cache.row(0)?.id).toBe(0);
  });

  it('updates an edited deal in place', async () => {
    const onChange = vi.fn();
    const cache = new DealWindowCache(fakeServer(10), onChange, 200);
    await cache.reset();
    expect(cache.update({ ...deal(3), risk: 'green' })).toBe(true);
    expect(cache.row(3)?.risk).toBe('green');
    expect(cache.update(deal(99))).toBe(false);
  });

  it('reports errors as a message', async () => {
    const cache = new DealWindowCache(async () => { throw new Error('The workspace is locked.'); }, () => {});
    await cache.reset();
    expect(cache.error).toBe('The workspace is locked.');
  });
});

describe('pipeline query', () => {
  it('builds the request the core expects', () => {
    const q = buildQuery({ ...EMPTY_FILTERS, search: '  acme ', risk: 'unassessed' }, { column: 'close_date', descending: false }, 200, 200);
    expect(q).toEqual({
      search: 'acme', rep_id: null, stage: null, risk: 'unassessed', status: null, quarter: null, flagged: false,
      no_close_date: false, sort: 'close_date', descending: false, offset: 200, limit: 200,
    });
    expect(buildQuery(EMPTY_FILTERS, { column: 'amount', descending: true }, 0, 0).search).toBeNull();
  });

  it('toggles sort direction on the same header', () => {
    expect(toggleSort({ column: 'amount', descending: true }, 'amount')).toEqual({ column: 'amount', descending: false });
    expect(toggleSort({ column: 'amount', descending: true }, 'name')).toEqual({ column: 'name', descending: false });
    expect(toggleSort({ column: 'name', descending: false }, 'amount')).toEqual({ column: 'amount', descending: true });
  });

  it('knows when filters are set', () => {
    expect(hasFilters(DEFAULT_FILTERS)).toBe(false);
    expect(DEFAULT_FILTERS.status).toBe('open');
    // Any status is a choice away from the default (open deals).
    expect(hasFilters(EMPTY_FILTERS)).toBe(true);
    expect(hasFilters({ ...DEFAULT_FILTERS, stage: 0 })).toBe(true);
    expect(hasFilters({ ...DEFAULT_FILTERS, no_close_date: true })).toBe(true);
  });

  it('opens the no-close-date view from the Forecast page link', () => {
    expect(filtersForRoute(['no-close-date'])).toEqual({ ...EMPTY_FILTERS, status: 'open', no_close_date: true });
    expect(filtersForRoute([])).toEqual(DEFAULT_FILTERS);
    expect(buildQuery(filtersForRoute(['no-close-date']), { column: 'amount', descending: true }, 0, 0).no_close_date).toBe(true);
  });
});

describe('the pipeline view kept between visits', () => {
  it('opens on open deals, then on the view left, and a link still opens its own view', () => {
    expect(initialView([])).toEqual({ filters: DEFAULT_FILTERS, sort: { column: 'amount', descending: true } });
    const left = { filters: { ...DEFAULT_FILTERS, quarter: '2026-Q4', risk: 'red' as const }, sort: { column: 'close_date' as const, descending: false } };
    rememberView(left);
    left.filters.quarter = 'changed later';
    expect(initialView([])).toEqual({ filters: { ...DEFAULT_FILTERS, quarter: '2026-Q4', risk: 'red' }, sort: { column: 'close_date', descending: false } });
    expect(initialView(['no-close-date']).filters).toEqual({ ...EMPTY_FILTERS, status: 'open', no_close_date: true });
  });
});

describe('stage meanings', () => {
  it('round-trips agreements and outcomes', () => {
    expect(meaningValue(3, null)).toBe('3');
    expect(meaningValue(0, null)).toBe('0');
    expect(meaningValue(null, 'won')).toBe('won');
    expect(meaningValue(null, null)).toBe('');
    expect(choiceFromValue('Demo', '2')).toEqual({ label: 'Demo', stage: 2, outcome: null });
    expect(choiceFromValue('Closed Won', 'won')).toEqual({ label: 'Closed Won', stage: null, outcome: 'won' });
    expect(choiceFromValue('Odd', '')).toEqual({ label: 'Odd', stage: null, outcome: null });
  });

  it('commits every label, with the user edits applied', () => {
    const labels = [
      { label: 'Discovery', count: 3, stage: 1, outcome: null, confirmed: false },
      { label: 'Negotiation', count: 1, stage: 4, outcome: null, confirmed: false },
    ];
    expect(stageChoices(labels, { Negotiation: '5' })).toEqual([
      { label: 'Discovery', stage: 1, outcome: null },
      { label: 'Negotiation', stage: 5, outcome: null },
    ]);
  });
});

describe('quarters', () => {
  it('steps across years', () => {
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(quarterChoices(['2026-Q2', 'bad'], '2026-Q4')).toEqual(['2026-Q2', '2026-Q4', '2027-Q1', '2027-Q2']);
  });
});

describe('forecast build-up', () => {
  const line: ForecastLine = {
    name: 'Team', rep_id: null, manager: null, goal: 100_000_00, goal_basis: 'board_number', closed_won: 30_000_00, commit: 20_000_00, best_case: 10_000_00,
    create_and_close: 5_000_00, forecast: 65_000_00, gap: 35_000_00, coverage: 2, open_pipeline: 0, at_risk: 0, unassessed: 0,
    win_rate: 0.25, average_deal_size: null, new_pipeline_needed: null, first_meetings_needed: null,
  };

  it('stacks each part on the previous ones and shows the gap up to the goal', () => {
    const steps = waterfallSteps(line, 'USD');
    expect(steps.map((s) => [s.key, s.base, s.value])).toEqual([
      ['closed_won', 0, 30_000],
      ['commit', 30_000, 20_000],
      ['best_case', 50_000, 10_000],
      ['create_and_close', 60_000, 5_000],
      ['forecast', 0, 65_000],
      ['gap', 65_000, 35_000],
    ]);
  });

  it('shows how far ahead when the forecast beats the goal', () => {
    const steps = waterfallSteps({ ...line, goal: 50_000_00, gap: -15_000_00 }, 'USD');
    expect(steps[steps.length - 1]).toMatchObject({ key: 'ahead', base: 50_000, value: 15_000 });
  });
});

describe('chart axis', () => {
  it('rounds the axis maximum up to a readable figure', async () => {
    const { niceMax } = await import('../../src/lib/forecastChart');
    expect(niceMax(400_000)).toBe(450_000);
    expect(niceMax(95)).toBe(120);
    expect(niceMax(0)).toBe(1);
  });
});

describe('deal window cache under fast scrolling', () => {
  it('fetches only the pages still wanted, two at a time', async () => {
    const calls: number[] = [];
    const pending: (() => void)[] = [];
    const fetcher = (offset: number, limit: number) =>
      new Promise<DealPage>((resolve) => {
        calls.push(offset);
        pending.push(() => resolve({ total: 100_000, total_amount: 0, by_status: [], offset, rows: Array.from({ length: limit }, (_, i) => deal(offset + i)) }));
      });
    const cache = new DealWindowCache(fetcher, () => {}, 200);
    const first = cache.reset();
    pending.shift()!();
    await first;
    cache.ensure(10_000, 10_400); // pages 50..52
    expect(calls).toEqual([0, 10_000, 10_200]);
    cache.ensure(90_000, 90_100); // the user dragged on: pages 450
    pending.shift()!();
    await vi.waitFor(() => expect(calls).toEqual([0, 10_000, 10_200, 90_000]));
    pending.splice(0).forEach((r) => r());
    await vi.waitFor(() => expect(cache.row(90_000)?.id).toBe(90_000));
    expect(calls).not.toContain(10_400);
  });
});

describe('goals and open deals without a close date', () => {
  it('says what a goal is measured against', () => {
    expect(againstGoal('board_number')).toBe('against the board number');
    expect(againstGoal('rep_quotas')).toBe("against the reps' quotas");
    expect(againstGoal(null)).toBe('');
  });

  it('counts the open deals no quarter holds', () => {
    const none = { deals: 2089, amount: 0, without_amount: 2089 };
    expect(noCloseDateHeadline(none, 'USD')).toBe('2,089 open deals ($0) have no close date');
    expect(noCloseDateAmounts(none)).toBe('none of them has an amount either');
    expect(noCloseDateHeadline({ deals: 1, amount: 120000, without_amount: 0 }, 'USD')).toBe('1 open deal ($1,200) has no close date');
    expect(noCloseDateHeadline({ deals: 0, amount: 0, without_amount: 0 }, 'USD')).toBeNull();
    expect(noCloseDateAmounts({ deals: 3, amount: 1, without_amount: 2 })).toBe('2 of them have no amount either');
  });
});
