// Should we hire now? (issue 16) In the real UI against `salesos serve` on
// the sample team: the Scale page answers from the workspace with each
// input's source; a win rate typed in changes the verdict (and going back
// restores it); a two-pod plan is built month by month with its payback,
// and exported as the workbook of live formulas.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir, zipEntryText } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);
const env = { ...process.env, SALESOS_TODAY: '2026-11-25' };

describe('Scale page', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;
  let base;

  before(async () => {
    dataDir = tempDir('salesos-e2e-scale-');
    execFileSync(BIN, ['--data', dataDir, 'demo'], { env });
    server = await startServer(dataDir, { SALESOS_TODAY: '2026-11-25' });
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

  const verdict = () => page.getAttribute('[data-testid="scale-verdict"]', 'data-verdict');
  const cli = (...args) => JSON.parse(execFileSync(BIN, ['--data', dataDir, 'scale', ...args, '--json'], { env }).toString());

  it('answers from the sample team, the same as the command line, each input with its source', async () => {
    await page.click('nav >> text=Scale');
    await page.waitForSelector('[data-testid="scale-verdict"]', { timeout: 30_000 });
    const fromCli = cli();
    assert.equal(await verdict(), fromCli.readiness.verdict);
    const shown = (await page.textContent('[data-testid="scale-headline"]')).trim();
    assert.ok(fromCli.readiness.headline.toLowerCase().endsWith(shown.toLowerCase()), `${shown} | ${fromCli.readiness.headline}`);
    const win = page.locator('[data-testid="scale-input"][data-name="win_rate"]');
    assert.equal(await win.locator('input').inputValue(), String(Math.round(fromCli.inputs.win_rate.value * 1000) / 10));
    assert.equal((await win.locator('.source').textContent()).trim(), fromCli.inputs.win_rate.source);
    const checks = await page.locator('[data-testid="scale-check"]').evaluateAll((els) => els.map((e) => [e.dataset.name, e.dataset.status]));
    assert.deepEqual(checks, fromCli.readiness.checks.map((c) => [c.name, c.status]));
    assert.ok((await page.locator('[data-testid="exit-criterion"]').count()) > 0, 'the stage has its exit criteria');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'scale-page');
  });

  it('changes the verdict when the win rate changes, and goes back to the workspace figure', async () => {
    const before = await verdict();
    assert.equal(before, 'fix_first', 'the sample team wins too few first meetings');
    const input = page.locator('[data-testid="scale-input-win_rate"]');
    await input.fill('22');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="scale-verdict"]')?.getAttribute('data-verdict') !== 'fix_first');
    const after = await verdict();
    assert.equal(after, cli('--win-rate', '0.22').readiness.verdict);
    assert.equal(await page.getAttribute('[data-testid="scale-input"][data-name="win_rate"]', 'data-edited'), 'true');
    const winCheck = page.locator('[data-testid="scale-check"][data-name="win_rate"]');
    assert.equal(await winCheck.getAttribute('data-status'), 'pass');
    await screenshot(page, 'scale-win-rate-22');
    await page.click('[data-testid="scale-reset-win_rate"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="scale-verdict"]')?.getAttribute('data-verdict') === 'fix_first');
    // Back at 22 % for the plan below.
    await input.fill('22');
    await input.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="scale-verdict"]')?.getAttribute('data-verdict') !== 'fix_first');
  });

  it('builds a two-pod plan month by month, with its payback, and exports it', async () => {
    await page.fill('[data-testid="plan-months"]', '24');
    await page.check('[data-testid="plan-mode-pods"]');
    await page.fill('[data-testid="plan-pod-every"]', '6');
    await page.fill('[data-testid="plan-pods"]', '2');
    await page.click('[data-testid="plan-build"]');
    await page.waitForSelector('[data-testid="plan-month"]', { timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="plan-month"]').count(), 24);
    const month1 = page.locator('[data-testid="plan-month"][data-month="1"]');
    assert.match(await month1.textContent(), /2 AE, 1 SDR, 1 CSM/);
    const month7 = page.locator('[data-testid="plan-month"][data-month="7"]');
    assert.match(await month7.textContent(), /2 AE, 1 SDR, 1 CSM/);
    const last = page.locator('[data-testid="plan-month"][data-month="24"] td:nth-child(3)');
    assert.equal((await last.textContent()).trim(), '8', 'two pods of four');
    // The same plan from the command line: the same payback month.
    const fromCli = JSON.parse(
      execFileSync(BIN, ['--data', dataDir, 'scale', 'plan', '--months', '24', '--pod-every', '6', '--pods', '2', '--json'], { env }).toString(),
    );
    assert.equal(fromCli.months.length, 24);
    await page.waitForSelector('[data-testid="plan-chart"] canvas');
    await page.locator('[data-testid="scale-plan"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'scale-plan');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="plan-export"]')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');
    const workbook = zipEntryText(bytes, 'xl/workbook.xml');
    assert.match(workbook, /name="Assumptions"/);
    assert.match(workbook, /name="Plan"/);
    assert.match(workbook, /<definedName name="[A-Za-z_]+/, 'the assumptions are named cells');
  });
});
