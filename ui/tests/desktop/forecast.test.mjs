// Desktop smoke test: opens the real SalesOS window (the Tauri shell, WebKitGTK)
// through tauri-driver and WebKitWebDriver, goes to the Forecast page and reads
// the forecast the core computed for the demo team; then checks the shell's own
// commands: raw-bytes upload, error shape, and the native save dialog (answered
// with xdotool). Screenshot: ui/test-results/desktop-forecast.png.
//
// Run under an X server (make test runs it under xvfb-run):
//   SALESOS_BIN=target/debug/salesos SALESOS_DESKTOP_BIN=target/debug/salesos-desktop \
//   xvfb-run -a node --test tests/desktop/
//
// Speaks the W3C WebDriver protocol with plain fetch; no client library.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const uiDir = resolve(here, '..', '..');
const repo = resolve(uiDir, '..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(repo, process.env.CARGO_TARGET_DIR) : join(repo, 'target');
const salesosBin = resolve(process.env.SALESOS_BIN || join(targetDir, 'debug', 'salesos'));
const desktopBin = resolve(process.env.SALESOS_DESKTOP_BIN || join(targetDir, 'debug', 'salesos-desktop'));
const tauriDriverBin = process.env.TAURI_DRIVER || 'tauri-driver';
const resultsDir = join(uiDir, 'test-results');
const TODAY = '2026-11-25';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** @type {import('node:child_process').ChildProcess | null} */
let driver = null;
let driverLog = '';
/** @type {string | null} */
let session = null;
let base = '';
let dataDir = '';
/** Where the test's own files go: never inside the workspace, which SalesOS refuses to read or write. */
let filesDir = '';

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One WebDriver request; returns `value`, throws on a WebDriver error. */
async function wd(method, path, body, timeoutMs = 30_000) {
  const res = await fetch(base + path, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error || res.status}: ${v.message || text.slice(0, 300)}`);
  }
  return json.value;
}

/** Polls `fn` until it returns a truthy value or `ms` pass. */
async function waitFor(what, fn, ms = 30_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await sleep(250);
  }
}

async function find(css) {
  const found = await wd('POST', `/session/${session}/elements`, { using: 'css selector', value: css });
  return found.length ? found[0][ELEMENT] : null;
}

async function text(el) {
  return String(await wd('GET', `/session/${session}/element/${el}/text`));
}

async function screenshot(name) {
  mkdirSync(resultsDir, { recursive: true });
  const png = await wd('GET', `/session/${session}/screenshot`);
  const file = join(resultsDir, name);
  writeFileSync(file, Buffer.from(png, 'base64'));
  return file;
}

/** "$1,234,567", "1.234.567 €", "$1.2M", "EUR 950K" → a number in currency units. */
function parseMoney(s) {
  const m = /(-?\d[\d.,\s\u00a0\u202f']*)\s*([KkMmBb])?/.exec(s);
  if (!m) return NaN;
  let digits = m[1].replace(/[\s\u00a0\u202f']/g, '');
  const lastSep = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
  if (lastSep >= 0 && digits.length - lastSep - 1 !== 3) {
    // the last separator is a decimal point
    digits = digits.slice(0, lastSep).replace(/[.,]/g, '') + '.' + digits.slice(lastSep + 1);
  } else {
    digits = digits.replace(/[.,]/g, '');
  }
  const scale = { k: 1e3, m: 1e6, b: 1e9 }[(m[2] || '').toLowerCase()] || 1;
  return Number(digits) * scale;
}

function stopDriver() {
  if (!driver || driver.exitCode !== null || driver.pid === undefined) return;
  const pid = driver.pid;
  // tauri-driver, WebKitWebDriver and the app share one process group.
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

process.on('exit', stopDriver);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopDriver();
    process.exit(130);
  });
}

before(async () => {
  assert.ok(process.env.DISPLAY || process.env.WAYLAND_DISPLAY, 'needs an X server: run under xvfb-run');
  assert.ok(existsSync(salesosBin), `missing ${salesosBin}: cargo build --bin salesos`);
  assert.ok(existsSync(desktopBin), `missing ${desktopBin}: cargo build -p salesos-desktop`);

  dataDir = mkdtempSync(join(tmpdir(), 'salesos-desktop-'));
  filesDir = mkdtempSync(join(tmpdir(), 'salesos-desktop-files-'));
  const env = {
    ...process.env,
    SALESOS_DATA: dataDir,
    SALESOS_TODAY: TODAY,
    // A desktop session has a language; CI's C locale makes WebKit format
    // numbers without grouping ("$ 1477285").
    LANG: process.env.LANG && !/^(C|POSIX)\b/.test(process.env.LANG) ? process.env.LANG : 'en_US.UTF-8',
  };
  // Note: WEBKIT_DISABLE_DMABUF_RENDERER=1 makes WebKitWebDriver's screenshot
  // hang under Xvfb (WebKitGTK 2.50), so it is deliberately not set here.
  execFileSync(salesosBin, ['--data', dataDir, 'demo'], { env, stdio: ['ignore', 'ignore', 'inherit'] });

  const port = await freePort();
  const nativePort = await freePort();
  base = `http://127.0.0.1:${port}`;
  driver = spawn(tauriDriverBin, ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  driver.stdout?.on('data', (d) => (driverLog += d));
  driver.stderr?.on('data', (d) => (driverLog += d));
  driver.on('error', (e) => (driverLog += `\nspawn error: ${e.message}`));

  await waitFor(
    'tauri-driver to listen',
    async () => {
      if (driver?.exitCode !== null) throw new Error(`tauri-driver exited: ${driverLog}`);
      return (await wd('GET', '/status')) !== undefined;
    },
    20_000,
  );

  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: desktopBin } } },
  });
  session = created.sessionId;
  assert.ok(session, 'WebDriver session created');
});

