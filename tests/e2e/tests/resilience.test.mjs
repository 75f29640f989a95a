// Failures never lose what was typed: a booking whose request is lost on the way, or is
// answered "busy", is retried with the same Idempotency-Key and books once. The app starts
// when the worker that sets up the GPU cannot load. And the layout holds from a 360 px
// phone to a desktop window.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, reopen, find, tap, typeInto, widgets, shot, api, table, quiet} from '../lib/harness.mjs';
import {bookableDay, randomCpr} from '../lib/flows.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// A phone in English at the confirmation of a passport renewal, details typed.
async function toConfirmation(phone) {
  const en = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await tap(page, en['home.book']);
  await tap(page, 'Passport renewal');
  await tap(page, 'Manama Service Centre');
  await tap(page, bookableDay());
  await tap(page, {idPrefix: 'time/', enabled: true});
  const cpr = randomCpr();
  await typeInto(page, en['details.cpr'], cpr);
  await typeInto(page, en['details.phone'], phone);
  await tap(page, en['details.continue']);
  return {en, context, page, cpr};
}

test('a lost answer shows the network message, keeps the details, and the retry books once', async () => {
  const {en, context, page, cpr} = await toConfirmation('3600 1234');

  // The first request reaches the server, but its answer never comes back.
  const keys = [];
  await page.route('**/api/v1/bookings', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      await route.fetch();  // the server books...
      return route.abort('connectionreset');  // ...and the phone never hears of it
    }
    return route.continue();
  });
  await tap(page, en['confirm.book']);
  await find(page, en['error.network'], {timeout: 20000});
  await shot(page, 'en-network-error');
  await tap(page, en['confirm.book']);
  await find(page, en['done.title'], {timeout: 20000});
  assert.equal(keys.length, 2);
  assert.ok(keys[0] && keys[0] === keys[1], 'the retry reuses the Idempotency-Key');
  const code = (await find(page, {id: 'done/code'})).label.replace(/-/g, '');
  const found = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code, cpr});
  assert.equal(found.status, 200);
  await context.close();
});

test('a busy server (503, Retry-After): the booking is sent again by itself and books once', async () => {
  const {en, context, page, cpr} = await toConfirmation('3600 1235');

  // The first try meets a server whose database is away: the answer every server gives
  // then (docs/api.md, "Limits"). The second reaches the real server.
  const keys = [];
  await page.route('**/api/v1/bookings', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length > 1) return route.continue();
    return route.fulfill({
      status: 503, headers: {'Retry-After': '1'}, contentType: 'application/json',
      body: JSON.stringify({error: 'server_busy', message: 'The database cannot be reached.'}),
    });
  });
  await tap(page, en['confirm.book']);
  await find(page, en['done.title'], {timeout: 20000});
  assert.equal(keys.length, 2, 'one busy answer, one retry');
  assert.ok(keys[0] && keys[0] === keys[1], 'the retry reuses the Idempotency-Key');
  const code = (await find(page, {id: 'done/code'})).label.replace(/-/g, '');
  const found = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code, cpr});
  assert.equal(found.status, 200);
  await context.close();
});

// The workers that set up the GPU side, compile the wasm and load the date data at start
// (web/warmup.js), and the plain wasm the page fetches only where it must compile it
// itself; both named by their content.
const WARMUP = /\/warmup\.[0-9a-f]{10}\.js$/;
const PLAIN_WASM = /\/mawid\.[0-9a-f]{10}\.wasm$/;

