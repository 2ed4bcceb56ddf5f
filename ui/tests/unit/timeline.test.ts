import { describe, expect, it } from 'vitest';
import type { StageInfo, TimelineEntry } from '../../src/lib/api-types';
import { entryText, valueText } from '../../src/lib/timeline';
import { filtersForRoute } from '../../src/lib/pipelineQuery';

const stages: StageInfo[] = [{ number: 2, name: 'Priority agreement', question: '' }];
const entry = (e: Partial<TimelineEntry>): TimelineEntry => ({
  date: '2026-11-25',
  at: '2026-11-25 10:00:00',
  kind: 'crm_change',
  field: null,
  from: null,
  to: null,
  source: 'monday.csv',
  note: null,
  ...e,
});

describe('deal timeline wording', () => {
  it('words stored values as a leader reads them', () => {
    expect(valueText('amount', '1250000', 'USD', stages)).toBe('$12,500');
    expect(valueText('close_date', '2026-12-15', 'USD', stages)).toBe('Dec 15, 2026');
    expect(valueText('stage', '2', 'USD', stages)).toBe('2 · Priority agreement');
    expect(valueText('risk', 'red', 'USD', stages)).toBe('Red');
    expect(valueText('close_date', null, 'USD', stages)).toBe('none');
  });

  it('says what each kind of entry did', () => {
    expect(entryText(entry({ field: 'close_date', from: '2026-12-01', to: '2027-01-20' }), 'USD', stages)).toBe(
      'Close date Dec 1, 2026 → Jan 20, 2027',
    );
    expect(entryText(entry({ kind: 'correction', field: 'amount', from: null, to: '500000' }), 'USD', stages)).toBe(
      'Amount none → $5,000 (corrected)',
    );
    expect(entryText(entry({ kind: 'correction_dropped', field: 'close_date', from: '2026-12-01', to: '2027-02-01' }), 'USD', stages)).toBe(
      'Correction of close date ended: the CRM now says Feb 1, 2027',
    );
    expect(entryText(entry({ kind: 'review', from: 'yellow', to: 'red' }), 'USD', stages)).toBe('Reviewed · risk Yellow → Red');
  });
});

describe('pipeline links', () => {
  it('opens a rep’s deals of a quarter', () => {
    const f = filtersForRoute(['rep', '12', '2026-Q4']);
    expect([f.rep_id, f.quarter]).toEqual([12, '2026-Q4']);
    expect(filtersForRoute(['rep', 'x']).rep_id).toBeNull();
  });
});
