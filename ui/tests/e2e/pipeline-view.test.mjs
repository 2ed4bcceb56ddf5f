// The Pipeline as a new sales manager meets it at 1440×900 (issue 14, items 13
// and 15): it opens on the open deals, totals won, lost and open apart when a
// view holds more than one status, keeps its filters when you leave and come
// back, and shows long deal and account names whole.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir, inputDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);
const LONG_NAME = 'Northwind Traders global platform renewal'; // 41 characters
const LONG_ACCOUNT = 'Northwind Traders Ltd'; // 21 characters: cut at about 16 before

describe('the Pipeline view', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-pipeline-view-');
    const csv = path.join(inputDir(), 'pipeline-view.csv');
    writeFileSync(
      csv,
      [
        'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage',
        `V-1,${LONG_NAME},${LONG_ACCOUNT},Dana Whitfield,120000,2026-12-15,Proposal/Price Quote`,
        'V-2,Globex Expansion,Globex,Dana Whitfield,80000,2027-01-20,Discovery',
        'V-3,Initech Pilot,Initech,Marco Ruiz,45000,2026-12-05,Discovery',
        'V-4,Hooli Rollout,Hooli,Dana Whitfield,30000,2026-10-15,Closed Won',
        'V-5,Vandelay Imports,Vandelay,Marco Ruiz,25000,2026-10-20,Closed Lost',
        // Enough open deals for the table to scroll: its scrollbar takes width too.
        ...Array.from({ length: 25 }, (_, i) => `F-${i + 1},Small deal ${i + 1},Acme,Marco Ruiz,1000,2026-12-20,Discovery`),
      ].join('\n') + '\n',
    );
    execFileSync(BIN, ['--data', dataDir, 'import', csv], { env: { ...process.env, SALESOS_TODAY: '2026-11-25' } });
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.click('[data-testid="nav-pipeline"]');
    await page.waitForSelector('[data-testid="deal-row"]');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const count = () => page.textContent('[data-testid="deals-count"]');
  const waitCount = (n) => page.waitForFunction((want) => document.querySelector('[data-testid="deals-count"]')?.textContent === want, String(n));

  it('opens on the open deals, with their total', async () => {
    assert.equal(await page.inputValue('[data-testid="filter-status"]'), 'open');
    assert.equal(await count(), '28');
    assert.equal(await page.textContent('[data-testid="deals-total"]'), '$270,000');
    assert.equal(await page.locator('[data-testid="filter-clear"]').count(), 0, 'the default view has nothing to clear');
  });

  it('totals open, won and lost apart when the view holds them all', async () => {
    await page.selectOption('[data-testid="filter-status"]', '');
    await waitCount(30);
    assert.equal(await page.locator('[data-testid="deals-total"]').count(), 0, 'no single total over mixed statuses');
    const total = async (status) => {
      const el = page.locator(`[data-testid="deals-total-${status}"]`);
      return { deals: await el.getAttribute('data-deals'), amount: await el.getAttribute('data-amount'), text: (await el.textContent()).replace(/\s+/g, ' ').trim() };
    };
    assert.deepEqual(await total('open'), { deals: '28', amount: String(270_000_00), text: 'Open 28 · $270,000' });
    assert.deepEqual(await total('won'), { deals: '1', amount: String(30_000_00), text: 'Won 1 · $30,000' });
    assert.deepEqual(await total('lost'), { deals: '1', amount: String(25_000_00), text: 'Lost 1 · $25,000' });
    await screenshot(page, '40-pipeline-by-status');
    // Clear filters goes back to the open deals.
    await page.click('[data-testid="filter-clear"]');
    await waitCount(28);
    assert.equal(await page.inputValue('[data-testid="filter-status"]'), 'open');
  });

  it('keeps the filters when leaving the page and coming back', async () => {
    await page.selectOption('[data-testid="filter-quarter"]', '2026-Q4');
    await page.fill('[data-testid="filter-search"]', 'north');
    await waitCount(1);
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForSelector('[data-testid="kpi-commit"]');
    await page.click('[data-testid="nav-pipeline"]');
    await page.waitForSelector('[data-testid="deal-row"]');
    assert.equal(await page.inputValue('[data-testid="filter-quarter"]'), '2026-Q4');
    assert.equal(await page.inputValue('[data-testid="filter-search"]'), 'north');
    assert.equal(await page.inputValue('[data-testid="filter-status"]'), 'open');
    await waitCount(1);
    await page.click('[data-testid="filter-clear"]');
    await waitCount(28);
  });

  it('shows a 40-character deal name and account whole at 1440×900, and the filters unclipped', async () => {
    const row = page.locator(`[data-testid="deal-row"][data-deal-name="${LONG_NAME}"]`);
    await row.waitFor();
    const scroll = await page.locator('[data-testid="deals-table"] .scroll').evaluate((el) => el.scrollHeight > el.clientHeight);
    assert.ok(scroll, 'the table scrolls, so its scrollbar takes its width');
    await screenshot(page, '41-pipeline-1440');
    const fits = (locator) => locator.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, text: el.textContent }));
    const name = await fits(row.locator('[data-testid="deal-open"]'));
    assert.ok(name.scroll <= name.client, `the deal name is cut: ${JSON.stringify(name)}`);
    const account = await fits(row.locator('.cell.account'));
    assert.ok(account.scroll <= account.client, `the account is cut: ${JSON.stringify(account)}`);
    // The search field shows its whole placeholder; the quarter select its whole label.
    const search = await page.locator('[data-testid="filter-search"]').evaluate((el) => {
      const cs = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      return { need: ctx.measureText(el.placeholder).width, room };
    });
    assert.ok(search.need <= search.room, `the search placeholder is clipped: ${JSON.stringify(search)}`);
    await page.selectOption('[data-testid="filter-quarter"]', '2026-Q4');
    const quarter = await page.locator('[data-testid="filter-quarter"]').evaluate((el) => {
      const cs = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
      const label = el.options[el.selectedIndex].text;
      // Room for the text: the box less its padding and the drop-down arrow (about 20px).
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
      return { label, need: ctx.measureText(label).width, room };
    });
    assert.equal(quarter.label, '2026-Q4 (this quarter)');
    assert.ok(quarter.need <= quarter.room, `the quarter select is clipped: ${JSON.stringify(quarter)}`);
    await page.click('[data-testid="filter-clear"]');
  });
});
