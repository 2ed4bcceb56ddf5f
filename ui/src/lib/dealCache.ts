// Pages of the deals table fetched from the core as the user scrolls.
import type { Deal, DealPage, StatusTotal } from './api-types';

export type PageFetcher = (offset: number, limit: number) => Promise<DealPage>;

export class DealWindowCache {
  readonly pageSize: number;
  total = 0;
  totalAmount = 0;
  /** The whole filtered set by status (open, won, lost), as the core totals it. */
  byStatus: StatusTotal[] = [];
  loaded = false;
  error: string | null = null;
  private pages = new Map<number, Deal[]>();
  private inflight = new Set<number>();
  private generation = 0;
  /** The pages the visible window needs now; only these are fetched. */
  private wanted: number[] = [];
  /** Requests at once: the core answers one at a time, so a long queue only adds latency. */
  private concurrency = 2;
  private fetcher: PageFetcher;
  private onChange: () => void;
  /** How many pages are kept before far ones are dropped. */
  private maxPages: number;

  constructor(fetcher: PageFetcher, onChange: () => void, pageSize = 200, maxPages = 60) {
    this.fetcher = fetcher;
    this.onChange = onChange;
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  /** Forget everything (filters or sort changed) and load the first page. */
  async reset(fetcher?: PageFetcher): Promise<void> {
    if (fetcher) this.fetcher = fetcher;
    this.generation++;
    this.pages.clear();
    this.inflight.clear();
    this.wanted = [];
    this.error = null;
    await this.load(0);
  }

  row(index: number): Deal | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  /**
   * Makes sure rows start..end (inclusive) get loaded. Pages the user scrolled
   * past before their turn came are never fetched.
   */
  ensure(start: number, end: number): void {
    if (this.total === 0 && this.loaded) return;
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const last = Math.floor(Math.max(start, end) / this.pageSize);
    const wanted: number[] = [];
    for (let p = first; p <= last; p++) {
      if (p * this.pageSize >= this.total && this.loaded) break;
      if (!this.pages.has(p)) wanted.push(p);
    }
    this.wanted = wanted;
    this.pump();
    this.evict(first, last);
  }

  private pump(): void {
    for (const p of this.wanted) {
      if (this.inflight.size >= this.concurrency) return;
      if (!this.pages.has(p) && !this.inflight.has(p)) void this.load(p);
    }
  }

  /** Replaces a deal in place after an edit. Returns true when it was shown. */
  update(deal: Deal): boolean {
    for (const rows of this.pages.values()) {
      const i = rows.findIndex((d) => d.id === deal.id);
      if (i >= 0) {
        rows[i] = deal;
        this.onChange();
        return true;
      }
    }
    return false;
  }

  private async load(page: number): Promise<void> {
    const gen = this.generation;
    this.inflight.add(page);
    try {
      const res = await this.fetcher(page * this.pageSize, this.pageSize);
      if (gen !== this.generation) return;
      this.pages.set(page, res.rows);
      this.total = res.total;
      this.totalAmount = res.total_amount;
      this.byStatus = res.by_status;
      this.loaded = true;
      this.error = null;
    } catch (e) {
      if (gen !== this.generation) return;
      this.error = e instanceof Error ? e.message : String(e);
      this.loaded = true;
    } finally {
      if (gen === this.generation) this.inflight.delete(page);
    }
    if (gen !== this.generation) return;
    this.wanted = this.wanted.filter((p) => !this.pages.has(p));
    this.onChange();
    this.pump();
  }

  private evict(first: number, last: number): void {
    if (this.pages.size <= this.maxPages) return;
    const far = [...this.pages.keys()].sort(
      (a, b) => Math.abs(b - (first + last) / 2) - Math.abs(a - (first + last) / 2),
    );
    while (this.pages.size > this.maxPages && far.length) {
      const p = far.shift()!;
      if (p < first || p > last) this.pages.delete(p);
    }
  }
}
