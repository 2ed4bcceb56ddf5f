// How a deal's timeline entries read in the deal panel. The core says what
// happened (kind, field, stored values, source); this only words it.
import type { Risk, StageInfo, TimelineEntry } from './api-types';
import { formatDate, formatMoney } from './format';
import { RISK_LABEL } from './risk';

const FIELD_LABEL: Record<string, string> = {
  close_date: 'Close date',
  amount: 'Amount',
  stage: 'Stage',
  status: 'Status',
  risk: 'Risk',
  owner: 'Owner',
  next_step: 'CRM next step',
};

export function fieldLabel(field: string | null): string {
  return field ? (FIELD_LABEL[field] ?? field) : '';
}

/** A stored value as a leader reads it: money, a date, a stage's name, a risk level. */
export function valueText(field: string | null, value: string | null, currency: string, stages: readonly StageInfo[]): string {
  if (value === null || value === '') return 'none';
  switch (field) {
    case 'amount': {
      const n = Number(value);
      return Number.isFinite(n) ? formatMoney(n, currency) : value;
    }
    case 'close_date':
      return formatDate(value);
    case 'stage': {
      const s = stages.find((x) => String(x.number) === value);
      return s ? `${s.number} · ${s.name}` : value;
    }
    case 'risk':
      return RISK_LABEL[value as Risk] ?? value;
    case 'status':
      return value === 'won' ? 'Won' : value === 'lost' ? 'Lost' : 'Open';
    default:
      return value;
  }
}

/** One line saying what happened. */
export function entryText(e: TimelineEntry, currency: string, stages: readonly StageInfo[]): string {
  const v = (x: string | null) => valueText(e.field, x, currency, stages);
  const change = `${fieldLabel(e.field)} ${v(e.from)} → ${v(e.to)}`;
  switch (e.kind) {
    case 'created':
      return 'Deal imported';
    case 'crm_change':
      return change;
    case 'risk_change':
      return `Risk ${v(e.from)} → ${v(e.to)}`;
    case 'review': {
      const risk = e.from !== e.to ? ` · risk ${valueText('risk', e.from, currency, stages)} → ${valueText('risk', e.to, currency, stages)}` : '';
      return `Reviewed${risk}`;
    }
    case 'next_step':
      return `Next step planned: ${e.note ?? e.to ?? ''}`;
    case 'next_step_done':
      return `Next step done: ${e.to ?? ''}`;
    case 'correction':
      return `${change} (corrected)`;
    case 'correction_dropped':
      return `Correction of ${fieldLabel(e.field).toLowerCase()} ended: the CRM now says ${v(e.to)}`;
  }
}
