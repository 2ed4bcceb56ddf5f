// Forecast history in a real browser against the real `salesos serve`: the
// weekly trend built from snapshots, a snapshot on demand, the pipeline
// movement after a re-import, calling the number, and a past quarter's accuracy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir, inputDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

const HEADER = 'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Created Date,Close Date,Stage,Risk\n';
const WEEK_1 =
  HEADER +
  [
    'A,Alpha,Acme,Ann,100000,2026-07-10,2026-08-15,Closed Won,',
    'F,Foxtrot,Fern,Ann,80000,2026-08-01,2026-10-15,Closed Won,',
    'G,Golf,Glen,Ann,60000,2026-09-01,2026-12-10,Negotiation,green',
    'H,Hotel,Hill,Bob,30000,2026-09-15,2026-12-20,Proposal,yellow',
    'I,India,Isle,Bob,45000,2026-10-01,2026-12-01,Discovery,orange',
    'J,Juliet,Jade,Ann,20000,2026-10-02,2026-11-30,Demo,red',
    'K,Kilo,Kite,Bob,10000,2026-10-03,2026-12-15,Discovery,',
    'L,Lima,Lake,Ann,99000,2026-10-04,2027-01-15,Negotiation,green',
  ].join('\n') +
  '\n';
// A week later: Golf pushed out, Lima pulled in, Hotel won, India lost, Juliet up, Kilo down, Mike new.
const WEEK_2 =
  HEADER +
  [
    'A,Alpha,Acme,Ann,100000,2026-07-10,2026-08-15,Closed Won,',
    'F,Foxtrot,Fern,Ann,80000,2026-08-01,2026-10-15,Closed Won,',
    'G,Golf,Glen,Ann,60000,2026-09-01,2027-01-20,Negotiation,green',
    'H,Hotel,Hill,Bob,30000,2026-09-15,2026-11-20,Closed Won,',
    'I,India,Isle,Bob,45000,2026-10-01,2026-11-19,Closed Lost,',
    'J,Juliet,Jade,Ann,25000,2026-10-02,2026-11-30,Demo,red',
    'K,Kilo,Kite,Bob,8000,2026-10-03,2026-12-15,Discovery,',
    'L,Lima,Lake,Ann,99000,2026-10-04,2026-12-05,Negotiation,green',
    'M,Mike,Moor,Bob,15000,2026-11-20,2026-12-12,Discovery,',
  ].join('\n') +
  '\n';

