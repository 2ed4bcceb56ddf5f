// A tiny hash router: #/pipeline, #/forecast, #/review, #/process, #/import, #/settings.
export type Page = 'pipeline' | 'forecast' | 'review' | 'process' | 'import' | 'settings';
export const PAGES: readonly Page[] = ['pipeline', 'forecast', 'review', 'process', 'import', 'settings'];

function fromHash(): Page {
  const h = typeof window === 'undefined' ? '' : window.location.hash.replace(/^#\/?/, '');
  const name = h.split(/[?/]/)[0] as Page;
  return PAGES.includes(name) ? name : 'pipeline';
}

export const route = $state({ page: fromHash() });

export function navigate(page: Page): void {
  if (window.location.hash !== '#/' + page) window.location.hash = '#/' + page;
  route.page = page;
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    route.page = fromHash();
  });
}
