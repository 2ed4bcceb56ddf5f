import type { DealColumn, DealQuery, DealStatus, RiskFilter } from './api-types';

export interface PipelineFilters {
  search: string;
  rep_id: number | null;
  stage: number | null;
  risk: RiskFilter | null;
  status: DealStatus | null;
  quarter: string | null;
  /** Only deals whose stage is not backed by earlier criteria, or went backwards. */
  flagged: boolean;
}

export interface PipelineSort {
  column: DealColumn;
  descending: boolean;
}

export const EMPTY_FILTERS: PipelineFilters = { search: '', rep_id: null, stage: null, risk: null, status: null, quarter: null, flagged: false };

export function buildQuery(f: PipelineFilters, s: PipelineSort, offset: number, limit: number): DealQuery {
  const search = f.search.trim();
  return {
    search: search ? search : null,
    rep_id: f.rep_id,
    stage: f.stage,
    risk: f.risk,
    status: f.status,
    quarter: f.quarter,
    flagged: f.flagged,
    sort: s.column,
    descending: s.descending,
    offset,
    limit,
  };
}

/** Clicking a header: same column flips the direction; a new one starts with its natural order. */
export function toggleSort(current: PipelineSort, column: DealColumn): PipelineSort {
  if (current.column === column) return { column, descending: !current.descending };
  const descFirst: DealColumn[] = ['amount', 'stage', 'close_date'];
  return { column, descending: descFirst.includes(column) && column !== 'close_date' };
}

export function hasFilters(f: PipelineFilters): boolean {
  return !!(f.search.trim() || f.rep_id !== null || f.stage !== null || f.risk || f.status || f.quarter || f.flagged);
}