describe('forecast history', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  /** Runs the CLI on the same workspace as of `today`. */
  const cli = (today, ...args) => execFileSync(BIN, ['--data', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: today } });

  async function open(today) {
    await browser?.close();
    await server?.stop();
    server = await startServer(dataDir, { SALESOS_TODAY: today });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForSelector('[data-testid="forecast-history"]');
  }

  const snapshotCount = () => page.textContent('[data-testid="snapshot-count"]');

  before(async () => {
    dataDir = tempDir('salesos-e2e-history-');
    const week1 = path.join(inputDir(), 'week1.csv');
    writeFileSync(week1, WEEK_1);
    cli('2026-09-07', 'import', week1);
    cli('2026-09-07', 'forecast', 'call', '101k', '--note', 'Alpha is the quarter');
    // Earlier weeks of Q4, kept by the CLI, so the trend has a shape.
    for (const [day, called] of [
      ['2026-10-05', '150k'],
      ['2026-10-19', null],
      ['2026-11-02', '165k'],
    ]) {
      cli(day, 'snapshot');
      if (called) cli(day, 'forecast', 'call', called);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the week on first open and takes a snapshot on demand', async () => {
    await open('2026-11-16');
    // Three from the CLI and one taken automatically when the app opened.
    assert.match(await snapshotCount(), /^4 snapshots/);
    assert.equal(await page.getAttribute('[data-testid="trend-chart"]', 'data-points'), '4');
    await page.click('[data-testid="take-snapshot"]');
    await page.waitForFunction(() => /^5 snapshots/.test(document.querySelector('[data-testid="snapshot-count"]')?.textContent?.trim() ?? ''));
    // Both of this week's snapshots are identical: nothing moved between them.
    await page.waitForSelector('[data-testid="movement-bridge"]');
    assert.equal(await page.locator('[data-testid="movement-row"]').count(), 0);
  });

  it('shows what moved after a re-import, by deal and by category', async () => {
    writeFileSync(path.join(inputDir(), 'week2.csv'), WEEK_2);
    cli('2026-11-23', 'import', path.join(inputDir(), 'week2.csv'));
    await open('2026-11-23');
    assert.match(await snapshotCount(), /^6 snapshots/, 'the new week was kept on open');
    await page.click('[data-testid="take-snapshot"]');
    await page.waitForFunction(() => /^7 snapshots/.test(document.querySelector('[data-testid="snapshot-count"]')?.textContent?.trim() ?? ''));
    assert.equal(await page.getAttribute('[data-testid="trend-chart"]', 'data-points'), '5');

    // Compare last week's hand-taken snapshot with this week's.
    const options = await page.locator('[data-testid="movement-from"] option').allTextContents();
    const lastWeek = options.findIndex((o) => /Week of Nov 16.*by hand/.test(o));
    assert.ok(lastWeek >= 0, options.join(' | '));
    await page.selectOption('[data-testid="movement-from"]', { index: lastWeek });
    await page.waitForSelector('[data-testid="movement-row"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="movement-row"]').length === 7);
    const category = (name) => page.getAttribute(`[data-testid="movement-row"][data-deal-name="${name}"]`, 'data-category');
    assert.equal(await category('Golf'), 'pushed_out');
    assert.equal(await category('Lima'), 'pulled_in');
    assert.equal(await category('Hotel'), 'won');
    assert.equal(await category('India'), 'lost');
    assert.equal(await category('Juliet'), 'amount_up');
    assert.equal(await category('Kilo'), 'amount_down');
    assert.equal(await category('Mike'), 'new');
    assert.match(await page.textContent('[data-testid="movement-total-pushed_out"]'), /\$60,000/);
    assert.match(await page.textContent('[data-testid="movement-bridge"]'), /\$165,000.*\$147,000/s);
    await page.locator('[data-testid="movement"]').scrollIntoViewIfNeeded();
    await screenshot(page, '30-forecast-movement');
  });

  it('shows risk changes as movement that adds up to the forecast', async () => {
    // On the Pipeline page: Juliet red → green and Kilo unassessed → yellow enter the forecast, Lima green → red leaves it.
    await page.click('[data-testid="nav-pipeline"]');
    await page.waitForSelector('[data-testid="deal-row"]');
    for (const [name, risk] of [
      ['Juliet', 'green'],
      ['Kilo', 'yellow'],
      ['Lima', 'red'],
    ]) {
      await page.locator(`[data-testid="deal-row"][data-deal-name="${name}"] [data-testid="risk-${risk}"]`).click();
      await page.waitForFunction(
        ([n, r]) => document.querySelector(`[data-deal-name="${n}"] [data-testid="risk-control"]`)?.getAttribute('data-risk') === r,
        [name, risk],
      );
    }
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForSelector('[data-testid="forecast-history"]');
    await page.click('[data-testid="take-snapshot"]');
    await page.waitForFunction(() => /^8 snapshots/.test(document.querySelector('[data-testid="snapshot-count"]')?.textContent?.trim() ?? ''));
    // The latest two snapshots: only the risks changed.
    const n = await page.locator('[data-testid="movement-from"] option').count();
    await page.selectOption('[data-testid="movement-to"]', { index: n - 1 });
    await page.selectOption('[data-testid="movement-from"]', { index: n - 2 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="movement-row"]').length === 3);
    const row = (name) => page.locator(`[data-testid="movement-row"][data-deal-name="${name}"]`);
    assert.equal(await row('Juliet').getAttribute('data-category'), 'into_forecast');
    assert.equal(await row('Kilo').getAttribute('data-category'), 'into_forecast');
    assert.equal(await row('Lima').getAttribute('data-category'), 'out_of_forecast');
    assert.match(await row('Lima').locator('[data-testid="movement-risk"]').textContent(), /Green\s*→\s*Red/);
    assert.match(await row('Lima').locator('[data-testid="movement-forecast-change"]').textContent(), /−\$99,000|-\$99,000/);
    const chip = async (c) => Number(await page.getAttribute(`[data-testid="movement-total-${c}"]`, 'data-forecast-change'));
    assert.equal(await chip('into_forecast'), 33_000_00);
    assert.equal(await chip('out_of_forecast'), -99_000_00);
    // Every change of the forecast is explained: the chips add up to the bridge.
    const bridge = page.locator('[data-testid="movement-forecast-bridge"]');
    const from = Number(await bridge.getAttribute('data-from'));
    const to = Number(await bridge.getAttribute('data-to'));
    const chips = await page
      .locator('[data-testid^="movement-total-"]')
      .evaluateAll((els) => els.reduce((sum, el) => sum + Number(el.getAttribute('data-forecast-change')), 0));
    assert.equal(to - from, -66_000_00);
    assert.equal(chips, to - from);
    await page.locator('[data-testid="movement"]').scrollIntoViewIfNeeded();
    await screenshot(page, '33-forecast-movement-risk');
  });

  it('calls the number for the week, kept with its note', async () => {
    await page.fill('[data-testid="call-input"]', '195k');
    await page.fill('[data-testid="call-note-input"]', 'Lima signs before the holidays; Golf is gone');
    await page.click('[data-testid="call-save"]');
    await page.waitForSelector('[data-testid="call-current"]');
    assert.equal((await page.textContent('[data-testid="call-amount"]')).trim(), '$195,000');
    assert.match(await page.textContent('[data-testid="call-note"]'), /Lima signs/);
    const history = JSON.parse(cli('2026-11-23', 'forecast', 'history', '--json'));
    const week = history.weeks.at(-1);
    assert.equal(week.week_start, '2026-11-23');
    assert.equal(week.called, 195000);
    assert.equal(week.call_note, 'Lima signs before the holidays; Golf is gone');
    await page.locator('[data-testid="forecast-history"]').scrollIntoViewIfNeeded();
    await screenshot(page, '31-forecast-trend');
  });

  it('judges a finished quarter against what closed', async () => {
    await page.selectOption('[data-testid="forecast-quarter"]', '2026-Q3');
    await page.waitForSelector('[data-testid="accuracy-table"]');
    assert.equal(await page.locator('[data-testid="accuracy-row"]').count(), 1);
    assert.match(await page.textContent('[data-testid="accuracy-summary"]'), /\$100,000.*1\s*of 1/s);
    assert.equal(await page.locator('[data-testid="take-snapshot"]').count(), 0, 'a past quarter takes no snapshots');
    await page.locator('[data-testid="accuracy"]').scrollIntoViewIfNeeded();
    await screenshot(page, '32-forecast-accuracy');
  });
});
