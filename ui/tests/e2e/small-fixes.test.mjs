// Smaller things a first-time user tripped on (issue 14), in the real UI
// against `salesos serve`: a tab opened without the link's token says how to
// get back in; download names keep accented letters.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, inputDir, kpi, launchBrowser, screenshot, startServer, tempDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

describe('Small fixes', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-small-');
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

  it('a tab without the token explains how to get back in, with no button that cannot work', async () => {
    const bare = await browser.context.newPage();
    await bare.goto(server.url.replace(/#.*$/, '') + '#/forecast');
    await bare.waitForSelector('[data-testid="signed-out"]');
    const text = await bare.textContent('[data-testid="signed-out"]');
    assert.match(text, /open the link the terminal printed/i);
    assert.match(text, /run salesos serve again/i);
    assert.ok(!text.includes('`'), `no literal backticks: ${text}`);
    assert.equal(await bare.locator('main button').count(), 0, 'no "Try again" that cannot work');
    assert.equal(await bare.locator('[data-testid="workspace-error"]').count(), 0);
    await screenshot(bare, 'small-01-signed-out');
    await bare.close();
  });

  it('picks the currency from the ISO list: searching "euro" shows "EUR — Euro", and it saves', async () => {
    await page.goto(server.url);
    await page.goto(server.url.replace(/#.*$/, '') + '#/settings');
    await page.waitForSelector('[data-testid="settings-currency"] option[value="EUR"]', { state: 'attached' });
    await page.fill('[data-testid="currency-search"]', 'euro');
    const labels = await page.$$eval('[data-testid="settings-currency"] option', (os) => os.map((o) => o.textContent.trim()));
    assert.ok(labels.includes('EUR — Euro'), labels.join(', '));
    assert.ok(!labels.some((l) => l.startsWith('GBP')), 'the search narrows the list');
    await page.selectOption('[data-testid="settings-currency"]', 'EUR');
    await screenshot(page, 'small-02-currency-picker');
    await page.click('[data-testid="settings-save"]');
    await page.waitForSelector('[data-testid="settings-save"]:disabled');
    await page.reload();
    await page.waitForSelector('[data-testid="settings-currency"] option[value="EUR"]', { state: 'attached' });
    assert.equal(await page.inputValue('[data-testid="settings-currency"]'), 'EUR');
  });

  it('reopens an older import from the history, with its rows to fix', async () => {
    const bad = path.join(inputDir(), 'pipeline.csv');
    writeFileSync(
      bad,
      'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage\n' +
        '1,Acme renewal,Acme,Dana,120000,2026-12-15,Negotiation\n' +
        '2,Globex expansion,Globex,Dana,N/A,2026-12-20,Proposal\n' +
        ',,Umbrella,Marco,60000,2026-12-05,Demo\n',
    );
    const later = path.join(inputDir(), 'later.csv');
    writeFileSync(later, 'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage\n9,Initech,Initech,Dana,5000,2026-12-01,Demo\n');
    await page.goto(server.url);
    await page.goto(server.url.replace(/#.*$/, '') + '#/import');
    for (const file of [bad, later]) {
      await page.setInputFiles('[data-testid="file-input"]', file);
      await page.waitForSelector('[data-testid="preview-table"]', { timeout: 30_000 });
      await page.click('[data-testid="import-commit"]');
      await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });
      await page.click('[data-testid="import-another"]');
    }
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 2);
    // The older import is the second row (newest first).
    await page.locator('[data-testid="history-row"]').nth(1).locator('[data-testid="open-report"]').click();
    await page.waitForSelector('[data-testid="import-report"]');
    const head = await page.textContent('[data-testid="import-report"] header');
    assert.match(head, /Import of/);
    assert.match(head, /pipeline\.csv/);
    assert.equal((await page.textContent('[data-testid="report-rejected"]')).replace(/\D/g, ''), '1');
    await screenshot(page, 'small-05-reopened-import');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-issues"]')]);
    assert.equal(download.suggestedFilename(), 'pipeline - rows to fix.xlsx');
  });

  it('shows identical warnings of a Maven-like export as one line with their rows', async () => {
    const rows = ['opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value'];
    for (let i = 2; i <= 40; i++) rows.push(`MV-${i},Priya Shah,GTX Pro,Acct ${i},Engaging,2026-10-02,,`);
    rows.push('MV-41,Priya Shah,GTX Pro,Acct 41,Won,2026-09-01,2026-10-20,5000');
    rows.push('MV-42,Tom Becker,GTX Pro,Acct 42,Prospecting,2026-10-02,,');
    const file = path.join(inputDir(), 'sales_pipeline.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    await page.goto(server.url.replace(/#.*$/, '') + '#/import');
    if (await page.locator('[data-testid="import-another"]').count()) await page.click('[data-testid="import-another"]');
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForSelector('[data-testid="preview-table"]', { timeout: 30_000 });
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });
    const lines = page.locator('[data-testid="report-warnings-table"] [data-testid="issue-group"]');
    assert.equal(await lines.count(), 1);
    assert.equal(await lines.first().getAttribute('data-count'), '40');
    const text = await lines.first().textContent();
    assert.match(text, /2–40, 42/);
    assert.match(text, /without a close date/);
    await screenshot(page, 'small-06-grouped-warnings');
    await page.click('[data-testid="import-another"]');
  });

  it('keeps accented letters in a download name', async () => {
    await page.goto(server.url);
    await page.goto(server.url.replace(/#.*$/, '') + '#/hiring');
    await page.waitForSelector('[data-testid="board-empty"]');
    await page.fill('[data-testid="hiring-who"]', 'Dana Lead');
    await page.press('[data-testid="hiring-who"]', 'Enter');
    await page.click('[data-testid="new-candidate"]');
    await page.fill('[data-testid="candidate-name"]', 'Zoë Müller');
    await page.selectOption('[data-testid="candidate-source"]', 'referral');
    await page.click('[data-testid="candidate-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="candidate-title"]')?.textContent === 'Zoë Müller');
    await page.click('[data-testid="tab-debrief"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-packet"]')]);
    assert.equal(download.suggestedFilename(), 'Zoë Müller - candidate packet.xlsx');
  });
});

