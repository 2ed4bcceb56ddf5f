// Real CRM exports through the mapping step of the real UI against `salesos
// serve` (the files are in ../shared/data/crm-exports, see its SOURCES.md;
// never copied into the repo): the Zoho "Potentials" export maps by the
// field dictionary and says where each header is known from; a scraped
// sheet with no deal name or id column is not offered for import until the
// user picks the column the preview points at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, repoDir, screenshot, startServer, tempDir } from './helpers.mjs';

const exportsDir = path.resolve(repoDir, '../shared/data/crm-exports');
const zoho = path.join(exportsDir, 'zoho_analytics_potentials.csv');
const scraped = path.join(exportsDir, 'uipath_scraped_sale_opportunities.xlsx');
const ready = existsSync(BIN) && existsSync(CHROMIUM) && existsSync(zoho) && existsSync(scraped);

describe('CRM exports in the mapping step', { skip: ready ? false : `needs ${BIN}, ${CHROMIUM} and ${exportsDir}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-crm-');
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

  /** The field the mapping step gives the column with this header, and where it says the header comes from. */
  async function column(header) {
    const row = page.locator(`[data-testid="mapping-row"][data-header="${header}"]`);
    const field = await row.locator('[data-testid="mapping-field"]').inputValue();
    const known = row.locator('[data-testid="known-as"]');
    return { field, known: (await known.count()) ? (await known.textContent()).trim() : null };
  }

  it('maps the Zoho Potentials export by its own headers and says so', async () => {
    await page.setInputFiles('[data-testid="file-input"]', zoho);
    await page.waitForSelector('[data-testid="mapping-table"]', { timeout: 30_000 });
    assert.deepEqual(await column('Potential Name'), { field: 'name', known: 'Zoho CRM (Potentials)' });
    assert.deepEqual(await column('Potential Owner'), { field: 'owner', known: 'Zoho CRM (Potentials)' });
    assert.equal((await column('Closing Date')).field, 'close_date');
    assert.equal((await column('Created Time')).field, 'created_date');
    assert.equal((await column('Forecast Type')).field, 'status');
    // The plain amount, not the expected revenue beside it.
    assert.equal((await column('Amount')).field, 'amount');
    assert.equal((await column('Expected Revenue')).field, '');
    // Everything the forecast needs was found: nothing to settle first.
    assert.equal(await page.locator('[data-testid="missing-fields"]').count(), 0);
    assert.equal(await page.isEnabled('[data-testid="import-commit"]'), true);
    await screenshot(page, '50-zoho-mapping');
  });

  it('does not offer a mapping that rejects every row, and points at the fix', async () => {
    await page.click('button:has-text("Cancel")');
    await page.setInputFiles('[data-testid="file-input"]', scraped);
    await page.waitForSelector('[data-testid="missing-fields"]', { timeout: 30_000 });
    const missing = await page.textContent('[data-testid="missing-fields"]');
    assert.match(missing, /No column for the deal name or ID, so every row would be rejected\./);
    // The scraped table's row number is the only id; the account could name the deal.
    assert.match(missing, /closest: Column-0, Account Name\./);
    assert.equal(await page.isEnabled('[data-testid="import-commit"]'), false);
    assert.equal(await page.locator('[data-testid="import-blocked"]').count(), 1);
    // The column that could be it is highlighted in the (open) mapping table.
    const pill = (header) => page.locator(`[data-testid="mapping-row"][data-header="${header}"] [data-testid="candidate-pill"]`);
    assert.match(await pill('Column-0').textContent(), /Deal ID/);
    assert.match(await pill('Account Name').textContent(), /Deal name/);
    await screenshot(page, '51-missing-name');

    await page.click('[data-testid="use-candidate"]:has-text("Column-0")');
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-blocked"]'));
    assert.equal((await column('Column-0')).field, 'external_id');
    assert.equal((await column('Account Name')).field, 'account');
    assert.equal(await page.isEnabled('[data-testid="import-commit"]'), true);
    // The close date is still missing: said, but it does not block the import.
    assert.match(await page.textContent('[data-testid="missing-fields"]'), /No column for the close date/);
  });
});