after(async () => {
  try {
    if (session) await wd('DELETE', `/session/${session}`);
  } catch {
    /* the window may already be gone */
  }
  stopDriver();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

/** On failure: a screenshot, the page source and tauri-driver's output, for the report. */
async function withEvidence(t, body) {
  try {
    await body();
  } catch (err) {
    try {
      const file = await screenshot('desktop-failure.png');
      t.diagnostic(`screenshot at failure: ${file}`);
      const source = String(await wd('GET', `/session/${session}/source`));
      writeFileSync(join(resultsDir, 'desktop-failure.html'), source);
      t.diagnostic(`page source: ${source.slice(0, 2000)}`);
    } catch (e) {
      t.diagnostic(`no screenshot: ${e instanceof Error ? e.message : e}`);
    }
    t.diagnostic(`tauri-driver output:\n${driverLog.slice(-4000)}`);
    throw err;
  }
}

test('the desktop window shows the forecast of the demo team', (t) => withEvidence(t, async () => {
  const title = await waitFor('the window title', () => wd('GET', `/session/${session}/title`));
  assert.match(String(title), /SalesOS/);

  const nav = await waitFor('the Forecast link in the navigation', () => find('[data-testid="nav-forecast"]'));
  await wd('POST', `/session/${session}/element/${nav}/click`, {});

  const kpi = await waitFor('the forecast figure', async () => {
    const el = await find('[data-testid="kpi-forecast-value"]');
    if (!el) return null;
    return /\d/.test(await text(el)) ? el : null;
  });
  // Let the chart finish drawing before the picture is taken.
  await sleep(1500);
  const shown = (await text(kpi)).trim();
  const file = await screenshot('desktop-forecast.png');
  t.diagnostic(`forecast shown: ${shown}; screenshot: ${file}`);

  assert.match(shown, /\d/, 'the forecast is a number');
  const value = parseMoney(shown);
  assert.ok(Number.isFinite(value) && value > 0, `a positive money value, got "${shown}"`);

  // The window shows what the core computes for the same workspace and day.
  const cli = JSON.parse(
    execFileSync(salesosBin, ['--data', dataDir, 'forecast', '--json'], {
      env: { ...process.env, SALESOS_TODAY: TODAY },
      encoding: 'utf8',
    }),
  );
  const expected = Number(cli.forecast);
  assert.ok(expected > 0, `the demo team has a forecast (${cli.forecast})`);
  assert.ok(
    Math.abs(value - expected) <= Math.max(1, expected * 0.05),
    `the window shows ${shown}, the core computes ${expected}`,
  );
}));

test('a file dropped in the window reaches the core as raw bytes (stage_upload)', (t) =>
  withEvidence(t, async () => {
    // What the Import page does on drop inside the desktop window (transport.ts stageUpload).
    const staged = await wd(
      'POST',
      `/session/${session}/execute/async`,
      {
        script: `const done = arguments[arguments.length - 1];
          const csv = 'Opportunity Name,Amount,Close Date\\nAcme renewal,"$12,500.00",2026-12-15\\n';
          window.__TAURI_INTERNALS__
            .invoke('stage_upload', new TextEncoder().encode(csv), {
              headers: { 'x-file-name': encodeURIComponent('Pipeline Q4 – Zürich.csv') },
            })
            .then((v) => done({ ok: v, bytes: new TextEncoder().encode(csv).length }), (e) => done({ err: e }));`,
        args: [],
      },
      60_000,
    );
    assert.ok(!staged.err, `stage_upload failed: ${JSON.stringify(staged.err)}`);
    assert.equal(staged.ok.file_name, 'Pipeline Q4 – Zürich.csv');
    assert.equal(staged.ok.size, staged.bytes);
    assert.ok(staged.ok.file_id, 'a staged file id');
  }));

test('a failing command comes back as the core error {code, message}', (t) =>
  withEvidence(t, async () => {
    const out = await wd('POST', `/session/${session}/execute/async`, {
      script: `const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__
          .invoke('import_report', { req: { import_id: 987654 } })
          .then((v) => done({ ok: v }), (e) => done({ err: e }));`,
      args: [],
    });
    assert.ok(out.err, 'the command fails');
    assert.equal(out.err.code, 'not_found');
    assert.equal(typeof out.err.message, 'string');
    assert.ok(out.err.message.length > 0);
  }));

test('the window cannot stage the workspace database or a file that is not a spreadsheet', (t) =>
  withEvidence(t, async () => {
    const stage = (file) =>
      wd('POST', `/session/${session}/execute/async`, {
        script: `const done = arguments[arguments.length - 1];
          window.__TAURI_INTERNALS__
            .invoke('stage_path', { req: { path: ${JSON.stringify(file)} } })
            .then((v) => done({ ok: v }), (e) => done({ err: e }));`,
        args: [],
      });
    // Reading the live database with an ordinary handle would drop SQLite's
    // locks: the shell refuses the path before opening it.
    const db = await stage(join(dataDir, 'salesos.db'));
    assert.ok(db.err, 'the workspace database is refused');
    assert.equal(db.err.code, 'invalid');
    assert.match(db.err.message, /workspace/);
    const passwd = await stage('/etc/passwd');
    assert.ok(passwd.err, 'a system file is refused');
    assert.equal(passwd.err.code, 'unreadable');
    // The workspace still answers, and a real spreadsheet outside it stages.
    const csv = join(filesDir, 'stage me.csv');
    writeFileSync(csv, 'Opportunity Name,Amount\nAcme,100\n');
    const ok = await stage(csv);
    assert.ok(ok.ok, `a CSV stages: ${JSON.stringify(ok.err)}`);
    assert.equal(ok.ok.file_name, 'stage me.csv');
  }));

/** Finds the native save dialog (GTK) that the shell opened, by its title, and focuses it. */
test('the Process page edits the template in the desktop window', (t) =>
  withEvidence(t, async () => {
    const nav = await waitFor('the Process link', () => find('[data-testid="nav-process"]'));
    await wd('POST', `/session/${session}/element/${nav}/click`, {});
    const input = await waitFor('the first stage-2 exit criterion', () => find('[data-testid="criterion-2-0"]'));
    await wd('POST', `/session/${session}/element/${input}/clear`, {});
    await wd('POST', `/session/${session}/element/${input}/value`, { text: 'Gap agreed with the CFO' });
    await waitFor('the template to be saved', async () => {
      const el = await find('[data-testid="template-status"]');
      return el && (await text(el)).trim() === 'All changes saved' ? el : null;
    });
    const file = await screenshot('desktop-process.png');
    t.diagnostic(`screenshot: ${file}`);
    const cli = JSON.parse(execFileSync(salesosBin, ['--data', dataDir, 'template', '--json'], { encoding: 'utf8' }));
    assert.equal(cli.stages[2].exit_criteria[0], 'Gap agreed with the CFO');

    // Switch to the seven-stage preset, then undo back to the agreements.
    const click = async (selector, what) => {
      const el = await waitFor(what, () => find(selector));
      await wd('POST', `/session/${session}/element/${el}/click`, {});
    };
    await click('[data-testid="template-preset"] option[value="seven_stage"]', 'the seven-stage option');
    await click('[data-testid="confirm-ok"]', 'the switch confirmation');
    await waitFor('the seventh stage', () => find('[data-testid="template-stage-7"]'));
    const seven = await screenshot('desktop-process-seven-stage.png');
    t.diagnostic(`screenshot: ${seven}`);
    const switched = JSON.parse(execFileSync(salesosBin, ['--data', dataDir, 'template', '--json'], { encoding: 'utf8' }));
    assert.equal(switched.preset, 'seven_stage');
    assert.deepEqual(
      switched.stages.map((s) => s.number),
      [1, 2, 3, 4, 5, 6, 7],
    );
    await click('[data-testid="template-undo"]', 'Undo');
    await waitFor('stage 0 back', () => find('[data-testid="template-stage-0"]'));
    const back = JSON.parse(execFileSync(salesosBin, ['--data', dataDir, 'template', '--json'], { encoding: 'utf8' }));
    assert.equal(back.preset, 'agreement_based');
    assert.equal(back.stages[2].exit_criteria[0], 'Gap agreed with the CFO');
  }));

test('the forecast history takes a snapshot in the desktop window', (t) =>
  withEvidence(t, async () => {
    const nav = await waitFor('the Forecast link', () => find('[data-testid="nav-forecast"]'));
    await wd('POST', `/session/${session}/element/${nav}/click`, {});
    await waitFor('the trend chart', () => find('[data-testid="trend-chart"]'));
    const before = JSON.parse(
      execFileSync(salesosBin, ['--data', dataDir, 'forecast', 'history', '--json'], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: TODAY } }),
    ).snapshots.length;
    const take = await waitFor('Take snapshot', () => find('[data-testid="take-snapshot"]'));
    await wd('POST', `/session/${session}/element/${take}/click`, {});
    await waitFor('the new snapshot', async () => {
      const h = JSON.parse(
        execFileSync(salesosBin, ['--data', dataDir, 'forecast', 'history', '--json'], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: TODAY } }),
      );
      return h.snapshots.length === before + 1 && h.snapshots.some((s) => s.kind === 'manual') ? true : null;
    });
    const chart = await find('[data-testid="trend-chart"]');
    await wd('POST', `/session/${session}/execute/sync`, { script: 'arguments[0].scrollIntoView({block: "center"});', args: [{ [ELEMENT]: chart }] });
    const file = await screenshot('desktop-forecast-history.png');
    t.diagnostic(`screenshot: ${file}`);
  }));

