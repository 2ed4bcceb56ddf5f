// Maven's roster (sales_agent, manager, regional_office) dropped on the
// Import page: the page tells from its columns that it is a team roster,
// says why, and imports the 35 reps instead of offering 35 rejected deals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, repoDir, screenshot, startServer, tempDir } from './helpers.mjs';

const teams = path.resolve(repoDir, '../shared/data/maven-crm/sales_teams.csv');
const ready = existsSync(BIN) && existsSync(CHROMIUM) && existsSync(teams);

describe('A roster is recognised', { skip: ready ? false : `needs ${BIN}, ${CHROMIUM} and ${teams}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-roster-');
    server = await startServer(dataDir);
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

  it('defaults to the roster, rejects no row and imports the reps', async () => {
    await page.setInputFiles('[data-testid="file-input"]', teams);
    await page.waitForSelector('[data-testid="preview-table"]', { timeout: 30_000 });
    assert.equal(await page.inputValue('[data-testid="kind-select"]'), 'reps');
    assert.equal(
      (await page.textContent('[data-testid="kind-reason"]')).trim(),
      'Looks like a team roster: sales_agent, manager, regional_office',
    );
    assert.equal(await page.locator('[data-testid="preview-row"].problem').count(), 0);
    assert.equal(await page.locator('[data-testid="import-blocked"]').count(), 0);
    assert.equal(await page.isEnabled('[data-testid="import-commit"]'), true);
    await screenshot(page, '60-roster-detected');
    // Read as deals, every row would be rejected: not offered for import.
    await page.selectOption('[data-testid="kind-select"]', 'deals');
    await page.waitForSelector('[data-testid="import-blocked"]', { timeout: 30_000 });
    assert.equal(await page.isEnabled('[data-testid="import-commit"]'), false);
    await page.selectOption('[data-testid="kind-select"]', 'reps');
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-blocked"]'));
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });
    assert.match(await page.textContent('[data-testid="import-report"]'), /35/);
    // regional_office is no roster field: not imported, and the report says so (issue 14, item 14).
    assert.match(await page.textContent('[data-testid="report-unused"]'), /regional_office/);
    assert.match(await page.textContent('[data-testid="report-unused-note"]'), /Not imported: a roster keeps only the columns matched to a field/);
    assert.doesNotMatch(await page.textContent('[data-testid="import-report"]'), /kept with each deal/);
    await screenshot(page, '61-roster-imported');
  });
});
