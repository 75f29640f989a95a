// A booking made end to end with real touch events, in English and in Arabic, and
// found afterwards through the API.
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
    await openApp(page, server.url);
    await find(page, tr['home.book']);
    await shot(page, `${lang}-1-home`);
    const cpr = randomCpr();
    const {code, day, time} = await bookThroughUi(page, tr, {
      serviceName: service.name[lang], centreName: centre.name[lang], cpr,
      phone: lang === 'ar' ? '+973 3600 1234' : '36001234', prefix: lang,
    });
    assert.match(code, /^[2-9A-Z]{9}$/);
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
