// A tiny hash router: #/pipeline, #/forecast, #/review, #/team, #/scale, #/hiring, #/process, #/import, #/settings.
// A page may take more segments after its name (#/hiring/candidate/12), kept in `route.rest`.
export type Page = 'pipeline' | 'forecast' | 'review' | 'team' | 'scale' | 'hiring' | 'process' | 'import' | 'settings';
export const PAGES: readonly Page[] = ['pipeline', 'forecast', 'review', 'team', 'scale', 'hiring', 'process', 'import', 'settings'];

/** The page and the segments after it, read from a location hash. */
export function parseHash(hash: string): { page: Page; rest: string[] } {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('?')[0]
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const page = parts[0] as Page;
  return PAGES.includes(page) ? { page, rest: parts.slice(1) } : { page: 'pipeline', rest: [] };
}

/** The hash that shows a page (and the segments after it). */
export function hashFor(page: Page, rest: readonly string[] = []): string {
  return '#/' + [page, ...rest.map((r) => encodeURIComponent(r))].join('/');
}

const initial = parseHash(typeof window === 'undefined' ? '' : window.location.hash);
export const route = $state({ page: initial.page, rest: initial.rest });

export function navigate(page: Page, ...rest: string[]): void {
  const hash = hashFor(page, rest);
  if (window.location.hash !== hash) window.location.hash = hash;
  route.page = page;
  route.rest = rest;
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const r = parseHash(window.location.hash);
    route.page = r.page;
    route.rest = r.rest;
  });
}
