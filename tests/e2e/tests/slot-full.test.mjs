// Someone else takes the last seat between viewing and confirming: the person sees
// the "slot full" message in their language, keeps what they typed, is offered the
// next free times, and books one of them.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, typeInto, shot, api, table} from '../lib/harness.mjs';
import {bookableDay, randomCpr} from '../lib/flows.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

for (const lang of ['en', 'ar']) {
  test(`slot taken before confirming -> slot_full message and next free times (${lang})`, async () => {
    const tr = await table(lang);
    const catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
    // A service with one counter, so one other booking fills the slot.
    const [centre, serviceId] = (() => {
      for (const c of catalog.centres) {
        for (const [s, n] of Object.entries(c.counters)) if (n === 1) return [c, s];
      }
      throw new Error('no single-counter service in the demo catalogue');
    })();
    const service = catalog.services.find(s => s.id === serviceId);
    const {context, page} = await newPhone(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openApp(page, server.url);
    await tap(page, tr['home.book']);
    await typeInto(page, tr['services.search'], service.name[lang].slice(0, 6));
    await tap(page, service.name[lang]);
    await typeInto(page, tr['centres.search'], centre.name[lang]);
    await tap(page, centre.name[lang]);
    await find(page, tr['days.title']);
    const day = await tap(page, bookableDay());
    const time = await tap(page, {idPrefix: 'time/', enabled: true});
    const cpr = randomCpr();
    await typeInto(page, tr['details.cpr'], cpr);
    await typeInto(page, tr['details.phone'], '66001234');
    await tap(page, tr['details.continue']);
    await find(page, tr['confirm.title']);

    // Meanwhile, someone else takes every seat of that slot.
    const from = day.id.slice(4);
    const avail = await api(server.url, 'GET',
      `/api/v1/availability?centre=${centre.id}&service=${service.id}&from=${from}&days=1`);
    const slot = avail.json.slots.find(s => s.start.slice(11, 16) === time.id.slice(5));
    for (let i = 0; i < slot.free; i++) {
      const r = await api(server.url, 'POST', '/api/v1/bookings', {centre: centre.id, service: service.id,
        start: slot.start, cpr: randomCpr(), phone: '+97336000000', lang: 'en'});
      assert.equal(r.status, 201, r.text);
    }

    await tap(page, tr['confirm.book']);
    await find(page, tr['error.slot_full'], {timeout: 20000});
    const alt = await find(page, {idPrefix: 'alt/'});
    // The time just taken cannot be sent again; another one can.
    await find(page, {id: 'confirm/book', enabled: false});
    await shot(page, `${lang}-13-slot-full`);
    // What was typed is still there.
    const shown = await page.evaluate(() => window.mawid.widgets().find(w => w.id === 'confirm/cpr').label);
    assert.equal(shown.replace(/[\u2066-\u2069]/g, ''), '*'.repeat(6) + cpr.slice(6));

    await tap(page, {id: alt.id});
    await tap(page, tr['confirm.book']);
    await find(page, tr['done.title'], {timeout: 20000});
    const code = (await find(page, {id: 'done/code'})).label.replace(/-/g, '');
    const found = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code, cpr});
    assert.equal(found.status, 200);
    assert.notEqual(found.json.start, slot.start);
    await context.close();
  });
}