test('the Team page shows the sample hires ramping in the desktop window', (t) =>
  withEvidence(t, async () => {
    const nav = await waitFor('the Team link', () => find('[data-testid="nav-team"]'));
    await wd('POST', `/session/${session}/element/${nav}/click`, {});
    const omar = await waitFor("Omar's row", () => find('[data-testid="ramp-row"][data-rep="Omar Haddad"] [data-testid="ramp-status"]'));
    assert.equal((await text(omar)).trim(), 'Behind');
    const flag = await waitFor("Omar's flag", () => find('[data-testid="ramp-flags"][data-rep="Omar Haddad"] [data-testid="ramp-flag"]'));
    assert.match(await text(flag), /customer meetings a week for 2 weeks/);
    const rosa = await find('[data-testid="ramp-row"][data-rep="Rosa Diaz"] [data-testid="ramp-status"]');
    assert.equal((await text(rosa)).trim(), 'Ahead');
    // The same board the core computes for the command line.
    const cli = JSON.parse(execFileSync(salesosBin, ['--data', dataDir, 'ramp', '--json'], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: TODAY } }));
    assert.equal(cli.reps.find((r) => r.name === 'Omar Haddad').status, 'behind');
    await screenshot('desktop-team.png');
    const link = await find('[data-testid="ramp-row"][data-rep="Omar Haddad"] a');
    await wd('POST', `/session/${session}/element/${link}/click`, {});
    const cause = await waitFor('the root cause', () => find('[data-testid="tree-node"][data-on-path="true"]'));
    assert.ok(cause);
    await waitFor('the curves', () => find('[data-testid="ramp-curve"] canvas'));
    const file = await screenshot('desktop-team-rep.png');
    t.diagnostic(`screenshot: ${file}`);
    const back = await find('[data-testid="nav-pipeline"]');
    await wd('POST', `/session/${session}/element/${back}/click`, {});
  }));

