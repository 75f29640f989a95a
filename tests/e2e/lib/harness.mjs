// Test harness: a real mawid-server with a temporary database serving build/web/dist,
// and Debian's Chromium driven by playwright-core at a phone viewport with touch.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../../..');
export const dist = process.env.MAWID_WEB_DIST || path.join(root, 'build/web/dist');
export const serverBin = process.env.MAWID_SERVER || path.join(root, 'build/native/server/mawid-server');
export const artifacts = path.join(root, 'tests/e2e/artifacts');

// The flags that make headless Chromium render WebGL2 here without touching the network
// (shared/TOOLCHAIN.md). Playwright supplies its own fresh profile directory.
export const chromiumArgs = [
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run',
];

// Starts mawid-server on a free port; resolves once it prints its address.
// Citizens' verification is off unless a test asks for it (the verification tests do).
function verificationArgs(extraArgs) {
  return extraArgs.includes('--verification') ? [] : ['--verification', 'off'];
}

// `bin` is another mawid-server (an installed one, say).
export async function startServer({extraArgs = [], web = dist, rateLimit = 0, bin = serverBin} = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mawid-e2e-'));
  const db = path.join(dir, 'mawid.db');
  const proc = spawn(bin, ['--port', '0', '--db', db, '--web', web, '--seed-demo',
                           '--rate-limit', String(rateLimit), ...verificationArgs(extraArgs),
                           ...extraArgs],
                     {stdio: ['ignore', 'pipe', 'pipe']});
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (c) => { log += c; });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  return {
    url,
    dir,  // the database and its outbox folder (messages as files: no gateway here)
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise(r => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs});
}

// A phone: 390x844 CSS px, touch, device pixel ratio 2, in the given language.
export async function newPhone(browser, {locale = 'en-US', ...options} = {}) {
  const context = await browser.newContext({
    viewport: {width: 390, height: 844}, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale, acceptDownloads: true, ...options,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error('[console]', m.text()); });
  return {context, page};
}

// Opens the app and waits for its first interactive frame, then until its first answers
// are in and drawn (a banner that comes or goes would move what a test taps next).
export async function openApp(page, url, path = '/') {
  await page.goto(url + path, {waitUntil: 'load'});
  await interactive(page);
}

// Reloads the page, then waits as openApp does.
export async function reopen(page) {
  await page.reload();
  await interactive(page);
}

