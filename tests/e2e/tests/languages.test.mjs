// Six languages (issue 13): on a first visit the app opens in the phone's language when
// Mawid has a table for it, lays it out in that table's direction, offers all six in the
// header's list, writes catalogue names in that language, and books in it: the
// confirmation SMS comes in the language the booking was made in.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, shot, table, api, widgets, outboxMessage} from '../lib/harness.mjs';
import {bookThroughUi, bookableDay, randomCpr} from '../lib/flows.mjs';

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
    const sms = await outboxMessage(server.dir, '-confirmation.txt', code);
    // The message is the table's own sentence (its fixed words before the first
    // placeholder), with the catalogue's names in the same language.
    const opening = tr['sms.confirmation'].split('{')[0].trim();
    assert.ok(sms.includes(opening), `${lang} confirmation starts "${opening}": ${sms}`);
    assert.ok(sms.includes(service.name[lang]), sms);
    await context.close();
  });
}

// Issue 13, through the real client in Chromium: counts take the form the browser's
// Intl.PluralRules gives for Arabic (the client asks it through its bridge), months and
// weekdays are the Gregorian names of Intl.DateTimeFormat, and every element of the
// accessibility mirror carries `lang` and `dir` (a language in the list its own).
test('Arabic counts and dates come from the browser\'s Intl; the mirror says lang and dir', async () => {
  const ar = await table('ar');
  const catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
  const service = catalog.services.find(s => s.id === 'passport-renewal');
  const centre = catalog.centres.find(c => c.services.includes(service.id));
  const {context, page} = await newPhone(browser, {locale: 'ar-BH', viewport: {width: 360, height: 780}});
  await openApp(page, server.url);
  await tap(page, ar['home.book']);
  await find(page, ar['services.title']);
  await tap(page, service.name.ar);
  await find(page, ar['centres.title']);
  await tap(page, centre.name.ar);
  await find(page, ar['days.title']);
  const first = await find(page, bookableDay());
  const from = first.id.slice(4);
  const query = `/api/v1/availability?centre=${centre.id}&service=${service.id}&from=${from}&days=31`;
  const slots = (await api(server.url, 'GET', query)).json.slots;
  const freeOn = {};
  for (const s of slots) freeOn[s.start.slice(0, 10)] = (freeOn[s.start.slice(0, 10)] || 0) + s.free;
  // The form Chromium's Intl picks for n, its {count} filled (Arabic's table: Western digits).
  const form = async (key, n) =>
    ar[key][await page.evaluate(n => new Intl.PluralRules('ar').select(n), n)].replace('{count}', String(n));
  const intl = (date, options) => page.evaluate(([d, o]) =>
    new Intl.DateTimeFormat('ar', {...o, calendar: 'gregory', timeZone: 'UTC'}).format(new Date(d + 'T12:00:00Z')),
    [date, options]);

  const days = (await widgets(page)).filter(w => w.id.startsWith('day/') && !w.state.includes('disabled'));
  assert.ok(days.length > 0);
  let checked = 0;
  for (const w of days) {
    const date = w.id.slice(4);
    if (!freeOn[date]) continue;
    ++checked;
    assert.ok(w.label.endsWith(', ' + await form('days.free_count', freeOn[date])), w.label);
    assert.ok(w.label.includes(await intl(date, {weekday: 'long'})), w.label);
    assert.ok(w.label.includes(await intl(date, {month: 'long'})), w.label);
  }
  assert.ok(checked > 0, 'no day with free places');

  await tap(page, {id: first.id});
  await find(page, ar['times.title']);
  const times = (await widgets(page)).filter(w => w.id.startsWith('time/'));
  assert.ok(times.length > 0);
  checked = 0;
  for (const w of times) {
    const slot = slots.find(s => s.start.startsWith(`${from}T${w.id.slice(5)}`));
    if (!slot || slot.free === 0) continue;
    ++checked;
    assert.ok(w.label.endsWith(', ' + await form('times.free', slot.free)), w.label);
  }
  assert.ok(checked > 0, 'no time with free places');

  // The mirror: the page's language on each element; ASCII alone reads left to right.
  const mirror = () => page.evaluate(() => [...document.querySelectorAll('#a11y > *')]
    .map(e => ({id: e.dataset.id, text: e.textContent, lang: e.getAttribute('lang'), dir: e.getAttribute('dir')})));
  let elements = await mirror();
  assert.ok(elements.length > 10);
  for (const e of elements) {
    assert.equal(e.lang, 'ar', JSON.stringify(e));
    const ascii = /^[\x20-\x7e]*[0-9A-Za-z][\x20-\x7e]*$/.test(e.text);
    assert.equal(e.dir, ascii ? 'ltr' : 'rtl', JSON.stringify(e));
  }
  assert.ok(elements.some(e => e.dir === 'rtl'));
  await tap(page, {id: 'nav/lang'});
  await find(page, {id: 'lang/ur'});
  elements = await mirror();
  const own = {ar: 'rtl', en: 'ltr', ur: 'rtl', hi: 'ltr', bn: 'ltr', fa: 'rtl'};
  for (const [lang, dir] of Object.entries(own)) {
    const e = elements.find(x => x.id === `lang/${lang}`);
    assert.deepEqual({lang: e.lang, dir: e.dir}, {lang, dir}, `lang/${lang}`);
  }
  assert.ok(elements.every(e => e.lang && e.dir), 'every element has lang and dir');
  await context.close();
});