test('the Scale page answers for the sample team in the desktop window', (t) =>
  withEvidence(t, async () => {
    const nav = await waitFor('the Scale link', () => find('[data-testid="nav-scale"]'));
    await wd('POST', `/session/${session}/element/${nav}/click`, {});
    const verdictEl = await waitFor('the verdict', () => find('[data-testid="scale-verdict"]'));
    const cli = JSON.parse(execFileSync(salesosBin, ['--data', dataDir, 'scale', '--json'], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: TODAY } }));
    const shown = await wd('GET', `/session/${session}/element/${verdictEl}/attribute/data-verdict`);
    assert.equal(shown, cli.readiness.verdict);
    const checks = await wd('POST', `/session/${session}/elements`, { using: 'css selector', value: '[data-testid="scale-check"]' });
    assert.equal(checks.length, cli.readiness.checks.length);
    const file = await screenshot('desktop-scale.png');
    t.diagnostic(`screenshot: ${file}`);
    const back = await find('[data-testid="nav-pipeline"]');
    await wd('POST', `/session/${session}/element/${back}/click`, {});
  }));

test('a deal review is saved in the desktop window', (t) =>
  withEvidence(t, async () => {
    const click = async (selector, what) => {
      const el = await waitFor(what, () => find(selector));
      await wd('POST', `/session/${session}/element/${el}/click`, {});
    };
    await click('[data-testid="nav-review"]', 'the Review link');
    const nameEl = await waitFor('the first deal to review', () => find('[data-testid="review-deal-name"]'));
    const name = (await text(nameEl)).trim();
    // A risk the deal does not have yet, so the saved review is a change.
    const red = await waitFor('the red risk', () => find('[data-testid="review-risk-red"]'));
    const wasRed = (await wd('GET', `/session/${session}/element/${red}/attribute/aria-checked`)) === 'true';
    const chosen = wasRed ? 'orange' : 'red';
    await click(`[data-testid="review-risk-${chosen}"]`, `the ${chosen} risk`);
    const step = await waitFor('the next-step field', () => find('[data-testid="review-step-text"]'));
    await wd('POST', `/session/${session}/element/${step}/value`, { text: 'Get: the economic buyer on a call' });
    // Every review says who made it (the core refuses a review without a name).
    const who = await waitFor('the reviewer field', () => find('[data-testid="review-reviewer"]'));
    await wd('POST', `/session/${session}/element/${who}/value`, { text: 'Morgan' });
    await click('[data-testid="review-save"]', 'Save review');
    await waitFor('the review to be saved', async () => {
      const el = await find('[data-testid="review-progress"]');
      return el && /^1 reviewed this week/.test((await text(el)).trim()) ? el : null;
    });
    const file = await screenshot('desktop-review.png');
    t.diagnostic(`screenshot: ${file}`);
    const deals = JSON.parse(
      execFileSync(salesosBin, ['--data', dataDir, 'deals', '--json'], { encoding: 'utf8', env: { ...process.env, SALESOS_TODAY: TODAY } }),
    );
    const named = deals.filter((d) => d.name === name);
    assert.ok(named.length > 0, `${name} in deals --json`);
    assert.ok(
      named.some((d) => d.risk === chosen),
      `${name} is ${chosen} now: ${named.map((d) => d.risk).join(', ')}`,
    );
  }));