// The text of the first message the server wrote to its outbox folder (`dir`/outbox, no
// gateway) whose file name ends with `suffix` and whose text includes `text`: waits for
// the file, never for a time.
export async function outboxMessage(dir, suffix, text, {timeout = 15000} = {}) {
  const outbox = path.join(dir, 'outbox');
  const deadline = Date.now() + timeout;
  for (;;) {
    const files = existsSync(outbox) ? readdirSync(outbox).filter(f => f.endsWith(suffix)) : [];
    for (const f of files) {
      const message = readFileSync(path.join(outbox, f), 'utf8');
      if (message.includes(text)) return message;
    }
    if (Date.now() > deadline) throw new Error(`no ${suffix} with ${text} in ${outbox}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

// Waits for the app's first interactive frame and its first answers (after a navigation).
export async function interactive(page) {
  await page.waitForFunction(() => window.mawid && window.mawid.firstInteractive !== undefined,
                             null, {timeout: 30000});
  await quiet(page);
}

export async function widgets(page) {
  return page.evaluate(() => window.mawid.widgets());
}

// A query is a label, or an object whose every given field must hold: {id}, {idPrefix}
// (with {enabled: true}: not disabled; {enabled: false}: disabled), {idAfter} (an id that
// sorts after it), {label} (exact), {labelIncludes}.
function matches(w, query) {
  if (typeof query === 'string') return w.label === query;
  if (query.id !== undefined && w.id !== query.id) return false;
  if (query.idPrefix !== undefined && !w.id.startsWith(query.idPrefix)) return false;
  if (query.idAfter !== undefined && !(w.id > query.idAfter)) return false;
  if (query.enabled !== undefined && query.enabled === w.state.includes('disabled')) return false;
  if (query.label !== undefined && w.label !== query.label) return false;
  if (query.labelIncludes !== undefined && !w.label.includes(query.labelIncludes)) return false;
  return true;
}

// Waits until a widget matching `query` exists. To read what an answer shows, ask for the
// label you expect ({id, label}): the widget may show an older text until the answer comes.
export async function find(page, query, {timeout = 15000, visible = true} = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const list = await widgets(page);
    const w = list.find(x => matches(x, query));
    if (w && (!visible || !w.state.includes('offscreen'))) return w;
    if (w && visible) {
      // Scroll it into view with the wheel over the content, then look again.
      const dy = w.y < 100 ? -Math.min(400, 120 - w.y) : Math.min(400, w.y - 400);
      await page.mouse.move(195, 500);
      await page.mouse.wheel(0, dy);
      await page.waitForTimeout(120);
    } else {
      await page.waitForTimeout(100);
    }
    if (Date.now() > deadline) {
      throw new Error(`widget ${JSON.stringify(query)} not found; have:\n` +
                      list.map(x => `${x.id} | ${x.label} | ${x.state}`).join('\n'));
    }
  }
}

// Taps a widget's centre with a real touch event, as a finger would. With {navigates: true}
// the tap leaves the page (a sign-in elsewhere): the caller waits for where it leads, since
// the frames this waits for may never be drawn on the page it leaves.
export async function tap(page, query, options = {}) {
  const deadline = Date.now() + (options.timeout || 15000);
  let w = await find(page, query, options);
  for (;;) {
    // Wait until it is enabled (e.g. a request in flight) and has stopped moving (the
    // frames after a keystroke or a tap may still be re-laying out the list, or clamping
    // the scroll to a page that became shorter).
    await drawingStopped(page);
    const again = await find(page, query, options);
    const still = again.x === w.x && again.y === w.y && again.w === w.w && again.h === w.h;
    w = again;
    if (still && !w.state.includes('disabled')) break;
    if (Date.now() > deadline) throw new Error(`widget ${w.id} stayed disabled or kept moving`);
  }
  // The app takes one touch transition a frame: two frames after the finger lifts, the tap
  // has been handled (and what it changed is drawn).
  await page.evaluate(() => {
    const m = window.mawid;
    m.liftedAtFrame = undefined;
    addEventListener('touchend', () => { m.liftedAtFrame = m.framesDrawn; }, {once: true, capture: true});
  });
  await page.touchscreen.tap(w.x + w.w / 2, w.y + w.h / 2);
  if (options.navigates) return w;
  await page.waitForFunction(() => {
    const m = window.mawid;
    return m.liftedAtFrame !== undefined && m.framesDrawn >= m.liftedAtFrame + 2;
  });
  return w;
}

// Waits until the app has drawn no frame for three of the browser's animation frames (it
// draws only when something changed), so a widget's place is the one on screen. On a
// loaded machine a frame can take longer than any fixed pause. Something that keeps moving
// (the loading bar, a glide) ends the wait after a second.
async function drawingStopped(page) {
  await page.evaluate(() => new Promise((resolve) => {
    const m = window.mawid;
    const started = performance.now();
    let last = m.framesDrawn, still = 0;
    const tick = () => {
      still = m.framesDrawn === last ? still + 1 : 0;
      last = m.framesDrawn;
      if (still >= 3 || performance.now() - started > 1000) resolve(); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
}

// Types into the HTML input placed over a field (found by its label).
export async function typeInto(page, label, text) {
  const w = await find(page, label);
  await page.touchscreen.tap(w.x + w.w / 2, w.y + w.h / 2);
  const input = page.locator(`input.mawid-input[aria-label="${label}"]`);
  await input.fill('');
  await input.pressSequentially(text, {delay: 10});
  // Then wait until the app has taken every keystroke and drawn what follows from it (a
  // search list filtered again, say). On a loaded machine a frame can take longer than
  // tap's check that a widget stopped moving, and a tap aimed at the last frame but one
  // would land where the list no longer is.
  await quiet(page);
}

// Runs `action` (a tap, say: tap returns once the app has handled it, so what it asks of
// the server is on its way), then waits until every answer is in and drawn.
export async function settle(page, action, options = {}) {
  await action();
  await quiet(page, options);
}

// Waits until the app is at rest: every request answered and no frame drawn for five of
// the browser's animation frames (the app draws only when something changed).
export async function quiet(page, {timeout = 20000} = {}) {
  await page.evaluate((timeout) => new Promise((resolve, reject) => {
    const m = window.mawid;
    const give_up = setTimeout(() => reject(new Error('the app did not come to rest')), timeout);
    let last = m.framesDrawn, still = 0;
    const tick = () => {
      const busy = m.requests.answered !== m.requests.sent || m.framesDrawn !== last;
      last = m.framesDrawn;
      still = busy ? 0 : still + 1;
      if (still >= 5) { clearTimeout(give_up); resolve(); } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), timeout);
}

export async function shot(page, name) {
  mkdirSync(artifacts, {recursive: true});
  await quiet(page);
  await page.screenshot({path: path.join(artifacts, name + '.png')});
}

// JSON API calls from the test itself (not through the page).
export async function api(url, method, pathName, body, headers = {}) {
  const res = await fetch(url + pathName, {
    method, headers: {'Content-Type': 'application/json', ...headers},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return {status: res.status, json, text};
}

// The translation table the app uses, to find widgets by their label in either language.
export async function table(lang) {
  const {readFile} = await import('node:fs/promises');
  return JSON.parse(await readFile(path.join(root, 'assets/i18n', lang + '.json'), 'utf8'));
}
