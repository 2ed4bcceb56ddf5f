// A Salesforce task report dropped on the Import page: the page tells it is
// activities, lists the activity types with how each counts, lets the user
// say how the unknown one ("LinkedIn") counts, and accounts for every row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);

const TASKS = `Assigned,Date,Task Subtype,Call Result,Duration,Subject,Activity ID
Dana Reyes,01/12/2026,Call,Connected,5,Intro call,00T001
Dana Reyes,01/12/2026,Call,No answer,1,Call,00T002
Dana Reyes,01/13/2026,Email,,,Pricing follow-up,00T003
Sam Ortiz,01/14/2026,LinkedIn,,,Connect request,00T005
Sam Ortiz,01/14/2026,LinkedIn,,,Connect request 2,00T006
,01/15/2026,Call,,,Call,00T007
`;

describe('Activities import', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;
  let file;

  before(async () => {
    dataDir = tempDir('salesos-e2e-activities-');
    file = path.join(dataDir, 'Salesforce tasks.csv');
    writeFileSync(file, TASKS);
    server = await startServer(path.join(dataDir, 'ws'));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.goto(server.url.replace(/#.*$/, '') + '#/import');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('detects activities, asks how an unknown type counts, and imports every row', async () => {
    await page.setInputFiles('[data-testid="file-input"]', file);
    await page.waitForSelector('[data-testid="activity-types"]', { timeout: 30_000 });
    assert.equal(await page.inputValue('[data-testid="kind-select"]'), 'activities');
    assert.match(await page.textContent('[data-testid="kind-reason"]'), /^Looks like activities: /);
    const linkedin = page.locator('[data-testid="activity-type-row"][data-label="LinkedIn"]');
    assert.match(await linkedin.textContent(), /Not counted until you choose/);
    assert.equal(await page.inputValue('[data-testid="activity-type-row"][data-label="Call"] select'), 'call');
    await screenshot(page, '70-activities-types');
    await linkedin.locator('select').selectOption('email');
    assert.match(await linkedin.textContent(), /Your choice/);
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });
    const report = await page.textContent('[data-testid="import-report"]');
    assert.match(report, /· activities/);
    assert.match(report, /6rows read5created/);
    assert.match(report, /No rep/);
    await screenshot(page, '71-activities-imported');
  });
});