async function saveDialogWindow(title = 'Save rows to fix') {
  return waitFor(
    'the save dialog',
    () => {
      try {
        const win = execFileSync('xdotool', ['search', '--onlyvisible', '--name', title], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        })
          .trim()
          .split('\n')[0];
        execFileSync('xdotool', ['windowfocus', '--sync', win], { stdio: 'ignore' });
        return win;
      } catch {
        return null; // not there (or not mapped) yet
      }
    },
    20_000,
  );
}

/** Starts a shell command in the window; resolves with {ok} or {err} once it answers. */
function startInvoke(command, args) {
  return wd(
    'POST',
    `/session/${session}/execute/async`,
    {
      script: `const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__
          .invoke(${JSON.stringify(command)}, ${JSON.stringify(args)})
          .then((v) => done({ ok: v }), (e) => done({ err: e }));`,
      args: [],
    },
    90_000,
  );
}

/** Starts import_issues_xlsx in the window; resolves with {ok} or {err} once the dialog is answered. */
function startSaveIssues(importId) {
  return wd(
    'POST',
    `/session/${session}/execute/async`,
    {
      script: `const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__
          .invoke('import_issues_xlsx', { req: { import_id: ${Number(importId)} } })
          .then((v) => done({ ok: v }), (e) => done({ err: e }));`,
      args: [],
    },
    90_000,
  );
}

