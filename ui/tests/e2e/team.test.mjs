// The Monday ramp review (issue 15): the roster and the deals are in the
// workspace, the manager drops the weekly activity export on the Import page,
// opens the Team page, sees the lagging hire's flag, opens her page and sees
// the branch of the metric tree that went wrong, then edits the AE ramp plan
// and sees the board change. Today is 10 March 2026: three AEs who started on
// 5 January are in month 3; four AEs ramped since June 2025 make the peers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);
const TODAY = '2026-03-10';
const PEERS = [
  ['Ana Peer', 14, 1, 4],
  ['Ben Peer', 15, 2, 5],
  ['Cy Peer', 16, 2, 6],
  ['Di Peer', 17, 3, 7],
];

const iso = (d) => d.toISOString().slice(0, 10);
const plus = (start, days) => new Date(Date.UTC(start[0], start[1] - 1, start[2] + days));

function writeTeam(dir) {
  const roster = ['Rep Name,Role,Manager,Start Date', 'Mia Boss,Manager,,2023-01-02'];
  for (const [name] of PEERS) roster.push(`${name},AE,Mia Boss,2025-06-02`);
  for (const name of ['Joey On', 'Kara Lag', 'Lee Star']) roster.push(`${name},AE,Mia Boss,2026-01-05`);
  const weeks = ['Rep,Week Of,Customer Meetings,First Meetings'];
  for (const [name, meetings] of PEERS) {
    for (let w = 0; w < 40; w++) weeks.push(`${name},${iso(plus([2025, 6, 2], 7 * w))},${meetings},5`);
  }
  for (let w = 0; w < 9; w++) {
    const day = iso(plus([2026, 1, 5], 7 * w));
    weeks.push(`Joey On,${day},15,5`, `Lee Star,${day},15,5`, `Kara Lag,${day},${w < 6 ? 12 : 3},${w < 6 ? 4 : 1}`);
  }
  const deals = ['Opportunity ID,Opportunity Name,Opportunity Owner,Amount,Created Date,Close Date,Status'];
  let n = 0;
  const add = (owner, start, won, lost) => {
    for (let i = 0; i < won + lost; i++) {
      n++;
      deals.push(`D${n},Deal ${n},${owner},10000,${iso(plus(start, 35 + i))},${iso(plus(start, 49 + i))},${i < won ? 'Won' : 'Lost'}`);
    }
  };
  for (const [name, , won, lost] of PEERS) add(name, [2025, 6, 2], won, lost);
  add('Joey On', [2026, 1, 5], 2, 5);
  add('Kara Lag', [2026, 1, 5], 1, 3);
  add('Lee Star', [2026, 1, 5], 6, 1);
  const files = { roster: path.join(dir, 'roster.csv'), weekly: path.join(dir, 'Weekly activity.csv'), deals: path.join(dir, 'deals.csv') };
  writeFileSync(files.roster, roster.join('\n') + '\n');
  writeFileSync(files.weekly, weeks.join('\n') + '\n');
  writeFileSync(files.deals, deals.join('\n') + '\n');
  return files;
}

