// Six languages (issue 13): on a first visit the app opens in the phone's language when
// Mawid has a table for it, lays it out in that table's direction, offers all six in the
// header's list, writes catalogue names in that language, and books in it: the
// confirmation SMS comes in the language the booking was made in.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {startServer, launchBrowser, newPhone, openApp, find, tap, shot, table} from '../lib/harness.mjs';
import {bookThroughUi, randomCpr} from '../lib/flows.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

// A phone's locale as its owner sets it, and the table it should open in.
const phones = [
  {locale: 'ur-PK', lang: 'ur', dir: 'rtl'},
  {locale: 'hi-IN', lang: 'hi', dir: 'ltr'},
  {locale: 'bn-BD', lang: 'bn', dir: 'ltr'},
  {locale: 'fa-IR', lang: 'fa', dir: 'rtl'},
];

for (const {locale, lang, dir} of phones) {
  test(`a phone set to ${locale} opens in ${lang} on the first visit`, async () => {
    const tr = await table(lang);
    const {context, page} = await newPhone(browser, {locale, viewport: {width: 360, height: 780}});
    await openApp(page, server.url);
    await find(page, tr['home.book']);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    assert.equal(await page.evaluate(() => document.documentElement.dir), dir);
    await shot(page, `${lang}-home-360`);

    // The services list names the catalogue in the same language.
    await tap(page, tr['home.book']);
    await find(page, tr['services.title']);
    const catalog = await (await fetch(server.url + '/api/v1/catalog')).json();
    const passport = catalog.services.find(s => s.id === 'passport-renewal');
    assert.ok(passport.name[lang], `catalogue has a ${lang} name`);
    await find(page, {id: 'svc/passport-renewal', labelIncludes: passport.name[lang]});
    await context.close();
  });
}

test('the header lists all six languages, each named in its own script', async () => {
  const {context, page} = await newPhone(browser, {locale: 'ur-PK'});
  await openApp(page, server.url);
  await tap(page, {id: 'nav/lang'});
  for (const lang of ['ar', 'en', 'ur', 'hi', 'bn', 'fa']) {
    const name = (await table(lang))._meta.name;
    await find(page, {id: `lang/${lang}`, labelIncludes: name});
  }
  await context.close();
});

// The confirmation the server wrote to its outbox folder for booking `code`, once it is there.
async function confirmationOf(code, {timeout = 15000} = {}) {
  const outbox = path.join(server.dir, 'outbox');
  const deadline = Date.now() + timeout;
  for (;;) {
    const files = existsSync(outbox) ? readdirSync(outbox).filter(f => f.endsWith('-confirmation.txt')) : [];
    for (const f of files) {
      const text = readFileSync(path.join(outbox, f), 'utf8');
      if (text.includes(code)) return text;
    }
    if (Date.now() > deadline) throw new Error(`no confirmation of ${code} in ${outbox}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

for (const {locale, lang} of [{locale: 'ur-PK', lang: 'ur'}, {locale: 'hi-IN', lang: 'hi'}]) {
  test(`a whole booking by taps in ${lang} on a 360-pixel phone, confirmed by SMS in ${lang}`, async () => {
    const tr = await table(lang);
    const catalog = await (await fetch(server.url + '/api/v1/catalog')).json();
    const service = catalog.services.find(s => s.id === 'id-card-renewal');
    const centre = catalog.centres.find(c => c.services.includes(service.id));
    const {context, page} = await newPhone(browser, {locale, viewport: {width: 360, height: 780}});
    await openApp(page, server.url);
    const {code} = await bookThroughUi(page, tr, {
      serviceName: service.name[lang], centreName: centre.name[lang], cpr: randomCpr(),
      phone: '36001234', prefix: `${lang}-book-360`});
    const sms = await confirmationOf(code);
    // The message is the table's own sentence (its fixed words before the first
    // placeholder), with the catalogue's names in the same language.
    const opening = tr['sms.confirmation'].split('{')[0].trim();
    assert.ok(sms.includes(opening), `${lang} confirmation starts "${opening}": ${sms}`);
    assert.ok(sms.includes(service.name[lang]), sms);
    await context.close();
  });
}
