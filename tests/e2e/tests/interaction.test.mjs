// How the app is handled: search in both languages, drag to scroll (a drag never taps),
// keyboard through the accessibility mirror, nearest centres with location, and the
// calendar file of a booking.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {startServer, launchBrowser, newPhone, openApp, find, tap, typeInto, widgets, quiet, shot,
        table} from '../lib/harness.mjs';
import {bookThroughUi, bookableDay, randomCpr} from '../lib/flows.mjs';

let server, browser, en;
before(async () => { server = await startServer(); browser = await launchBrowser(); en = await table('en'); });
after(async () => { await browser?.close(); await server?.stop(); });

test('service search matches names in Arabic and English', async () => {
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await tap(page, en['home.book']);
  const services = () => page.evaluate(
    () => window.mawid.widgets().filter(w => w.id.startsWith('svc/')).map(w => w.id).sort());
  const settle = (n) => page.waitForFunction(
    (n) => window.mawid.widgets().filter(w => w.id.startsWith('svc/')).length === n, n);
  await find(page, {id: 'svc/passport-renewal'});
  await typeInto(page, en['services.search'], 'جواز');  // "passport", typed in Arabic
  await settle(1);
  assert.deepEqual(await services(), ['svc/passport-renewal']);
  await typeInto(page, en['services.search'], 'ID CARD');
  await settle(2);
  assert.deepEqual(await services(), ['svc/id-card-issue', 'svc/id-card-renewal']);
  await context.close();
});

test('a drag scrolls the list (with inertia) and does not tap what it started on', async () => {
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await tap(page, en['home.book']);
  const first = await find(page, {id: 'svc/id-card-issue'});
  const cdp = await context.newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{x: 195, y}]});
  await touch('touchStart', first.y + 20);
  for (let i = 1; i <= 10; i++) {
    await touch('touchMove', first.y + 20 - i * 30);
    await page.waitForTimeout(16);
  }
  await touch('touchEnd');
  await quiet(page);  // the fling has come to rest
  const after = (await widgets(page)).find(w => w.id === 'svc/id-card-issue');
  assert.ok(after.y < first.y - 300, `moved from ${first.y} to ${after.y}`);
  await find(page, en['services.title']);  // still on the same screen: no tap happened
  await context.close();
});

test('keyboard: Tab to a mirrored button and press Enter', async () => {
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await find(page, en['home.book']);
  await page.focus('#a11y button[data-id="home/book"]');
  await page.keyboard.press('Enter');
  await find(page, en['services.title']);
  await context.close();
});

test('nearest centres first when location is allowed', async () => {
  const {context, page} = await newPhone(browser, {
    locale: 'en-US', geolocation: {latitude: 26.2255, longitude: 50.582}, permissions: ['geolocation']});
  await openApp(page, server.url);
  await tap(page, en['home.book']);
  await tap(page, 'ID card renewal');
  await tap(page, en['centres.nearest']);
  await find(page, {labelIncludes: 'Manama'});
  await page.waitForFunction(() => !window.mawid.widgets().some(w => w.id === 'centres/nearest'));
  await shot(page, 'en-centres-nearest');
  const rows = (await widgets(page)).filter(w => w.id.startsWith('ctr/'));
  assert.equal(rows[0].id, 'ctr/manama-service-centre', 'the centre at our position comes first');
  await context.close();
});

test('add to calendar gives an iCalendar file of the booking', async () => {
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  const {code, day, time} = await bookThroughUi(page, en, {
    serviceName: 'Driving licence renewal', centreName: (await firstCentre('driving-licence-renewal')),
    cpr: randomCpr(), phone: '33001234'});
  const [download] = await Promise.all([page.waitForEvent('download'), tap(page, en['done.add_calendar'])]);
  assert.match(download.suggestedFilename(), /\.ics$/);
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  assert.ok(ics.includes(`UID:${code}@mawid.bh\r\n`));
  // Local time at the centre is UTC+3.
  const start = new Date(`${day}T${time}:00+03:00`).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
  assert.ok(ics.includes(`DTSTART:${start}\r\n`), ics);
  assert.ok(ics.split('\r\n').every(l => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
  assert.ok(ics.trimEnd().endsWith('END:VCALENDAR'));
  await context.close();
});

async function firstCentre(serviceId) {
  const cat = await (await fetch(server.url + '/api/v1/catalog')).json();
  return cat.centres.find(c => c.services.includes(serviceId)).name.en;
}

test("the phone's back gesture steps back through the screens", async () => {
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await tap(page, en['home.book']);
  await tap(page, 'ID card renewal');
  await find(page, en['centres.title']);
  await page.goBack();
  await find(page, en['services.title']);
  await tap(page, {id: 'nav/back'});  // the in-app arrow goes the same way
  await find(page, en['home.book']);
  await tap(page, en['home.book']);
  await find(page, en['services.title']);
  await context.close();
});

test('CPR and phone: the right keyboards, checked on the spot, field kept in view above the keyboard', async () => {
  const ar = await table('ar');
  const {context, page} = await newPhone(browser, {locale: 'ar'});
  await openApp(page, server.url);
  await tap(page, ar['home.book']);
  await tap(page, {id: 'svc/id-card-renewal'});
  await tap(page, {id: 'ctr/manama-service-centre'});
  await tap(page, bookableDay());
  await tap(page, {idPrefix: 'time/', enabled: true});
  await find(page, ar['details.title']);
  const cpr = page.locator(`input.mawid-input[aria-label="${ar['details.cpr']}"]`);
  const phone = page.locator(`input.mawid-input[aria-label="${ar['details.phone']}"]`);
  assert.equal(await cpr.getAttribute('inputmode'), 'numeric');
  assert.equal(await phone.getAttribute('type'), 'tel');

  // Wrong values: messages in Arabic from the same rules the server applies.
  await typeInto(page, ar['details.cpr'], '12345');
  await typeInto(page, ar['details.phone'], '1234');
  await tap(page, ar['details.continue']);
  await find(page, ar['error.invalid_cpr']);
  await find(page, ar['error.invalid_phone']);
  await find(page, ar['details.title']);  // not moved on
  await shot(page, 'ar-details-errors');
  await typeInto(page, ar['details.cpr'], '880112345');
  await page.waitForFunction((m) => !window.mawid.widgets().some(w => w.label === m), ar['error.invalid_cpr']);

  // The keyboard comes up (the view shrinks to 300 px): the focused field scrolls into view
  // and keeps its focus.
  await typeInto(page, ar['details.phone'], '3600');
  await page.setViewportSize({width: 390, height: 300});
  await page.waitForFunction(() => {
    const f = window.mawid.widgets().find(w => w.id === 'field/4');
    return f && f.y >= 56 && f.y + f.h <= 300;
  }, null, {timeout: 5000});
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), ar['details.phone']);
  await page.keyboard.type('1234');
  await page.setViewportSize({width: 390, height: 844});
  await tap(page, ar['details.continue']);
  await find(page, ar['confirm.title']);
  await context.close();
});

