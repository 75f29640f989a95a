// A booking made end to end with real touch events, in English and in Arabic, and
// found afterwards through the API; on the way, the API's bytes on the wire of a whole
// booking from a fresh phone are counted against their budget.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {startServer, launchBrowser, newPhone, openApp, find, shot, api, table, artifacts} from '../lib/harness.mjs';

// Reading the screen back as a person would: OCR (tesseract) and a QR reader (zbarimg),
// both installed by scripts/setup.sh. Skipped where they are missing.
function tool(name, args) {
  if (!existsSync('/usr/bin/' + name)) return null;
  return execFileSync(name, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
}
import {bookThroughUi, randomCpr} from '../lib/flows.mjs';

// The API bytes of a whole booking from a fresh phone (catalogue, a month of one centre's
// availability, the booking), requests and answers with their headers, as sent (gzip).
const API_BUDGET_BYTES = 30 * 1000;

// Starts counting the page's API traffic; the returned function gives the bytes per request
// once the booking's own answer has been counted (its event may come after the app drew it).
function countApiBytes(page) {
  const sizes = [];
  let booked;
  const bookingCounted = new Promise((resolve) => { booked = resolve; });
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (request.method() === 'POST' && url.pathname === '/api/v1/bookings') booked();
    sizes.push(request.sizes().then((s) => ({
      what: `${request.method()} ${url.pathname}`,
      bytes: s.requestHeadersSize + s.requestBodySize + s.responseHeadersSize + s.responseBodySize,
    })));
  });
  return async () => { await bookingCounted; return Promise.all(sizes); };
}

let server, browser, catalog;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
});
after(async () => { await browser?.close(); await server?.stop(); });

for (const lang of ['en', 'ar']) {
  test(`booking end to end in ${lang}`, async () => {
    const tr = await table(lang);
    const service = catalog.services.find(s => s.id === 'passport-renewal');
    const centre = catalog.centres.find(c => c.services.includes(service.id));
    const {context, page} = await newPhone(browser, {locale: lang === 'ar' ? 'ar-BH' : 'en-GB'});
    const apiBytes = countApiBytes(page);
    await openApp(page, server.url);
    await find(page, tr['home.book']);
    await shot(page, `${lang}-1-home`);
    const cpr = randomCpr();
    const {code, day, time} = await bookThroughUi(page, tr, {
      serviceName: service.name[lang], centreName: centre.name[lang], cpr,
      phone: lang === 'ar' ? '+973 3600 1234' : '36001234', prefix: lang,
    });
    assert.match(code, /^[2-9A-Z]{9}$/);
    const requests = await apiBytes();
    const total = requests.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`${lang}: API bytes of a booking from a fresh phone: ${total} B ` +
                `(${requests.map((r) => `${r.what} ${r.bytes}`).join(', ')})`);
    assert.ok(requests.some((r) => r.what === 'GET /api/v1/availability'), 'the calendar asked');
    assert.ok(requests.some((r) => r.what === 'POST /api/v1/bookings'), 'the booking was sent');
    assert.ok(total <= API_BUDGET_BYTES, `${total} B of API traffic for one booking`);
    const found = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code, cpr});
    assert.equal(found.status, 200, found.text);
    assert.equal(found.json.status, 'booked');
    assert.equal(found.json.centre, centre.id);
    assert.equal(found.json.service, service.id);
    assert.ok(found.json.start.startsWith(`${day}T${time}`), `${found.json.start} vs ${day} ${time}`);

    const qr = tool('zbarimg', ['--raw', '-q', path.join(artifacts, `${lang}-8-done.png`)]);
    if (qr !== null) assert.equal(qr.trim(), code, 'the QR code on screen holds the booking code');
    if (lang === 'ar') {
      // Shaped, joined, right-to-left Arabic reads back word for word.
      const text = tool('tesseract', [path.join(artifacts, 'ar-1-home.png'), '-', '-l', 'ara']);
      if (text !== null) assert.ok(text.includes(tr['home.book']), `OCR read:\n${text}`);
    }
    await context.close();
  });
}
