// Saving a review as a first-time reviewer would (issue 14, items 9 and 10): the
// note's limit shows as you type and a note over it saves nothing; a review
// without a name asks once who is reviewing and remembers it; and the toast that
// confirms the save covers no control, neither the Save button nor the Forecast's
// By rep headers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir, inputDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);
const env = { ...process.env, SALESOS_TODAY: '2026-11-25' };

/** The boxes of the toasts that overlap a visible control of the page. */
async function toastOverlaps(page, controls) {
  return page.evaluate((sel) => {
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const toasts = [...document.querySelectorAll('[data-testid^="toast-"]')].map((t) => t.getBoundingClientRect());
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      for (const t of toasts) if (hit(t, r)) out.push(`${el.tagName} ${el.textContent?.trim().slice(0, 30)}`);
    }
    return { toasts: toasts.length, out };
  }, controls);
}

describe('saving a review', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-review-save-');
    const csv = path.join(inputDir(), 'review-save.csv');
    writeFileSync(
      csv,
      [
        'Opportunity ID,Opportunity Name,Amount,Close Date,Created Date,Stage,Owner,Next Step,Last Activity',
        'R-1,Umbrella rollout,80000,2026-12-15,2026-10-01,Proposal/Price Quote,Alex Kim,Pricing call,2026-11-20',
        'R-2,Acme renewal,30000,2026-12-20,2026-10-15,Discovery,Alex Kim,Discovery call,2026-11-24',
        'R-3,Stark expansion,20000,2026-12-10,2026-09-01,Prospecting,Sam Lee,,2026-10-01',
      ].join('\n') + '\n',
    );
    execFileSync(BIN, ['--data', dataDir, 'import', csv], { env });
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

  it('counts the note as you type and will not save one over 2,000 characters', async () => {
    assert.equal((await page.textContent('[data-testid="review-note-count"]')).trim(), '0 / 2,000');
    await page.fill('[data-testid="review-step-text"]', 'Get: the CFO on the pricing call');
    await page.fill('[data-testid="review-note"]', 'x'.repeat(5000));
    const count = (await page.textContent('[data-testid="review-note-count"]')).replace(/\s+/g, ' ').trim();
    assert.match(count, /3,000 characters too long/);
    assert.match(count, /5,000 \/ 2,000$/);
    assert.equal(await page.isDisabled('[data-testid="review-save"]'), true);
    // Ctrl+Enter says why and keeps everything on screen; nothing reaches the workspace.
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid="toast-error"]');
    assert.match(await page.textContent('[data-testid="toast-error"]'), /3,000 characters over the 2,000 limit/);
    assert.equal(await page.inputValue('[data-testid="review-step-text"]'), 'Get: the CFO on the pricing call');
    assert.equal(await page.textContent('[data-testid="review-deal-name"]'), 'Umbrella rollout', 'still on the deal, nothing saved');

    await page.fill('[data-testid="review-note"]', 'x'.repeat(2000));
    assert.equal((await page.textContent('[data-testid="review-note-count"]')).trim(), '2,000 / 2,000');
    assert.equal(await page.isDisabled('[data-testid="review-save"]'), false);
    await page.fill('[data-testid="review-note"]', 'CFO not met yet');
    await page.click('[data-testid="toast-error"] button');
  });

  it('asks once who is reviewing, saves, and remembers the name', async () => {
    assert.equal(await page.inputValue('[data-testid="review-reviewer"]'), '');
    await page.click('[data-testid="review-save"]');
    await page.waitForSelector('[data-testid="reviewer-prompt"][open]');
    assert.equal(await page.textContent('[data-testid="review-deal-name"]'), 'Umbrella rollout', 'nothing saved yet');
    await screenshot(page, '32-review-who');
    await page.fill('[data-testid="reviewer-prompt-name"]', 'Morgan Diaz');
    await page.click('[data-testid="reviewer-prompt-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="review-deal-name"]')?.textContent === 'Acme renewal');
    assert.equal(await page.inputValue('[data-testid="review-reviewer"]'), 'Morgan Diaz');

    // The toast confirming the save covers neither the Save button nor any other control.
    await page.waitForSelector('[data-testid="toast-ok"]');
    await screenshot(page, '33-review-toast');
    const onReview = await toastOverlaps(page, 'main button, main input, main select, main textarea, main th, main a');
    assert.equal(onReview.toasts, 1);
    assert.deepEqual(onReview.out, []);

    // The next review saves without asking again, and so does a new page (the name is in the workspace).
    await page.click('[data-testid="review-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="review-deal-name"]')?.textContent === 'Stark expansion');
    assert.equal(await page.locator('[data-testid="reviewer-prompt"][open]').count(), 0);
    const second = await browser.context.newPage();
    await second.goto(server.url);
    await second.click('[data-testid="nav-review"]');
    await second.waitForSelector('[data-testid="review-deal"]');
    await second.waitForFunction(() => /** @type {HTMLInputElement | null} */ (document.querySelector('[data-testid="review-reviewer"]'))?.value === 'Morgan Diaz');
    await second.close();
  });

  it('keeps toasts off the Forecast table headers', async () => {
    await page.click('[data-testid="review-save"]');
    await page.waitForSelector('[data-testid="toast-ok"]');
    await page.click('[data-testid="nav-forecast"]');
    await page.waitForSelector('main th');
    await page.waitForSelector('[data-testid="toast-ok"]');
    await screenshot(page, '34-forecast-toast');
    const onForecast = await toastOverlaps(page, 'main button, main input, main select, main th, main a');
    assert.ok(onForecast.toasts >= 1);
    assert.deepEqual(onForecast.out, []);
  });
});
