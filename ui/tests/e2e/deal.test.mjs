// Deals you can open, follow and fix (issue 14, items 4 and 5), in the real
// UI against `salesos serve` on the sample team: a Forecast rep row opens
// that rep's deals, a gap closer opens the deal panel, Enter opens the
// focused pipeline row, a close date corrected in the panel shows on its
// timeline and moves the forecast, and two picked rows get one close date
// from the bulk bar.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { BIN, CHROMIUM, kpi, launchBrowser, screenshot, startServer, tempDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

describe('Deal drill-down and corrections', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;
  let base;

  before(async () => {
    dataDir = tempDir('salesos-e2e-deal-');
    execFileSync(BIN, ['--data', dataDir, 'demo'], { env: { ...process.env, SALESOS_TODAY: '2026-11-25' } });
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    base = server.url.replace(/#.*$/, '');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The CLI's view of a deal, read from the same workspace. */
  const cliDeals = () => JSON.parse(execFileSync(BIN, ['--data', dataDir, 'deals', '--json'], { env: { ...process.env, SALESOS_TODAY: '2026-11-25' } }).toString());

  it('opens a rep’s deals of the quarter from the Forecast’s By rep table', async () => {
    await page.goto(base + '#/forecast');
    const link = page.locator('[data-testid="forecast-table-rep"] [data-testid="forecast-row-open"]').first();
    await link.waitFor({ timeout: 30_000 });
    const rep = (await link.textContent()).trim();
    await link.click();
    await page.waitForURL(/#\/pipeline\/rep\/\d+\/2026-Q4$/);
    await page.waitForSelector('[data-testid="deal-row"]');
    const owners = await page.$$eval('[data-testid="deal-row"] .cell.owner', (els) => els.map((e) => e.textContent.trim()));
    assert.ok(owners.length > 0);
    assert.deepEqual([...new Set(owners)], [rep], 'only the rep’s deals');
    const quarters = await page.$$eval('[data-testid="deal-row"] [data-testid="deal-quarter"]', (els) => [...new Set(els.map((e) => e.textContent.trim()))]);
    assert.deepEqual(quarters, ['2026-Q4']);
    const expected = cliDeals().filter((d) => d.owner === rep && d.close_date >= '2026-10-01' && d.close_date <= '2026-12-31').length;
    assert.equal(Number((await page.textContent('[data-testid="deals-count"]')).replace(/\D/g, '')), expected);
  });

  it('opens a deal from “Closing the gap”, corrects its close date, shows it on the timeline and moves the forecast', async () => {
    await page.goto(base + '#/forecast');
    const first = page.locator('[data-testid="gap-closer-open"]').first();
    await first.waitFor({ timeout: 30_000 });
    const name = (await first.textContent()).trim();
    const coverageBefore = await kpi(page, 'coverage');
    await first.click();
    const panel = page.locator('[data-testid="deal-panel"]');
    await panel.waitFor();
    assert.equal((await panel.locator('h2').textContent()).trim(), name);
    await panel.locator('[data-testid="deal-timeline"]').waitFor();
    assert.ok(await panel.locator('[data-testid="deal-facts"] [data-testid="risk-control"]').isVisible(), 'the risk control is in the panel');
    assert.ok((await panel.locator('[data-testid="timeline-entry"][data-kind="created"]').count()) === 1);

    // Out of this quarter: the deal leaves the gap list and the coverage drops.
    await panel.locator('[data-testid="deal-close-date"]').fill('2027-02-15');
    const entry = panel.locator('[data-testid="timeline-entry"][data-kind="correction"][data-field="close_date"]');
    await entry.waitFor();
    const text = (await entry.textContent()).replace(/\s+/g, ' ');
    assert.match(text, /Close date .* → Feb 15, 2027 \(corrected\)/);
    assert.match(text, /edited in SalesOS/);
    assert.match(await panel.locator('[data-testid="corrected-close_date"]').textContent(), /CRM: /);
    await page.waitForFunction(
      ([before]) => {
        const v = document.querySelector('[data-testid="kpi-coverage"]')?.getAttribute('data-value');
        return v !== null && v !== undefined && Number(v) < before;
      },
      [coverageBefore],
    );
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'deal-panel-timeline');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const names = await page.$$eval('[data-testid="gap-closer-open"]', (els) => els.map((e) => e.textContent.trim()));
    assert.ok(!names.includes(name), `${name} no longer closes this quarter`);
  });

  it('takes a correction back to the CRM\'s value', async () => {
    await page.goto(base + '#/pipeline');
    await page.waitForSelector('[data-testid="deal-row"]');
    await page.focus('[data-testid="deals-table"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-testid="deal-panel"]');
    await panel.locator('[data-testid="deal-timeline"]').waitFor();
    const crm = await panel.locator('[data-testid="deal-close-date"]').inputValue();
    await panel.locator('[data-testid="deal-close-date"]').fill('2027-03-31');
    await panel.locator('[data-testid="corrected-close_date"]').waitFor();
    await screenshot(page, 'deal-panel-use-crm');
    await panel.locator('[data-testid="use-crm-close_date"]').click();
    await panel.locator('[data-testid="corrected-close_date"]').waitFor({ state: 'detached' });
    assert.equal(await panel.locator('[data-testid="deal-close-date"]').inputValue(), crm);
    assert.equal(await panel.locator('[data-testid="use-crm-close_date"]').count(), 0);
    // Both the correction and its end are on the timeline.
    await panel.locator('[data-testid="timeline-entry"][data-kind="correction"][data-field="close_date"]').first().waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('opens the focused pipeline row with Enter', async () => {
    await page.goto(base + '#/pipeline');
    await page.waitForSelector('[data-testid="deal-row"]');
    await page.focus('[data-testid="deals-table"]');
    await page.keyboard.press('ArrowDown');
    const focused = page.locator('[data-testid="deal-row"].focused');
    await focused.waitFor();
    const name = await focused.getAttribute('data-deal-name');
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-testid="deal-panel"]');
    await panel.waitFor();
    assert.equal((await panel.locator('h2').textContent()).trim(), name);
    await panel.locator('[data-testid="deal-timeline"]').waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('sets one close date on two picked rows from the bulk bar', async () => {
    await page.goto(base + '#/pipeline');
    await page.waitForSelector('[data-testid="deal-row"]');
    // The Pipeline keeps the rep's view opened before: back to the open deals.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="deals-total-won"]'));
    await page.waitForSelector('[data-testid="deal-row"]');
    const rows = page.locator('[data-testid="deal-row"]');
    const ids = [await rows.nth(0).getAttribute('data-deal-id'), await rows.nth(1).getAttribute('data-deal-id')];
    const names = [await rows.nth(0).getAttribute('data-deal-name'), await rows.nth(1).getAttribute('data-deal-name')];
    await rows.nth(0).locator('[data-testid="deal-select"]').check();
    await rows.nth(1).locator('[data-testid="deal-select"]').check();
    const bar = page.locator('[data-testid="bulk-bar"]');
    await bar.waitFor();
    assert.equal((await bar.locator('[data-testid="bulk-count"]').textContent()).trim(), '2 selected');
    await bar.locator('[data-testid="bulk-close-date"]').fill('2027-03-31');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'pipeline-bulk-bar');
    await bar.locator('[data-testid="bulk-set-close-date"]').click();
    for (const id of ids) {
      await page.waitForFunction((id) => {
        const cell = document.querySelector(`[data-testid="deal-row"][data-deal-id="${id}"] .cell.close > span:first-child`);
        return cell?.textContent.trim() === 'Mar 31, 2027';
      }, id);
    }
    const byName = Object.fromEntries(cliDeals().map((d) => [d.name, d]));
    for (const n of names) assert.equal(byName[n].close_date, '2027-03-31', n);
    // The panel of one of them lists the correction on its timeline.
    await page.locator(`[data-testid="deal-row"][data-deal-id="${ids[0]}"] [data-testid="deal-open"]`).click();
    await page.locator('[data-testid="deal-panel"] [data-testid="timeline-entry"][data-kind="correction"]').first().waitFor();
  });
});