test('the GPU, the wasm and the dates are set up by workers that end once their work is done; without them the app starts all the same', async () => {
  const en = await table('en');
  {
    const {context, page} = await newPhone(browser, {locale: 'en-US'});
    const ended = [], plain = [];
    page.on('worker', (worker) => {
      if (WARMUP.test(worker.url())) ended.push(new Promise((resolve) => worker.once('close', resolve)));
    });
    page.on('request', (request) => { if (PLAIN_WASM.test(request.url())) plain.push(request.url()); });
    await openApp(page, server.url);
    await find(page, en['home.book']);
    assert.equal(ended.length, 3, 'a worker for the GPU, one for the wasm and one for the dates');
    await Promise.all(ended);  // the app has its context, its module and its dates: all let go
    assert.deepEqual(plain, [], 'the wasm compiled by its worker is the one the app runs');
    // The next start finds the month names kept on the device: no worker for the dates.
    assert.ok(await page.evaluate(() => localStorage.getItem('mawid.calendar.en')));
    ended.length = 0;
    await reopen(page);
    await find(page, en['home.book']);
    assert.equal(ended.length, 2, 'the dates are not loaded again');
    await Promise.all(ended);
    assert.deepEqual(plain, []);
    await context.close();
  }
  {
    // A browser that cannot load the workers (a network that drops them, a blocked script)
    // compiles the plain wasm itself.
    const {context, page} = await newPhone(browser, {locale: 'en-US'});
    const dropped = [], plain = [];
    await page.route(WARMUP, (route) => { dropped.push(route.request().url()); return route.abort(); });
    page.on('request', (request) => { if (PLAIN_WASM.test(request.url())) plain.push(request.url()); });
    await openApp(page, server.url);
    await find(page, en['home.book']);
    assert.ok(dropped.length >= 1, 'the page asked for the workers');
    assert.equal(plain.length, 1, 'the page fetched the plain wasm');
    await context.close();
  }
});

test('rate limited: the message says how long to wait, in Arabic', async () => {
  const limited = await startServer({rateLimit: 6});
  try {
    const ar = await table('ar');
    const {context, page} = await newPhone(browser, {locale: 'ar'});
    await openApp(page, limited.url);
    await tap(page, ar['home.book']);
    await tap(page, {id: 'svc/passport-renewal'});
    await tap(page, {id: 'ctr/manama-service-centre'});
    await tap(page, bookableDay());
    await tap(page, {idPrefix: 'time/', enabled: true});
    await typeInto(page, ar['details.cpr'], randomCpr());
    await typeInto(page, ar['details.phone'], '36001234');
    await tap(page, ar['details.continue']);
    await find(page, ar['confirm.title']);
    // Just before the booking leaves the page, use up this address's allowance (the test
    // and the page share 127.0.0.1): done any earlier, a slow machine lets a token refill
    // (one every 10 s) before the booking comes.
    await page.route('**/api/v1/bookings', async (route) => {
      for (let i = 0; i < 30; i++) {
        if ((await api(limited.url, 'GET', '/api/v1/catalog')).status === 429) break;
      }
      return route.continue();
    });
    await tap(page, ar['confirm.book']);
    const prefix = ar['error.rate_limited_wait'].other.split('{count}')[0];
    const message = await find(page, {labelIncludes: prefix}, {timeout: 20000});
    // One of the plural forms, its count filled (Arabic: "بعد ثانيتين", "بعد 30 ثانية").
    const forms = Object.values(ar['error.rate_limited_wait']).map(f =>
      new RegExp('^' + f.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{count}', '\\d+') + '$'));
    assert.ok(forms.some(f => f.test(message.label)), message.label);
    await shot(page, 'ar-rate-limited');
    await context.close();
  } finally {
    await limited.stop();
  }
});

for (const [width, height] of [[360, 740], [1280, 800]]) {
  test(`every widget fits a ${width}x${height} window in both languages`, async () => {
    for (const lang of ['ar', 'en']) {
      const tr = await table(lang);
      const {context, page} = await newPhone(browser, {locale: lang, viewport: {width, height},
                                                        isMobile: width < 800, hasTouch: width < 800});
      await openApp(page, server.url);
      const check = async (name) => {
        const list = await widgets(page);
        for (const w of list) {
          assert.ok(w.x >= 0 && w.x + w.w <= width + 0.5, `${name}: ${w.id} (${w.x}+${w.w}) outside ${width}`);
          if (w.role === 'button') assert.ok(w.h >= 44 && w.w >= 44, `${name}: ${w.id} is ${w.w}x${w.h}, under 44 px`);
        }
      };
      await find(page, tr['home.book']);
      await check('home');
      await page.mouse.click(...(await center(page, tr['home.book'])));
      await find(page, tr['services.title']);
      await check('services');
      await page.mouse.click(...(await center(page, {id: 'svc/id-card-issue'})));
      await find(page, tr['centres.title']);
      await check('centres');
      await shot(page, `${lang}-centres-${width}`);
      await context.close();
    }
  });
}

// Where to click: the widget's centre once the app is at rest (a frame still to come could
// move it).
async function center(page, query) {
  await quiet(page);
  const w = await find(page, query);
  return [w.x + w.w / 2, w.y + w.h / 2];
}
