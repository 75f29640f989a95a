// Whether messages reached citizens, in the centre app on a 1024x768 touch screen: the day
// view marks each booking's delivery in words (this server has no SMS gateway, so messages
// are written to its outbox folder, which counts as delivered), and an admin sees the
// outbox's health on the administration screen, refreshed on request. English and Arabic.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, find, tap, settle, shot, widgets} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, bookThroughApi, SUNDAY, table}
  from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const locale = (lang) => lang === 'ar' ? 'ar' : 'en-US';

// The widget of `id` once its detail includes `text`, refreshing with `refresh` (a button's
// id) while it does not; throws after `timeout` ms.
async function detailOnce(page, id, text, refresh, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const w = await find(page, {id});
    if (w.detail.includes(text)) return w;
    if (Date.now() > deadline) throw new Error(`${id} never said "${text}": ${w.detail}`);
    await settle(page, () => tap(page, {id: refresh}));
  }
}

for (const lang of ['en', 'ar']) {
  test(`the day view says whether each booking's messages were delivered (${lang})`, async () => {
    const tr = await table(lang);
    const [booking] = await bookThroughApi(server.url, SUNDAY, 1, {skip: lang === 'en' ? 0 : 3});
    const {context, page} = await newTablet(browser, {locale: locale(lang)});
    await openStaff(page, server.url);
    await signIn(page, tr, 'isa.staff');
    const delivered = tr['staff.delivery.delivered']
      .replace('{channel}', tr['staff.delivery.channel.sms']);
    const row = await detailOnce(page, 'staff/bk/' + booking.code, delivered, 'staff/day/refresh');
    // A mark as well as words: never colour alone.
    assert.ok(row.detail.includes('\u2713 ' + delivered), row.detail);
    await shot(page, `${lang}-staff-16-delivery`);
    await context.close();
  });

  test(`an admin sees the outbox's health and refreshes it (${lang})`, async () => {
    const tr = await table(lang);
    await bookThroughApi(server.url, SUNDAY, 1, {skip: lang === 'en' ? 6 : 7});
    const {context, page} = await newTablet(browser, {locale: locale(lang)});
    await openStaff(page, server.url);
    await signIn(page, tr, 'admin');
    await settle(page, () => tap(page, {id: 'staff/go/admin'}));
    await find(page, {id: 'staff/outbox/title', label: tr['staff.outbox.title']});
    // Nothing failed and nothing waits: no warning.
    await find(page, {id: 'staff/outbox/ok'});
    assert.ok(!(await widgets(page)).some(w => w.id === 'staff/outbox/warning'));
    await find(page, {id: 'staff/outbox/failed', label: tr['staff.outbox.failed']});
    if (lang === 'en') {
      // Every message sent so far in this run is counted; one more booking, one more sent.
      const sent = await find(page, {id: 'staff/outbox/sent'});
      const sentBefore = Number(sent.detail.replace(/\D/g, ''));
      assert.ok(sentBefore >= 1, sent.detail);
      await bookThroughApi(server.url, SUNDAY, 1, {skip: 8});
      await detailOnce(page, 'staff/outbox/sent', String(sentBefore + 1), 'staff/outbox/refresh');
      const failed = await find(page, {id: 'staff/outbox/failed'});
      assert.ok(failed.detail.endsWith('0'), failed.detail);
    }
    await shot(page, `${lang}-staff-17-outbox`);
    await context.close();
  });
}

test('staff and supervisors see no outbox health', async () => {
  const tr = await table('en');
  const {context, page} = await newTablet(browser);
  await openStaff(page, server.url);
  await signIn(page, tr, 'isa.supervisor');
  await settle(page, () => tap(page, {id: 'staff/go/admin'}));
  await find(page, {id: 'staff/admin/closure'});
  assert.ok(!(await widgets(page)).some(w => w.id.startsWith('staff/outbox/')));
  await context.close();
});
