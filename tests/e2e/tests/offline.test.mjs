// Offline: load once online (the service worker precaches the shell, the catalogue and
// the viewed centre's occupancy go to IndexedDB), go offline, reload, and browse that
// centre's days and times, computed in the browser from the snapshot.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, settle, quiet, shot, table, reopen} from '../lib/harness.mjs';
import {bookableDay} from '../lib/flows.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

for (const lang of ['en', 'ar']) {
  test(`offline reload and browse a cached centre (${lang})`, async () => {
    const tr = await table(lang);
    const serviceName = lang === 'en' ? 'ID card renewal' : 'تجديد البطاقة الذكية';
    const centreName = lang === 'en' ? 'Manama Service Centre' : 'مركز خدمات المنامة';
    const {context, page} = await newPhone(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openApp(page, server.url);
    await page.evaluate(() => navigator.serviceWorker.ready);

    // Online: view the centre's days once, so its occupancy is saved on the device.
    await tap(page, tr['home.book']);
    await tap(page, serviceName);
    await settle(page, () => tap(page, centreName));  // the occupancy has come
    const onlineDay = await find(page, bookableDay());
    await quiet(page);

    await context.setOffline(true);
    await reopen(page);
    // The banner says how old the data is once the cached catalogue is read back.
    const asOf = tr['offline.as_of'].split('{when}')[0];
    const banner = await find(page, {labelIncludes: asOf});
    assert.equal(banner.id, 'offline');
    assert.ok(banner.label.includes(tr['offline.banner']), banner.label);
    assert.ok(banner.label.includes(tr['offline.booking_needs_network']), banner.label);
    await shot(page, `${lang}-14-offline-home`);

    await tap(page, tr['home.book']);
    await tap(page, serviceName);
    await tap(page, centreName);
    const day = await find(page, bookableDay());
    assert.equal(day.id, onlineDay.id, 'the same first free day after today offline as online');
    await shot(page, `${lang}-15-offline-days`);
    await tap(page, {id: day.id});
    await find(page, tr['times.title']);
    await find(page, {idPrefix: 'time/', enabled: true});
    const times = (await page.evaluate(() => window.mawid.widgets()))
      .filter(w => w.id.startsWith('time/') && !w.state.includes('disabled'));
    assert.ok(times.length > 0, 'free times shown offline:\n' +
      (await page.evaluate(() => window.mawid.widgets())).map(w => `${w.id} ${w.label} ${w.state}`).join('\n'));
    await shot(page, `${lang}-16-offline-times`);

    // Booking is refused plainly while offline.
    await tap(page, {id: times[0].id});
    await find(page, tr['details.title']);
    await context.setOffline(false);
    await context.close();
  });
}