test('the rows to fix are saved through the native save dialog (import_issues_xlsx)', (t) =>
  withEvidence(t, async () => {
    await wd('POST', `/session/${session}/timeouts`, { script: 80_000 });
    // An import with problems, made with the CLI in the workspace the window has open.
    const csv = join(filesDir, 'pipeline with problems.csv');
    writeFileSync(csv, 'Opportunity Name,Amount,Close Date\nAcme renewal,"$1,000",2026-12-01\nBeta expansion,N/A,TBD\n');
    const report = JSON.parse(
      execFileSync(salesosBin, ['--data', dataDir, 'import', csv, '--json'], {
        env: { ...process.env, SALESOS_TODAY: TODAY },
        encoding: 'utf8',
      }),
    );
    assert.ok(report.import_id, 'the import was recorded');
    assert.ok(report.warnings.length > 0, 'the import has rows to fix');

    // Cancel: nothing is written and the command answers null.
    const cancelled = startSaveIssues(report.import_id);
    let win = await saveDialogWindow();
    execFileSync('xdotool', ['key', '--window', win, 'Escape']);
    assert.deepEqual(await cancelled, { ok: null });

    // Save: type a full path into the dialog's name field.
    const target = join(filesDir, 'rows to fix.xlsx');
    const saved = startSaveIssues(report.import_id);
    win = await saveDialogWindow();
    execFileSync('xdotool', ['key', '--window', win, 'ctrl+a']);
    execFileSync('xdotool', ['type', '--window', win, '--delay', '10', target]);
    execFileSync('xdotool', ['key', '--window', win, 'Return']);
    const result = await saved;
    assert.ok(!result.err, `import_issues_xlsx failed: ${JSON.stringify(result.err)}`);
    assert.equal(result.ok, target);
    const bytes = readFileSync(target);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx (zip) workbook');
  }));

test('the board pack is saved through the native save dialog (board_xlsx)', (t) =>
  withEvidence(t, async () => {
    await wd('POST', `/session/${session}/timeouts`, { script: 80_000 });
    const target = join(filesDir, 'board pack.xlsx');
    const saved = startInvoke('board_xlsx', { req: { quarter: '2026-Q4', goal: null } });
    const win = await saveDialogWindow('Save the board forecast');
    execFileSync('xdotool', ['key', '--window', win, 'ctrl+a']);
    execFileSync('xdotool', ['type', '--window', win, '--delay', '10', target]);
    execFileSync('xdotool', ['key', '--window', win, 'Return']);
    const result = await saved;
    assert.ok(!result.err, `board_xlsx failed: ${JSON.stringify(result.err)}`);
    assert.equal(result.ok, target);
    const bytes = readFileSync(target);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx (zip) workbook');
    assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet7.xml')), 'all seven sheets');
  }));

