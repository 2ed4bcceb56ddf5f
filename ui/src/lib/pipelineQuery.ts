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
  /** Only deals without a close date: open ones are in no quarter's forecast. */
  no_close_date: boolean;
}

export interface PipelineSort {
  column: DealColumn;
  descending: boolean;
}

export const EMPTY_FILTERS: PipelineFilters = {
  search: '',
  rep_id: null,
  stage: null,
  risk: null,
  status: null,
  quarter: null,
  flagged: false,
  no_close_date: false,
};

/**
 * What the Pipeline opens on, and what "Clear filters" goes back to: the open
 * deals. Won and lost deals are bookings and losses, not pipeline; mixing
 * them under one total misled (issue 14, item 13).
 */
export const DEFAULT_FILTERS: PipelineFilters = { ...EMPTY_FILTERS, status: 'open' };
export const DEFAULT_SORT: PipelineSort = { column: 'amount', descending: true };

/** The route segment the Forecast page links to: open deals without a close date. */
export const NO_CLOSE_DATE_VIEW = 'no-close-date';

/** The route segment of one rep's deals (`#/pipeline/rep/ID/QUARTER`). */
export const REP_VIEW = 'rep';

/** The filters a Pipeline link opens with (`#/pipeline/no-close-date`), or the default view. */
export function filtersForRoute(rest: readonly string[]): PipelineFilters {
  if (rest[0] === NO_CLOSE_DATE_VIEW) return { ...EMPTY_FILTERS, status: 'open', no_close_date: true };
  // `#/pipeline/rep/12/2026-Q4`: a rep's deals of a quarter, from the Forecast's By rep table.
  if (rest[0] === REP_VIEW && rest[1] !== undefined && /^\d+$/.test(rest[1])) {
    return { ...EMPTY_FILTERS, rep_id: Number(rest[1]), quarter: rest[2] ?? null };
  }
  return { ...DEFAULT_FILTERS };
}

export interface PipelineView {
  filters: PipelineFilters;
  sort: PipelineSort;
}

/** The view last shown, kept while the app runs so leaving the Pipeline and coming back keeps it. */
let remembered: PipelineView | null = null;

export function rememberView(view: PipelineView): void {
  remembered = { filters: { ...view.filters }, sort: { ...view.sort } };
}

/** The view the Pipeline opens on: a link's own view, else the one left, else the default. */
export function initialView(rest: readonly string[]): PipelineView {
  if (rest.length === 0 && remembered) return { filters: { ...remembered.filters }, sort: { ...remembered.sort } };
  return { filters: filtersForRoute(rest), sort: { ...DEFAULT_SORT } };
}

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
    no_close_date: f.no_close_date,
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

/** Whether the view differs from the default one (open deals, nothing else): "Clear filters" shows then. */
export function hasFilters(f: PipelineFilters): boolean {
  return !!(
    f.search.trim() ||
    f.rep_id !== null ||
    f.stage !== null ||
    f.risk ||
    f.status !== DEFAULT_FILTERS.status ||
    f.quarter ||
    f.flagged ||
    f.no_close_date
  );
}
