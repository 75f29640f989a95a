// Arabic is really right to left: the page direction, the back button on the right,
// titles and text aligned to the right edge, calendar columns mirrored.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, shot, table, reopen} from '../lib/harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('Arabic layout is mirrored; switching language flips it and is remembered', async () => {
  const ar = await table('ar');
  const en = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'ar-BH'});
  await openApp(page, server.url);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');

  const welcome = await find(page, ar['home.welcome']);
  assert.ok(Math.abs(welcome.x + welcome.w - (390 - 16)) <= 2, 'title ends at the right margin');
  const lang = await find(page, {id: 'nav/lang'});
  assert.ok(lang.x < 100, 'language switch at the left (trailing) edge');

  await tap(page, ar['home.book']);
  const back = await find(page, {id: 'nav/back'});
  const title = await find(page, {id: 'nav/title'});
  assert.equal(title.label, ar['services.title']);
  assert.ok(back.x > 390 - 60, `back button on the right (x=${back.x})`);
  assert.ok(title.x + title.w <= back.x + 1, 'title to the left of the back button');
  assert.ok(title.x + title.w >= back.x - 12, 'title right-aligned next to the back button');

  // The calendar's first column (Sunday) is the rightmost one.
  await tap(page, 'إصدار البطاقة الذكية');
  await tap(page, 'مركز خدمات المنامة');
  await find(page, ar['days.title']);
  await find(page, {idPrefix: 'day/', enabled: true});
  const days = (await page.evaluate(() => window.mawid.widgets())).filter(w => w.id.startsWith('day/'));
  const sunday = days.find(w => new Date(w.id.slice(4) + 'T12:00:00Z').getUTCDay() === 0);
  const saturday = days.find(w => new Date(w.id.slice(4) + 'T12:00:00Z').getUTCDay() === 6);
  assert.ok(sunday.x > saturday.x, 'Sunday is right of Saturday in Arabic');
  await shot(page, 'ar-rtl-days');

  // Switch to English (from the list of the six): everything flips, and the choice
  // survives a reload.
  await tap(page, {id: 'nav/lang'});
  await tap(page, {id: 'lang/en'});
  await find(page, en['days.title']);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
  const backEn = await find(page, {id: 'nav/back'});
  assert.ok(backEn.x < 20, 'back button on the left in English');
  await reopen(page);
  await find(page, en['home.book']);
  await context.close();
});