test('an optional e-mail: a malformed one is explained in Arabic and kept as typed; a good one is booked with', async () => {
  const ar = await table('ar');
  const {context, page} = await newPhone(browser, {locale: 'ar'});
  await openApp(page, server.url);
  await tap(page, ar['home.book']);
  await tap(page, {id: 'svc/id-card-renewal'});
  await tap(page, {id: 'ctr/manama-service-centre'});
  await tap(page, bookableDay());
  await tap(page, {idPrefix: 'time/', enabled: true});
  await find(page, ar['details.title']);
  const email = page.locator(`input.mawid-input[aria-label="${ar['details.email']}"]`);
  await typeInto(page, ar['details.cpr'], '770312648');
  await typeInto(page, ar['details.phone'], '36001234');
  await typeInto(page, ar['details.email'], 'name@example');
  assert.equal(await email.getAttribute('inputmode'), 'email');
  await tap(page, ar['details.continue']);
  await find(page, ar['error.invalid_email']);
  await find(page, ar['details.title']);  // not moved on
  assert.equal(await email.inputValue(), 'name@example');  // what they typed is kept
  await typeInto(page, ar['details.email'], 'name.770312@example.com');
  await tap(page, ar['details.continue']);
  await find(page, ar['confirm.title']);
  await find(page, {id: 'confirm/email'});
  await tap(page, ar['confirm.book']);
  await find(page, ar['done.title'], {timeout: 20000});
  // The server took the address: the confirmation e-mail is in its outbox folder.
  const outbox = path.join(server.dir, 'outbox');
  let eml = '';
  for (let tries = 0; tries < 200 && !eml; ++tries) {
    const name = readdirSync(outbox).find(f => f.endsWith('-confirmation.eml') &&
      readFileSync(path.join(outbox, f), 'utf8').includes('To: name.770312@example.com'));
    if (name) eml = readFileSync(path.join(outbox, name), 'utf8');
    else await new Promise(r => setTimeout(r, 50));
  }
  assert.ok(eml.includes('Content-Type: text/calendar; method=PUBLISH'), 'the e-mail was written');
  await context.close();
});

test('the app draws again after the GL context is lost and restored', async () => {
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await find(page, en['home.book']);
  await quiet(page);
  const before = await page.screenshot();
  await page.evaluate(() => new Promise((resolve) => {
    const canvas = document.getElementById('canvas');
    const ext = canvas.getContext('webgl2').getExtension('WEBGL_lose_context');
    canvas.addEventListener('webglcontextlost', () => setTimeout(() => ext.restoreContext()), {once: true});
    canvas.addEventListener('webglcontextrestored', () => setTimeout(resolve), {once: true});
    ext.loseContext();
  }));
  const frames = await page.evaluate(() => window.mawid.framesDrawn);
  await page.mouse.move(5, 400);  // any input asks for a frame
  await page.waitForFunction((f) => window.mawid.framesDrawn > f, frames);
  await quiet(page);
  const after = await page.screenshot();
  assert.ok(before.equals(after), 'the same picture as before the loss');
  await tap(page, en['home.book']);
  await find(page, en['services.title']);
  await context.close();
});

test('without WebGL 2 the page says so, in the person\'s language', async () => {
  const ar = await table('ar');
  const {context, page} = await newPhone(browser, {locale: 'ar'});
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : getContext.call(this, type, ...rest);
    };
  });
  await page.goto(server.url + '/');
  const message = page.locator('.mawid-fatal');
  await message.waitFor({timeout: 20000});
  assert.equal(await message.textContent(), ar['error.no_webgl']);
  assert.equal(await message.getAttribute('dir'), 'rtl');
  await context.close();
});
