// End to end in a real browser against the real `salesos serve`: import a CSV through
// the Import page, change a risk on the Pipeline page, see the Forecast page change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, kpi, launchBrowser, screenshot, startServer, tempDir, zipEntryText } from './helpers.mjs';

const CSV = [
  'Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage,Risk',
  'Acme Platform Renewal,Acme Corp,Dana Whitfield,"$120,000.00",2026-12-15,Negotiation,green',
  'Globex Expansion,Globex,Dana Whitfield,"$80,000.00",2026-12-20,Proposal/Price Quote,yellow',
  'Initech Pilot,Initech,Marco Ruiz,"$45,000.00",2026-11-30,Discovery,',
  'Umbrella Analytics,Umbrella,Marco Ruiz,"$60,000.00",2026-12-05,Demo,orange',
  'Hooli Rollout,Hooli,Dana Whitfield,"$30,000.00",2026-10-15,Closed Won,',
  'Vandelay Imports,Vandelay,Marco Ruiz,"$25,000.00",2026-10-20,Closed Lost,',
  'Stark Upgrade,Stark Industries,Priya Natarajan,N/A,2026-12-10,Qualification,red',
].join('\r\n') + '\r\n';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

describe('SalesOS in the browser', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;
  let csvPath;

  before(async () => {
    dataDir = tempDir('salesos-e2e-');
    const filesDir = tempDir('salesos-e2e-files-');
    csvPath = path.join(filesDir, 'q4-pipeline.csv');
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

  it('opens on the welcome panel of an empty workspace', async () => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="welcome"]');
    assert.equal(new URL(page.url()).hash.includes('token'), false, 'the token is removed from the address bar');
    await screenshot(page, '01-welcome');
  });

  it('explains a file that is not a spreadsheet', async () => {
    await page.click('[data-testid="welcome-import"]');
    await page.waitForSelector('[data-testid="drop-zone"]');
    await screenshot(page, '02-import-start');
    await page.setInputFiles('[data-testid="file-input"]', {
      name: 'photo.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]),
    });
    const msg = await page.textContent('[data-testid="import-error"]', { timeout: 15_000 });
    assert.ok(msg && msg.length > 10, `an error message is shown, got ${msg}`);
  });

  it('imports a CSV through file → mapping → report', async () => {
    await page.setInputFiles('[data-testid="file-input"]', csvPath);
    await page.waitForSelector('[data-testid="mapping-table"]', { timeout: 15_000 });
    assert.equal(await page.textContent('[data-testid="staged-file-name"]'), 'q4-pipeline.csv');
    assert.equal(await page.locator('[data-testid="mapping-row"]').count(), 7);
    // Every column of this export maps to a field by itself.
    const fields = await page.locator('[data-testid="mapping-field"]').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(fields.filter((f) => !f), [], `all columns mapped: ${fields}`);
    assert.ok(await page.locator('[data-testid="stage-label-row"]').count() >= 4, 'stage labels are listed');
    await screenshot(page, '03-import-mapping');

    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });
    const n = async (id) => Number((await page.textContent(`[data-testid="report-${id}"] .n`)).replace(/,/g, ''));
    assert.equal(await n('rows-read'), 7);
    assert.equal(await n('created'), 7);
    assert.equal(await n('rejected'), 0);
    assert.ok((await n('warnings')) >= 1, 'the N/A amount is a warning');
    const warnings = await page.textContent('[data-testid="report-warnings-table"]');
    assert.match(warnings, /N\/A/);
    assert.equal(await page.locator('[data-testid="history-row"]').count(), 1);
    assert.equal(await page.locator('[data-testid="revert-import"]').count(), 1);
    await screenshot(page, '04-import-report');

    // The flagged rows come back as a workbook to fix and re-import.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-issues"]')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const saved = await download.path();
    assert.equal(readFileSync(saved).subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');
  });

  let before0;
  it('shows the forecast of the imported quarter', async () => {
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForSelector('[data-testid="kpi-commit"]');
    assert.equal(await page.inputValue('[data-testid="forecast-quarter"]'), '2026-Q4');
    before0 = { commit: await kpi(page, 'commit'), best: await kpi(page, 'best-case'), forecast: await kpi(page, 'forecast') };
    assert.equal(await kpi(page, 'closed-won'), 30_000_00);
    assert.equal(before0.commit, 120_000_00);
    assert.equal(before0.best, 80_000_00);

    // The team goal is edited in place.
    await page.click('[data-testid="goal-edit"]');
    await page.fill('[data-testid="goal-input"]', '400000');
    await page.press('[data-testid="goal-input"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-goal"]')?.getAttribute('data-value') === '40000000');
    assert.ok((await kpi(page, 'gap')) > 0, 'short of the goal');
  });

  it('changes risks inline on the Pipeline page', async () => {
    await page.click('[data-testid="nav-pipeline"]');
    await page.waitForSelector('[data-testid="deal-row"]');
    assert.equal(await page.textContent('[data-testid="deals-count"]'), '5', 'the open deals by default');
    await screenshot(page, '05-pipeline');

    // Initech Pilot has no risk yet: mark it green with the inline control.
    const initech = page.locator('[data-testid="deal-row"][data-deal-name="Initech Pilot"]');
    assert.equal(await initech.locator('[data-testid="risk-control"]').getAttribute('data-risk'), 'none');
    await initech.locator('[data-testid="risk-green"]').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-deal-name="Initech Pilot"] [data-testid="risk-control"]')?.getAttribute('data-risk') === 'green');

    // Umbrella Analytics is orange: select the row and press Y.
    const umbrella = page.locator('[data-testid="deal-row"][data-deal-name="Umbrella Analytics"]');
    await umbrella.locator('.cell.name').click();
    await page.keyboard.press('y');
    await page.waitForFunction(() =>
      document.querySelector('[data-deal-name="Umbrella Analytics"] [data-testid="risk-control"]')?.getAttribute('data-risk') === 'yellow');

    // Arrow keys move between rows; 0 clears.
    await page.keyboard.press('ArrowDown');
    const focusedName = await page.evaluate(() => document.activeElement?.getAttribute('data-deal-name'));
    assert.ok(focusedName && focusedName !== 'Umbrella Analytics', 'focus moved to the next row');

    // Filters: only the green deals.
    await page.selectOption('[data-testid="filter-risk"]', 'green');
    await page.waitForFunction(() => document.querySelector('[data-testid="deals-count"]')?.textContent === '2');
    await page.click('[data-testid="filter-clear"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="deals-count"]')?.textContent === '5');
  });

  it('sees the Forecast page change', async () => {
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="kpi-commit"]')?.getAttribute('data-value') === String(want),
      before0.commit + 45_000_00,
    );
    assert.equal(await kpi(page, 'commit'), 165_000_00);
    assert.equal(await kpi(page, 'best-case'), 140_000_00);
    assert.equal(await kpi(page, 'forecast'), before0.forecast + 45_000_00 + 60_000_00);
    assert.ok(await page.locator('[data-testid="gap-closer"]').count() >= 1);
    assert.ok(await page.locator('[data-testid="forecast-chart"] canvas').count() >= 1, 'the chart is drawn');
    await screenshot(page, '06-forecast');
    await page.click('[data-testid="view-manager"]');
    await page.waitForSelector('[data-testid="forecast-table-manager"]');
  });

  it('exports the board pack with the changed numbers in it', async () => {
    await page.click('[data-testid="view-rep"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="board-export"]')]);
    assert.equal(download.suggestedFilename(), 'Board forecast 2026-Q4.xlsx');
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');
    const workbook = zipEntryText(bytes, 'xl/workbook.xml');
    for (const sheet of ['Summary', 'By rep', 'By manager', 'Stage x risk', 'Gap plan', 'Deals', 'Assumptions']) {
      assert.ok(workbook.includes(`name="${sheet}"`), `sheet ${sheet}`);
    }
    // The Summary's commit and forecast: formulas whose stored results are the page's numbers.
    const summary = zipEntryText(bytes, 'xl/worksheets/sheet1.xml');
    const cell = (ref) => new RegExp(`<c r="${ref}"[^>]*><f>([^<]*)</f><v>([^<]*)</v>`).exec(summary);
    assert.match(cell('B7')[1], /^SUMIFS\(Deals\[Amount\]/);
    assert.equal(Number(cell('B7')[2]) * 100, await kpi(page, 'commit'));
    assert.equal(Number(cell('B10')[2]) * 100, await kpi(page, 'forecast'));
  });

  it('shows the settings', async () => {
    await page.click('[data-testid="nav-settings"]');
    await page.waitForSelector('[data-testid="stage-mapping-row"]');
    // The select takes its value once its ~180 currencies are in it: a
    // read the moment the page's rows appear could come before that.
    await page.waitForFunction(() => {
      const select = /** @type {HTMLSelectElement | null} */ (document.querySelector('[data-testid="settings-currency"]'));
      return !!select && select.value !== '';
    });
    assert.equal(await page.inputValue('[data-testid="settings-currency"]'), 'USD');
    assert.ok(await page.locator('[data-testid="settings-rep-goal"]').count() >= 3, 'each owner became a rep');
    await screenshot(page, '07-settings');
  });

  it('reverts the import from the history', async () => {
    await page.click('[data-testid="nav-import"]');
    await page.click('[data-testid="revert-import"]');
    await page.waitForSelector('[data-testid="confirm-dialog"][open]');
    await page.click('[data-testid="confirm-ok"]');
    await page.waitForSelector('[data-testid="history-row"] .pill.lost');
    await page.click('[data-testid="nav-pipeline"]');
    await page.waitForSelector('[data-testid="welcome"]');
  });
});

describe('SalesOS sample team', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;

  before(async () => {
    dataDir = tempDir('salesos-e2e-demo-');
    server = await startServer(dataDir);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the sample team from the welcome panel', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.click('[data-testid="welcome-demo"]');
    await page.waitForSelector('[data-testid="kpi-forecast"]', { timeout: 60_000 });
    assert.ok((await kpi(page, 'forecast')) > 0, 'the sample team has a forecast');
    await screenshot(page, '08-forecast-sample-team');
    await page.click('[data-testid="nav-pipeline"]');
    await page.waitForSelector('[data-testid="deal-row"]');
    const scroller = page.locator('[data-testid="deals-table"] .scroll');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.waitForTimeout(400);
    assert.ok(await page.locator('[data-testid="deal-row"]').count() > 5, 'rows render after a long scroll');
    await screenshot(page, '09-pipeline-sample-team');
  });
});
