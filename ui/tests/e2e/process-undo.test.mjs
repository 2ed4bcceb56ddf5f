// The Process page's Undo and the browser's Ctrl+Z must not fight: the app's Undo
// restores a field's text, and Ctrl+Z in that field afterwards must not replay the
// browser's own history on top of it (issue 14, item 7: a cleared field came back
// doubled and autosaved).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { BIN, CHROMIUM, launchBrowser, startServer, tempDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

function templateJson(dataDir) {
  return JSON.parse(execFileSync(BIN, ['--data', dataDir, 'template', '--json'], { encoding: 'utf8' }));
}

async function waitStatus(page, text) {
  await page.waitForFunction((t) => document.querySelector('[data-testid="template-status"]')?.textContent === t, text, { timeout: 10_000 });
}

describe('undo on the Process page', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-process-undo-');
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.click('[data-testid="nav-process"]');
    await page.waitForSelector('[data-testid="template-stage-5"]');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('clear, saved, Undo, click the field, Ctrl+Z: the text stays as Undo left it', async () => {
    const field = '[data-testid="stage-question-1"]';
    const original = await page.inputValue(field);
    assert.ok(original.length > 5);

    // Cleared by hand, so the browser's own undo stack holds the deletion.
    await page.click(field);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitStatus(page, 'Editing…');
    await waitStatus(page, 'All changes saved');
    assert.equal(templateJson(dataDir).stages[1].question, '');

    await page.click('[data-testid="template-undo"]');
    await page.waitForFunction((sel) => (/** @type {HTMLInputElement} */ (document.querySelector(sel))).value.length > 0, field);
    assert.equal(await page.inputValue(field), original);

    await page.click(field);
    await page.keyboard.press('Control+Z');
    await page.waitForTimeout(1000); // longer than the autosave pause
    assert.equal(await page.inputValue(field), original, 'Ctrl+Z did not double the text');
    assert.equal(await page.textContent('[data-testid="template-status"]'), 'All changes saved');
    assert.equal(templateJson(dataDir).stages[1].question, original);
  });

  it('Ctrl+Z while typing drops the edit not saved yet, then undoes the last saved one', async () => {
    const field = '[data-testid="stage-question-2"]';
    const original = await page.inputValue(field);
    await page.click(field);
    await page.keyboard.press('End');
    await page.keyboard.type(' and the budget');
    await waitStatus(page, 'All changes saved');
    assert.equal(templateJson(dataDir).stages[2].question, `${original} and the budget`);

    await page.keyboard.type(' today');
    await page.keyboard.press('Control+Z');
    assert.equal(await page.inputValue(field), `${original} and the budget`);
    await page.waitForTimeout(1000);
    assert.equal(templateJson(dataDir).stages[2].question, `${original} and the budget`);

    await page.keyboard.press('Control+Z');
    await page.waitForFunction(([sel, v]) => (/** @type {HTMLInputElement} */ (document.querySelector(sel))).value === v, [field, original]);
    assert.equal(templateJson(dataDir).stages[2].question, original);
    // Redo has no app history: the browser's must not bring the typing back.
    await page.keyboard.press('Control+Shift+Z');
    await page.waitForTimeout(800);
    assert.equal(await page.inputValue(field), original);
  });
});
