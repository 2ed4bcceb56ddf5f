// Goals and quotas, and open deals without a close date, in the real UI
// against `salesos serve` (docs/method.md §2, "Goals and quotas"): the
// sample team's board number, the sum of its reps' quotas and the
// over-assignment side by side on the Forecast page and in Settings, the
// same figures in the board pack, and, after importing a file whose open
// deals have no close date, a banner with their count and amount that
// opens the Pipeline on them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, inputDir, kpi, launchBrowser, screenshot, startServer, tempDir, zipEntryText } from './helpers.mjs';

// Maven's export shape: open deals carry no close date and no amount.
const CSV =
  [
    'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
    'MV-1,Priya Shah,GTX Pro,Northwind Logistics,Engaging,2026-10-02,,',
    'MV-2,Tom Becker,GTX Basic,Bluepeak Health,Engaging,2026-10-09,,',
    'MV-3,Sofia Alvarez,MG Special,Crestline Foods,Prospecting,2026-11-02,,1200',
    'MV-4,Priya Shah,GTX Pro,Juniper Retail,Won,2026-09-01,2026-10-20,5000',
  ].join('\n') + '\n';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

describe('Goals, quotas and open deals without a close date', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;
  let csvPath;

  before(async () => {
    dataDir = tempDir('salesos-e2e-goals-');
    csvPath = path.join(inputDir(), 'maven-open-deals.csv');
    writeFileSync(csvPath, CSV);
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const value = async (testid) => {
    const v = await page.getAttribute(`[data-testid="${testid}"]`, 'data-value');
    return v === '' || v === null ? null : Number(v);
  };
  const text = async (testid) => (await page.textContent(`[data-testid="${testid}"]`))?.replace(/\s+/g, ' ').trim();

  it('shows the board number, the reps’ quotas and the over-assignment side by side', async () => {
    await page.goto(server.url);
    await page.goto(server.url.replace(/#.*$/, '') + '#/forecast');
    await page.click('[data-testid="welcome-demo"]');
    await page.waitForSelector('[data-testid="goals-strip"]', { timeout: 60_000 });
    assert.equal(await value('goals-board'), 1_600_000_00);
    assert.equal(await text('goals-board'), '$1,600,000');
    assert.equal(await value('goals-quotas'), 1_920_000_00);
    assert.equal(await text('goals-quotas'), '$1,920,000');
    assert.equal(await value('goals-over'), 1.2);
    assert.equal(await text('goals-over'), '120%');
    // The team tile is the board number; both gaps are there, each with its goal.
    assert.equal(await kpi(page, 'goal'), 1_600_000_00);
    const forecast = await kpi(page, 'forecast');
    assert.equal(await kpi(page, 'gap'), 1_600_000_00 - forecast);
    assert.equal(await value('goals-quota-gap'), 1_920_000_00 - forecast);
    assert.equal(await page.locator('[data-testid="no-close-date-banner"]').count(), 0, 'every sample deal has a close date');

    // By rep: each rep against a quota; the footer against the quotas, then the board number.
    const reps = page.locator('[data-testid="forecast-table-rep"] [data-testid="forecast-row"]');
    assert.equal(await reps.count(), 8);
    assert.match(await reps.first().locator('[data-testid="forecast-row-goal"]').textContent(), /\$240,000\s*roster quota/);
    assert.match(await text('forecast-total-quotas'), /^Team\s*against the reps' quotas\s*\$1,920,000/);
    assert.match(await text('forecast-total-team'), /^Team\s*against the board number\s*\$1,600,000/);
    await screenshot(page, '60-forecast-goals');

    // By manager: each team against the sum of its reps' quotas.
    await page.click('[data-testid="view-manager"]');
    const managers = page.locator('[data-testid="forecast-table-manager"] [data-testid="forecast-row"]');
    assert.equal(await managers.count(), 2);
    for (const goal of await managers.locator('[data-testid="forecast-row-goal"]').allTextContents()) {
      assert.match(goal, /\$960,000\s*reps' quotas/);
    }

    // The board pack says the same: Summary B5 team goal, B11 its gap, B16 the quotas, B17 the over-assignment.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="board-export"]')]);
    const bytes = readFileSync(await download.path());
    const summary = zipEntryText(bytes, 'xl/worksheets/sheet1.xml');
    const cell = (ref) => {
      const m = new RegExp(`<c r="${ref}"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>`).exec(summary);
      return m ? Number(m[1]) : null;
    };
    assert.equal(cell('B5') * 100, 1_600_000_00);
    assert.equal(Math.round(cell('B11') * 100), 1_600_000_00 - forecast);
    assert.equal(cell('B16') * 100, 1_920_000_00);
    assert.equal(cell('B17'), 1.2);
    assert.equal(Math.round(cell('B18') * 100), 1_920_000_00 - forecast);
  });

  it('shows the same figures in Settings, one quota per rep per quarter', async () => {
    await page.click('[data-testid="nav-settings"]');
    await page.waitForSelector('[data-testid="settings-rep-goal"][data-rep="Priya Shah"]');
    assert.equal(await value('settings-quotas-total'), 1_920_000_00);
    assert.equal(await value('settings-over-assignment'), 1.2);
    assert.match(await text('settings-over-assignment'), /^120% of the board number/);
    const priya = page.locator('[data-testid="settings-rep-goal"][data-rep="Priya Shah"]');
    assert.equal(await priya.getAttribute('data-basis'), 'roster_quota');
    assert.match(await priya.textContent(), /\$240,000 \(roster\)/);

    // Priya's quota for this quarter replaces her roster quota; the sum follows.
    await priya.locator('button[data-testid$="-edit"]').click();
    await priya.locator('input').fill('300000');
    await priya.locator('input').press('Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="settings-quotas-total"]')?.getAttribute('data-value') === String(1_980_000_00),
    );
    assert.equal(await priya.getAttribute('data-basis'), 'quota');
    assert.match(await text('settings-over-assignment'), /^124% of the board number/);
    await screenshot(page, '61-settings-goals');

    await page.click('[data-testid="nav-forecast"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="goals-quotas"]')?.getAttribute('data-value') === String(1_980_000_00));
    assert.equal(await value('goals-over'), 1.2375);
  });

  it('says where the numbers are that open deals have no close date, and opens them', async () => {
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', csvPath);
    await page.waitForSelector('[data-testid="mapping-table"]', { timeout: 15_000 });
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });

    await page.click('[data-testid="nav-forecast"]');
    const banner = page.locator('[data-testid="no-close-date-banner"]');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-deals'), '3');
    assert.equal(await banner.getAttribute('data-amount'), String(1_200_00));
    assert.match((await banner.textContent()).replace(/\s+/g, ' '), /3 open deals \(\$1,200\) have no close date, so they are in no quarter's forecast/);
    await screenshot(page, '62-forecast-no-close-date');

    await page.click('[data-testid="no-close-date-link"]');
    await page.waitForSelector('[data-testid="deal-row"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="deals-count"]')?.textContent === '3');
    assert.equal(await page.isChecked('[data-testid="filter-no-close-date"]'), true);
    assert.equal(await page.inputValue('[data-testid="filter-status"]'), 'open');
    const names = await page.locator('[data-testid="deal-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-deal-name')));
    assert.equal(names.length, 3);
    assert.equal(await text('deals-total'), '$1,200');
    await screenshot(page, '63-pipeline-no-close-date');
  });
});