describe('Team page: the ramp review', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dir;
  let server;
  let browser;
  let page;
  let files;

  before(async () => {
    dir = tempDir('salesos-e2e-team-');
    files = writeTeam(dir);
    const data = path.join(dir, 'ws');
    const env = { ...process.env, SALESOS_TODAY: TODAY };
    execFileSync(BIN, ['--data', data, 'import', files.roster, '--kind', 'reps'], { env, stdio: 'ignore' });
    execFileSync(BIN, ['--data', data, 'import', files.deals, '--kind', 'deals'], { env, stdio: 'ignore' });
    server = await startServer(data, { SALESOS_TODAY: TODAY });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports the weekly activity export through the Import page', async () => {
    await page.goto(server.url.replace(/#.*$/, '') + '#/import');
    await page.setInputFiles('[data-testid="file-input"]', files.weekly);
    await page.waitForSelector('[data-testid="preview-table"]', { timeout: 30_000 });
    assert.equal(await page.inputValue('[data-testid="kind-select"]'), 'activities');
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-report"]', { timeout: 30_000 });
    assert.match(await page.textContent('[data-testid="import-report"]'), /187rows read187created/);
  });

  it('shows the lagging hire behind with her flag, and the star ahead', async () => {
    await page.click('nav >> text=Team');
    await page.waitForSelector('[data-testid="ramp-row"]', { timeout: 30_000 });
    const names = await page.locator('[data-testid="ramp-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.rep));
    assert.deepEqual(names, ['Joey On', 'Kara Lag', 'Lee Star']);
    const kara = page.locator('[data-testid="ramp-row"][data-rep="Kara Lag"]');
    assert.equal((await kara.locator('[data-testid="ramp-status"]').textContent()).trim(), 'Behind');
    const karaFlags = page.locator('[data-testid="ramp-flags"][data-rep="Kara Lag"]');
    assert.match(await karaFlags.locator('[data-testid="ramp-flag"]').first().textContent(), /3 customer meetings a week for 3 weeks, goal 3\.8/);
    assert.equal(await kara.locator('[data-metric="customer_meetings"]').getAttribute('data-side'), 'bad');
    const lee = page.locator('[data-testid="ramp-row"][data-rep="Lee Star"]');
    assert.equal((await lee.locator('[data-testid="ramp-status"]').textContent()).trim(), 'Ahead');
    assert.match(await page.locator('[data-testid="ramp-flags"][data-rep="Lee Star"] [data-kind="positive"]').textContent(), /learn from this/);
    assert.equal((await page.locator('[data-testid="ramp-row"][data-rep="Joey On"] [data-testid="ramp-status"]').textContent()).trim(), 'On track');
    assert.equal(await page.locator('[data-testid="harness-row"]').count(), 7);
    await screenshot(page, '80-team-board');
  });

  it("opens Kara's page with the branch that went wrong highlighted", async () => {
    await page.click('[data-testid="ramp-row"][data-rep="Kara Lag"] a');
    await page.waitForSelector('[data-testid="rep-tree"]', { timeout: 30_000 });
    assert.equal((await page.textContent('[data-testid="rep-name"]')).trim(), 'Kara Lag');
    const onPath = await page.locator('[data-testid="tree-node"][data-on-path="true"]').evaluateAll((rows) => rows.map((r) => r.dataset.metric));
    assert.deepEqual(onPath, ['bookings', 'deals_won', 'opportunities_created', 'first_meetings']);
    assert.match(await page.textContent('[data-testid="rep-tree"]'), /root cause/);
    assert.ok((await page.locator('[data-testid="ramp-curve"] canvas').count()) >= 4, 'the curves are drawn');
    assert.match(await page.textContent('[data-testid="rep-flags"]'), /3 customer meetings a week for 3 weeks/);
    await screenshot(page, '81-team-rep-page');
  });

  it('a shorter AE ramp plan takes the hires off the board', async () => {
    await page.click('nav >> text=Team');
    await page.waitForSelector('[data-testid="ramp-plan"][data-role="AE"]');
    const plan = page.locator('[data-testid="ramp-plan"][data-role="AE"]');
    // A last month below 100 % is refused with the reason.
    const inputs = plan.locator('[data-testid="curve-input"]');
    await inputs.nth(4).fill('90');
    await plan.locator('[data-testid="save-plan"]').click();
    await plan.locator('[role="alert"]').waitFor();
    assert.match(await plan.locator('[role="alert"]').textContent(), /must reach 100 %/);
    // Two months to full ramp: the three hires count as ramped now.
    await plan.getByRole('button', { name: '− month' }).click();
    await plan.getByRole('button', { name: '− month' }).click();
    await plan.getByRole('button', { name: '− month' }).click();
    await inputs.nth(0).fill('50');
    await inputs.nth(1).fill('100');
    await plan.locator('[data-testid="save-plan"]').click();
    await page.waitForSelector('[data-testid="ramp-empty"]', { timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="ramp-row"]').count(), 0);
    await screenshot(page, '82-team-plan-edited');
  });
});
