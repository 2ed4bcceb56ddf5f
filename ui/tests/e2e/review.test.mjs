// The weekly deal review in a real browser against the real `salesos serve`:
// walk two deals with the keyboard and the mouse (verify, set the risk, plan a
// next step), see the forecast follow, and find the review in the deal's history.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir, zipEntryText, inputDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

/** The forecast as the CLI computes it from the same workspace. */
function forecastJson(dataDir) {
  return JSON.parse(
    execFileSync(BIN, ['--data', dataDir, 'forecast', '--json'], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: '2026-11-25' } }),
  );
}

describe('the deal review', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-review-');
    const csv = path.join(inputDir(), 'pipe.csv');
    // Today is 2026-11-25: quarter 2026-Q4. R-3 closed in the past while open.
    writeFileSync(
      csv,
      [
        'Opportunity ID,Opportunity Name,Amount,Close Date,Created Date,Stage,Owner,Next Step,Last Activity',
        'R-1,Umbrella rollout,80000,2026-12-15,2026-10-01,Proposal/Price Quote,Alex Kim,Pricing call,2026-11-20',
        'R-2,Acme renewal,30000,2026-12-20,2026-10-15,Discovery,Alex Kim,Discovery call,2026-11-24',
        'R-3,Stark expansion,20000,2026-11-10,2026-09-01,Prospecting,Sam Lee,,2026-10-01',
        'W-1,Won earlier,10000,2026-10-05,2026-09-01,Closed Won,Alex Kim,,',
      ].join('\n') + '\n',
    );
    execFileSync(BIN, ['--data', dataDir, 'import', csv], { env: { ...process.env, SALESOS_TODAY: '2026-11-25' } });
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.click('[data-testid="nav-review"]');
    await page.waitForSelector('[data-testid="review-deal"]');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the quarter largest first, with the flags to verify', async () => {
    const names = await page.locator('[data-testid="review-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-deal-name')));
    assert.deepEqual(names, ['Umbrella rollout', 'Acme renewal', 'Stark expansion']);
    assert.equal(await page.textContent('[data-testid="review-deal-name"]'), 'Umbrella rollout');
    // The past close date and the missing next step of R-3 are flagged.
    await page.locator('[data-testid="review-item"][data-deal-name="Stark expansion"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="review-deal-name"]')?.textContent === 'Stark expansion');
    const flags = await page.textContent('[data-testid="review-flags"]');
    assert.match(flags, /Close date 2026-11-10 passed 15 days ago/);
    assert.match(flags, /No next step/);
    assert.match(flags, /No activity for 55 days/);
    await page.locator('[data-testid="review-item"]').first().click();
  });

  it('reviews two deals: verify, set the risk, plan the next step, and the forecast follows', async () => {
    const before = forecastJson(dataDir);
    assert.equal(before.commit, 0);
    await page.fill('[data-testid="review-reviewer"]', 'Morgan');

    // Deal 1 with the keyboard: G for green, a suggested criterion as the next step, Ctrl+Enter.
    await page.waitForFunction(() => document.querySelector('[data-testid="review-deal-name"]')?.textContent === 'Umbrella rollout');
    await page.locator('[data-testid="review-deal-name"]').click();
    await page.keyboard.press('g');
    assert.equal(await page.getAttribute('[data-testid="review-risk-green"]', 'aria-checked'), 'true');
    assert.match(await page.textContent('[data-testid="review-assess"]'), /No open risk/);
    await page.locator('[data-testid="review-suggestion"]').first().click();
    assert.match(await page.inputValue('[data-testid="review-step-text"]'), /^Get: /);
    await page.fill('[data-testid="review-step-due"]', '2026-12-02');
    await page.click('[data-testid="review-step-add"]');
    await page.waitForSelector('[data-testid="review-planned"]');
    await screenshot(page, '30-review-deal');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="review-deal-name"]')?.textContent === 'Acme renewal');
    assert.match(await page.textContent('[data-testid="review-progress"]'), /^1 reviewed this week/);

    // Deal 2 with the mouse: yellow, the amount is wrong in the CRM, a typed next step.
    await page.click('[data-testid="review-risk-yellow"]');
    await page.check('[data-testid="fix-amount"]');
    await page.fill('[data-testid="review-step-text"]', 'Get: the budget owner on the next call');
    await page.fill('[data-testid="review-note"]', 'Budget owner unknown');
    await page.click('[data-testid="review-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="review-deal-name"]')?.textContent === 'Stark expansion');
    assert.match(await page.textContent('[data-testid="review-progress"]'), /^2 reviewed this week/);

    const after = forecastJson(dataDir);
    assert.equal(after.commit, 80000, 'the green deal is commit');
    assert.equal(after.best_case, 30000, 'the yellow deal is best case');

    // The Forecast page shows the new commit.
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForFunction(() => /\$80,000/.test(document.querySelector('main')?.textContent ?? ''));

    // The deal's history shows the review, with who and what changed.
    await page.click('[data-testid="nav-review"]');
    await page.locator('[data-testid="review-item"][data-deal-name="Acme renewal"]').click();
    await page.waitForSelector('[data-testid="review-history"]');
    const history = await page.textContent('[data-testid="review-history"]');
    assert.match(history, /by Morgan/);
    assert.match(history, /The amount needs fixing in the CRM/);
    assert.match(history, /Next step: Get: the budget owner on the next call/);
    assert.match(history, /Budget owner unknown/);
    // The step planned last time is open in this review.
    assert.match(await page.textContent('[data-testid="review-plan"]'), /Open from earlier reviews[\s\S]*budget owner on the next call/);
    await screenshot(page, '31-review-history');
  });

  it('exports the board pack with the reviewed numbers and the review flags in it', async () => {
    await page.click('[data-testid="nav-forecast"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="board-export"]')]);
    const bytes = readFileSync(await download.path());
    // Summary: commit (B7) and best case (B8) are formulas whose stored results are the reviewed deals.
    const summary = zipEntryText(bytes, 'xl/worksheets/sheet1.xml');
    const result = (ref) => Number(new RegExp(`<c r="${ref}"[^>]*><f>[^<]*</f><v>([^<]*)</v>`).exec(summary)?.[1]);
    assert.equal(result('B7'), 80000);
    assert.equal(result('B8'), 30000);
    // Deals (sheet 6, written in constant-memory mode with inline text): the review flags.
    const deals = zipEntryText(bytes, 'xl/worksheets/sheet6.xml');
    assert.match(deals, /Stark expansion/);
    assert.match(deals, /Close date past; Quiet 30\+ days/);
  });
});