describe('The sample team\'s forecast history', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-small-demo-');
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.click('[data-testid="welcome-demo"]');
    await page.waitForSelector('[data-testid="kpi-forecast"]', { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws the goal on every week and starts the call from the forecast, formatted', async () => {
    await page.waitForSelector('[data-testid="trend-chart"]');
    const weeks = await page.evaluate(() => document.querySelectorAll('[data-testid="trend-chart"]').length);
    assert.equal(weeks, 1);
    // The quarter 2026-Q4 has 14 fiscal weeks (Oct 1, then every Monday to Dec 28).
    assert.equal(await page.getAttribute('[data-testid="trend-chart"]', 'data-goal-weeks'), '14');
    const forecast = await kpi(page, 'forecast');
    const input = await page.inputValue('[data-testid="call-input"]');
    assert.match(input, /^\d{1,3}(,\d{3})+$/, `grouped like money: ${input}`);
    assert.equal(Number(input.replace(/,/g, '')), Math.round(forecast / 100));
    await page.locator('[data-testid="forecast-history"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'small-03-forecast-history');
  });

  it('says new first meetings cannot close with fewer days left than the cycle, and moves them to next quarter', async () => {
    // 37 days left on 25 Nov 2026; the sample team's won deals take longer than that.
    const banner = await page.textContent('[data-testid="gap-plan-carried"]');
    assert.match(banner, /new first meetings cannot close this quarter/);
    assert.match(banner, /2027-Q1's plan/);
    assert.equal(await kpi(page, 'first-meetings'), 0);
    assert.ok(Number(await page.getAttribute('[data-testid="gap-plan-carried"]', 'data-meetings')) > 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/small-04-gap-plan.png' });
  });
});
