// Hiring in a real browser against the real `salesos serve`: the live
// coachability role-play (two rounds and the coaching), two interviewers'
// scorecards submitted independently, the debrief with its spread flag and
// recommendation, the side-by-side comparison, the exports, the profile
// editor, hiring someone, and interviewer scores imported from a sheet.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, CHROMIUM, launchBrowser, screenshot, startServer, tempDir, zipEntryText, inputDir } from './helpers.mjs';

const ready = existsSync(BIN) && existsSync(CHROMIUM);
const ENV = { ...process.env, SALESOS_TODAY: '2026-11-25' };

/** `salesos hiring --json` on the same workspace. */
function hiringJson(dataDir) {
  return JSON.parse(execFileSync(BIN, ['--data', dataDir, 'hiring', '--json'], { encoding: 'utf8', env: ENV })).candidates;
}

describe('hiring', { skip: ready ? false : `needs ${BIN} and ${CHROMIUM}` }, () => {
  let dataDir;
  let server;
  let browser;
  let page;

  before(async () => {
    dataDir = tempDir('salesos-e2e-hiring-');
    server = await startServer(dataDir);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.click('[data-testid="nav-hiring"]');
    await page.waitForSelector('[data-testid="board-empty"]');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function actAs(name) {
    await page.fill('[data-testid="hiring-who"]', name);
    await page.press('[data-testid="hiring-who"]', 'Enter');
  }

  async function pick(testid, score) {
    await page.click(`[data-testid="${testid}"] [data-score="${score}"]`);
  }

  async function addCandidate(name, source, shot = null) {
    await page.click('[data-testid="back-to-board"]').catch(() => {});
    await page.click('[data-testid="new-candidate"]');
    await page.fill('[data-testid="candidate-name"]', name);
    await page.selectOption('[data-testid="candidate-source"]', source);
    await page.fill('[data-testid="candidate-resume"]', 'https://example.com/cv.pdf');
    if (shot) await screenshot(page, shot);
    await page.click('[data-testid="candidate-save"]');
    await page.waitForFunction((n) => document.querySelector('[data-testid="candidate-title"]')?.textContent === n, name);
  }

  /** Scores every AE trait, gives the overall call and submits. */
  async function scoreAndSubmit(scores, overall) {
    await page.click('[data-testid="tab-scorecard"]');
    await page.waitForSelector('[data-testid="scorecard-form"]');
    for (const [trait, score] of Object.entries(scores)) await pick(`score-${trait}`, score);
    await page.fill('[data-testid="evidence-discovery"]', 'Asked three questions before pitching.');
    await pick('score-overall', overall);
    await page.waitForSelector('[data-testid="scorecard-status"][data-status="saved"]');
    await page.click('[data-testid="scorecard-submit"]');
    await page.click('[data-testid="confirm-ok"]');
    await page.waitForSelector('[data-testid="scorecard-form"] >> text=Your scorecard (submitted)');
  }

  async function runRolePlay(r1, r2) {
    await page.click('[data-testid="tab-roleplay"]');
    await page.waitForSelector('[data-testid="roleplay"]');
    await page.click('[data-testid="rp-start"]');
    await pick('rp-willingness', r1[0]);
    await pick('rp-handling', r1[1]);
    await page.fill('[data-testid="rp-round1-notes"]', 'Agreed to call back in six months.');
    await page.locator('[data-testid="rp-point"]').nth(0).click();
    await page.locator('[data-testid="rp-point"]').nth(1).click();
    await page.fill('[data-testid="rp-coaching-text"]', 'Find out what would make it a priority before agreeing to wait.');
    await pick('rp-applied', r2[0]);
    await pick('rp-reception', r2[1]);
    await page.waitForSelector('[data-testid="rp-status"][data-status="saved"]');
  }

  it('shows an empty board, then a candidate added from it', async () => {
    await screenshot(page, 'hiring-01-empty');
    await actAs('Dana Lead');
    await addCandidate('Jordan Reyes', 'referral', 'hiring-01b-new-candidate');
    assert.equal(await page.$eval('[data-testid="candidate-stage"]', (s) => s.value), 'screen');
  });

  it('runs the role-play live: round 1, the coaching, round 2, the clock and the gain', async () => {
    await runRolePlay([2, 2], [4, 4]);
    assert.equal(await page.textContent('[data-testid="rp-round1"]'), '2.0');
    assert.equal(await page.textContent('[data-testid="rp-round2"]'), '4.0');
    assert.equal(await page.textContent('[data-testid="rp-gain"]'), '+2.0');
    assert.equal(await page.textContent('[data-testid="rp-score"]'), '4.0');
    await page.waitForTimeout(1200);
    await page.click('[data-testid="rp-pause"]');
    const shown = await page.textContent('[data-testid="rp-clock"]');
    assert.match(shown, /^0:0[1-9]$/);
    await page.waitForSelector('[data-testid="rp-status"][data-status="saved"]');
    await screenshot(page, 'hiring-02-roleplay');
    // What was entered is in the workspace, not only on the screen.
    const j = hiringJson(dataDir).find((c) => c.name === 'Jordan Reyes');
    assert.deepEqual(j.coachability, { round1: 2, round2: 4, gain: 2, score: 4 });
    // It comes back as it was left.
    await page.click('[data-testid="tab-scorecard"]');
    await page.click('[data-testid="tab-roleplay"]');
    await page.waitForSelector('[data-testid="rp-willingness"] [aria-checked="true"][data-score="2"]');
    assert.equal(await page.textContent('[data-testid="rp-clock"]'), shown);
    assert.equal(await page.locator('[data-testid="rp-point"][aria-pressed="true"]').count(), 2);
  });

  it('keeps scorecards independent until each interviewer submits', async () => {
    await scoreAndSubmit({ coachability: 3, discovery: 4, deal_control: 3, drive: 3, communication: 3 }, 3);
    assert.match(await page.textContent('[data-testid="scorecard-others"]'), /No one else has submitted yet/);
    await screenshot(page, 'hiring-03-scorecard-submitted');

    // A second interviewer on the same laptop sees that Dana submitted, not what she scored.
    await actAs('Sam Panel');
    await page.waitForSelector('[data-testid="hidden-scorecards"]');
    assert.match(await page.textContent('[data-testid="hidden-scorecards"]'), /Dana Lead\s*submitted/);
    assert.equal(await page.locator('[data-testid="others-table"]').count(), 0);
    await pick('score-discovery', 2);
    await page.waitForSelector('[data-testid="scorecard-status"][data-status="saved"]');
    await screenshot(page, 'hiring-04-scorecard-draft');
    // With a draft, the debrief is refused by the core itself.
    await page.click('[data-testid="tab-debrief"]');
    await page.waitForSelector('[data-testid="debrief-error"]');
    assert.match(await page.textContent('[data-testid="debrief-error"]'), /Submit your scorecard for Jordan Reyes first/);

    await scoreAndSubmit({ coachability: 3, deal_control: 3, drive: 3, communication: 3 }, 3);
    await page.waitForSelector('[data-testid="others-table"]');
    assert.match(await page.textContent('[data-testid="others-table"]'), /Dana Lead/);
  });

  it('holds the debrief: the spread is flagged and the rules give the recommendation with reasons', async () => {
    await page.click('[data-testid="tab-debrief"]');
    await page.waitForSelector('[data-testid="debrief"]');
    assert.equal(await page.textContent('[data-testid="debrief-recommendation"]'), 'Undecided');
    const reasons = await page.textContent('[data-testid="debrief-reasons"]');
    assert.match(reasons, /interviewers disagree by 2 points on discovery and curiosity \(Dana Lead 4, Sam Panel 2\)/i);
    assert.match(reasons, /settle it at the debrief/);
    assert.equal(await page.locator('[data-testid="debrief-trait"][data-trait="discovery"] [data-testid="spread-flag"]').count(), 1);
    assert.equal(await page.locator('[data-testid="spread-flag"]').count(), 1);
    assert.equal(await page.textContent('[data-testid="debrief-coachability"]'), '4.0');
    await page.check('[data-testid="show-evidence"]');
    assert.match(await page.textContent('[data-testid="debrief-table"]'), /Asked three questions before pitching/);
    await screenshot(page, 'hiring-05-debrief');

    const j = hiringJson(dataDir).find((c) => c.name === 'Jordan Reyes');
    assert.equal(j.recommendation, 'undecided');
    assert.deepEqual(j.spread_flags, ['Discovery and curiosity']);

    // The packet is the debrief on paper.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-packet"]')]);
    assert.equal(download.suggestedFilename(), 'Jordan Reyes - candidate packet.xlsx');
    const file = path.join(dataDir, 'packet.xlsx');
    await download.saveAs(file);
    const strings = zipEntryText(readFileSync(file), 'xl/sharedStrings.xml');
    assert.match(strings, /Sam Panel/);
    assert.match(strings, /settle it at the debrief/);
  });

  it('says no hire when coachability is under its floor, whatever else is scored', async () => {
    await actAs('Dana Lead');
    await addCandidate('Casey Morgan', 'agency');
    await runRolePlay([3, 3], [1, 2]);
    assert.equal(await page.textContent('[data-testid="rp-score"]'), '1.5');
    assert.equal(await page.textContent('[data-testid="rp-gain"]'), '-1.5');
    await scoreAndSubmit({ coachability: 4, discovery: 4, deal_control: 4, drive: 4, communication: 4 }, 4);
    await page.click('[data-testid="tab-debrief"]');
    await page.waitForSelector('[data-testid="debrief"]');
    assert.equal(await page.textContent('[data-testid="debrief-recommendation"]'), 'No hire');
    assert.match(await page.textContent('[data-testid="debrief-reasons"] li.first'), /no hire: Coachability 1\.5 is under the floor 3/i);
    await screenshot(page, 'hiring-06-debrief-no-hire');
  });

  it('compares the role side by side and exports the comparison', async () => {
    await page.click('[data-testid="back-to-board"]');
    await page.click('[data-testid="hiring-view-compare"]');
    await page.waitForSelector('[data-testid="compare-table"]');
    const heads = await page.locator('[data-testid="compare-table"] th.cand .name').allTextContents();
    assert.deepEqual(heads, ['Jordan Reyes', 'Casey Morgan']);
    assert.deepEqual(await page.locator('[data-testid="compare-rec"]').allTextContents().then((a) => a.map((t) => t.trim())), ['Undecided', 'No hire']);
    await screenshot(page, 'hiring-07-compare');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-comparison"]')]);
    assert.equal(download.suggestedFilename(), 'AE candidates - comparison.xlsx');
    const file = path.join(dataDir, 'compare.xlsx');
    await download.saveAs(file);
    const strings = zipEntryText(readFileSync(file), 'xl/sharedStrings.xml');
    assert.match(strings, /Casey Morgan/);
  });

  it('edits the role profile', async () => {
    await page.click('[data-testid="hiring-view-profiles"]');
    await page.waitForSelector('[data-testid="profile-editor"]');
    await screenshot(page, 'hiring-08-profile');
    const before = hiringJson(dataDir).find((c) => c.name === 'Casey Morgan').weighted_score;
    // Coachability (the first trait, Casey's lowest score) counts twice as much as by default.
    assert.equal(await page.locator('[data-testid="trait-weight"]').nth(0).inputValue(), '3');
    await page.locator('[data-testid="trait-weight"]').nth(0).fill('6');
    await page.click('[data-testid="profile-save"]');
    await page.waitForSelector('[data-testid="profile-editor"] >> text=edited');
    // The weight is the core's now: the CLI's weighted score follows it.
    const after = hiringJson(dataDir).find((c) => c.name === 'Casey Morgan').weighted_score;
    assert.ok(after < before, `weighted score ${before} → ${after}`);
  });

  it('hires a candidate, who becomes a rep with a start date', async () => {
    await page.click('[data-testid="hiring-view-board"]');
    // Cards move by drag and drop between the stage columns.
    await page.dragAndDrop('[data-testid="candidate-card"][data-name="Casey Morgan"]', '[data-testid="board-col"][data-stage="role_play"]');
    await page.waitForSelector('[data-testid="board-col"][data-stage="role_play"] [data-name="Casey Morgan"]');
    assert.equal(hiringJson(dataDir).find((c) => c.name === 'Casey Morgan').stage, 'role_play');
    await page.click('[data-testid="candidate-card"][data-name="Jordan Reyes"]');
    await page.selectOption('[data-testid="candidate-stage"]', 'hired');
    await page.fill('[data-testid="hire-start"]', '2027-01-04');
    await screenshot(page, 'hiring-09a-hire-dialog');
    await page.click('[data-testid="hire-confirm"]');
    await page.waitForSelector('[data-testid="candidate-head"] >> text=starts 2027-01-04');
    await page.click('[data-testid="back-to-board"]');
    await page.waitForSelector('[data-testid="board-col"][data-stage="hired"] [data-name="Jordan Reyes"]');
    await screenshot(page, 'hiring-09-board');
    // The rep is on the team, as the app's own API lists it.
    const reps = await page.evaluate(async () => {
      const res = await fetch('/api/list_reps', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-salesos-token': sessionStorage.getItem('salesos.token') ?? '' },
        body: '{}',
      });
      return res.json();
    });
    const rep = reps.find((r) => r.name === 'Jordan Reyes');
    assert.ok(rep, 'Jordan Reyes is a rep');
    assert.equal(rep.start_date, '2027-01-04');
    assert.equal(hiringJson(dataDir).find((c) => c.name === 'Jordan Reyes').stage, 'hired');
  });

  it('imports interviewer scores from a spreadsheet, every row accounted for', async () => {
    const csv = path.join(inputDir(), 'scores.csv');
    writeFileSync(
      csv,
      [
        'Candidate,Role,Interviewer,Trait,Score,Evidence',
        'Riley Chen,AE,Pat Quinn,Coachability,3,Took the note and used it',
        'Riley Chen,AE,Pat Quinn,Discovery,4,',
        'Riley Chen,AE,Pat Quinn,Deal control,7,',
        ',AE,Pat Quinn,Drive,3,',
      ].join('\n') + '\n',
    );
    await page.click('[data-testid="import-scores"]');
    await page.waitForSelector('[data-testid="scores-kind-note"]');
    await page.setInputFiles('input[type="file"]', csv);
    await page.waitForSelector('[data-testid="scores-report"][data-dry-run="true"]');
    assert.equal(await page.textContent('[data-testid="scores-rows-read"] .n'), '4');
    await screenshot(page, 'hiring-10-import-check');
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="scores-report"][data-dry-run="false"]');
    assert.equal(await page.textContent('[data-testid="scores-imported"] .n'), '2');
    assert.equal(await page.textContent('[data-testid="scores-rejected"] .n'), '2');
    const rows = await page.locator('[data-testid="scores-errors"] tbody tr td:first-child').allTextContents();
    assert.deepEqual(rows, ['4', '5']);
    await screenshot(page, 'hiring-11-import-report');
    await page.click('[data-testid="go-hiring"]');
    await page.waitForSelector('[data-testid="candidate-card"][data-name="Riley Chen"]');
  });
});