test('an interviewer runs the coachability role-play live in the desktop window', (t) =>
  withEvidence(t, async () => {
    await wd('POST', `/session/${session}/timeouts`, { script: 80_000 });
    const click = async (selector, what) => {
      const el = await waitFor(what, () => find(selector));
      await wd('POST', `/session/${session}/element/${el}/click`, {});
    };
    const type = async (selector, what, value) => {
      const el = await waitFor(what, () => find(selector));
      await wd('POST', `/session/${session}/element/${el}/clear`, {});
      await wd('POST', `/session/${session}/element/${el}/value`, { text: value });
    };
    await click('[data-testid="nav-hiring"]', 'the Hiring link');
    await type('[data-testid="hiring-who"]', 'the You are field', 'Dana Lead\uE007');
    await click('[data-testid="new-candidate"]', 'New candidate');
    await type('[data-testid="candidate-name"]', 'the name field', 'Jordan Reyes');
    await click('[data-testid="candidate-save"]', 'Add candidate');
    await click('[data-testid="tab-roleplay"]', 'the role-play tab');
    await click('[data-testid="rp-start"]', 'Start clock');
    await click('[data-testid="rp-willingness"] [data-score="2"]', 'round 1 willingness 2');
    await click('[data-testid="rp-handling"] [data-score="2"]', 'round 1 handling 2');
    await click('[data-testid="rp-point"]', 'a coaching point');
    await click('[data-testid="rp-applied"] [data-score="4"]', 'round 2 applied 4');
    await click('[data-testid="rp-reception"] [data-score="3"]', 'round 2 reception 3');
    await waitFor('the role-play score', async () => {
      const el = await find('[data-testid="rp-score"]');
      return el && (await text(el)).trim() === '3.9' ? el : null;
    });
    await waitFor('the role-play to be saved', async () => {
      const el = await find('[data-testid="rp-status"][data-status="saved"]');
      return el;
    });
    const file = await screenshot('desktop-roleplay.png');
    t.diagnostic(`screenshot: ${file}`);
    const cli = JSON.parse(execFileSync(salesosBin, ['--data', dataDir, 'hiring', '--json'], { encoding: 'utf8' }));
    const jordan = cli.candidates.find((c) => c.name === 'Jordan Reyes');
    assert.deepEqual(
      { round1: jordan.coachability.round1, round2: jordan.coachability.round2, gain: jordan.coachability.gain },
      { round1: 2, round2: 3.5, gain: 1.5 },
    );

    // The debrief's packet goes through the native save dialog.
    await click('[data-testid="tab-debrief"]', 'the debrief tab');
    await click('[data-testid="export-packet"]', 'Export packet');
    const target = join(filesDir, 'Jordan packet.xlsx');
    const win = await saveDialogWindow('Save the candidate packet');
    execFileSync('xdotool', ['key', '--window', win, 'ctrl+a']);
    execFileSync('xdotool', ['type', '--window', win, '--delay', '10', target]);
    execFileSync('xdotool', ['key', '--window', win, 'Return']);
    await waitFor('the packet file', () => existsSync(target) && readFileSync(target).subarray(0, 2).toString('latin1') === 'PK', 20_000);
  }));

test('a deal opened from “Closing the gap” shows its risk and timeline in the desktop window', (t) =>
  withEvidence(t, async () => {
    const nav = await waitFor('the Forecast link', () => find('[data-testid="nav-forecast"]'));
    await wd('POST', `/session/${session}/element/${nav}/click`, {});
    const open = await waitFor('a deal in “Closing the gap”', () => find('[data-testid="gap-closer-open"]'));
    const name = (await text(open)).trim();
    await wd('POST', `/session/${session}/element/${open}/click`, {});
    const panel = await waitFor('the deal panel', () => find('[data-testid="deal-panel"]'));
    await waitFor('the risk control in the panel', () => find('[data-testid="deal-facts"] [data-testid="risk-control"]'));
    const created = await waitFor('the timeline', () => find('[data-testid="deal-timeline"] [data-testid="timeline-entry"][data-kind="created"]'));
    const line = (await text(created)).replace(/\s+/g, ' ');
    assert.match(line, /Deal imported/);
    assert.match(line, /sample data/);
    assert.match(await text(panel), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await sleep(500);
    const file = await screenshot('desktop-deal-panel.png');
    t.diagnostic(`screenshot: ${file}`);
    const close = await find('[data-testid="deal-panel-close"]');
    await wd('POST', `/session/${session}/element/${close}/click`, {});
  }));
