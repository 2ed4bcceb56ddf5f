import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, errorFromResponse, fileNameFromDisposition, initToken, retryWhileBusy, toApiError } from '../../src/lib/transport';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function fakeWindow(hash: string) {
  const store = new Map<string, string>();
  const w = {
    location: { hash, pathname: '/', search: '' },
    sessionStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    },
    history: {
      replaceState: (_s: unknown, _t: string, url: string) => {
        w.location.hash = url.slice(url.indexOf('#'));
      },
    },
  };
  return w;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('transport over HTTP', () => {
  it('posts JSON to /api/<name> with the token and returns the body', async () => {
    vi.stubGlobal('window', fakeWindow('#token=abc123'));
    expect(initToken()).toBe('abc123');
    expect((globalThis as unknown as { window: { location: { hash: string } } }).window.location.hash).toBe('#/');
    const fetch = vi.fn(async () => json(200, { total: 0, total_amount: 0, offset: 0, rows: [] }));
    vi.stubGlobal('fetch', fetch);
    const page = await call('list_deals', {
      search: null, rep_id: null, stage: null, risk: null, status: null, quarter: null, flagged: false, no_close_date: false,
      sort: 'amount', descending: true, offset: 0, limit: 0,
    });
    expect(page.total).toBe(0);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/list_deals');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['x-salesos-token']).toBe('abc123');
    expect(JSON.parse(init.body as string).sort).toBe('amount');
  });

  it('keeps the token for the session after the hash is cleared', () => {
    const w = fakeWindow('#token=t1');
    vi.stubGlobal('window', w);
    initToken();
    w.location.hash = '#/forecast';
    expect(initToken()).toBe('t1');
  });

  it('throws the server message on an error response', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(400, { error: { code: 'invalid', message: 'The quarter "2026-Q9" is not a quarter.' } })));
    await expect(call('forecast', { quarter: '2026-Q9', goal: null, create_and_close: null })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'invalid',
      message: 'The quarter "2026-Q9" is not a quarter.',
    });
  });

  it('explains a failure without a JSON body', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('boom', { status: 502 })));
    await expect(call('workspace_info', {})).rejects.toThrow(/HTTP 502/);
  });

  it('explains a missing session token', async () => {
    const e = await errorFromResponse(new Response('', { status: 401 }));
    expect(e.code).toBe('unauthorized');
  });

  it('tries a command again while the workspace is busy (503), then returns its answer', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', vi.fn(async () => {
      calls += 1;
      return calls < 3
        ? json(503, { error: { code: 'busy', message: 'The workspace is busy with another change.' } })
        : json(200, { deals: 3 });
    }));
    vi.useFakeTimers();
    const answer = call('workspace_info', {});
    await vi.runAllTimersAsync();
    vi.useRealTimers();
    expect(await answer).toEqual({ deals: 3 });
    expect(calls).toBe(3);
  });

  it('gives up on a busy workspace after its waits and says so; other errors are not retried', async () => {
    let tries = 0;
    const busy = () => { tries += 1; return Promise.reject(new ApiError('busy', 'The workspace is busy.')); };
    await expect(retryWhileBusy(busy, [1, 1])).rejects.toMatchObject({ code: 'busy' });
    expect(tries).toBe(3);
    tries = 0;
    const invalid = () => { tries += 1; return Promise.reject(new ApiError('invalid', 'No.')); };
    await expect(retryWhileBusy(invalid, [1, 1])).rejects.toMatchObject({ code: 'invalid' });
    expect(tries).toBe(1);
  });

  it('explains an unreachable server', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(call('workspace_info', {})).rejects.toMatchObject({ code: 'offline' });
  });
});

describe('errors from the desktop shell', () => {
  it('reads {code, message} rejections', () => {
    const e = toApiError({ code: 'not_found', message: 'That import no longer exists.' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('not_found');
    expect(e.message).toBe('That import no longer exists.');
  });

  it('reads string rejections', () => {
    expect(toApiError('Command set_risk not found').message).toBe('Command set_risk not found');
  });

  it('never shows an empty message', () => {
    expect(toApiError(undefined).message).toMatch(/went wrong/);
  });
});

describe('downloads', () => {
  it('takes the file name from Content-Disposition', () => {
    expect(fileNameFromDisposition('attachment; filename="pipeline-issues.xlsx"', 'x.xlsx')).toBe('pipeline-issues.xlsx');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''Q4%20pipeline%20issues.xlsx", 'x.xlsx')).toBe('Q4 pipeline issues.xlsx');
    expect(fileNameFromDisposition(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
