// The catalogue as CSV in the centre app (admins): the centres file downloaded, uploaded
// with a mistake (the preview names its line and column, and Save stays disabled), then
// uploaded corrected and saved. English and Arabic.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {startServer, launchBrowser, api, find, tap, quiet, shot} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, table} from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

// Taps an upload button and hands the browser's file picker `text` as the chosen file.
async function upload(page, id, text) {
  const chooser = page.waitForEvent('filechooser');
  await tap(page, {id});
  await (await chooser).setFiles({name: 'centres.csv', mimeType: 'text/csv',
                                  buffer: Buffer.from(text, 'utf8')});
  await quiet(page);
}

// `row` (1-based data row) of `csv` with the first "from" in it replaced by "to". The demo
// names hold no commas or line breaks, so the file's lines are its records.
function edited(csv, row, from, to) {
  const lines = csv.split('\r\n');
  assert.ok(lines[row].includes(from), lines[row]);
  lines[row] = lines[row].replace(from, to);
  return lines.join('\r\n');
}

// Per language: the data row edited, Sunday's hours made to overlap, then corrected.
const cases = [
  {lang: 'en', row: 1, from: '07:00-14:00 15:00-19:00', overlap: '07:00-14:00 13:00-19:00',
   fixed: '07:00-13:00 15:00-19:00', sunday: [['07:00', '13:00'], ['15:00', '19:00']]},
  {lang: 'ar', row: 2, from: '07:00-14:00', overlap: '07:00-14:00 13:00-15:00',
   fixed: '07:00-13:00', sunday: [['07:00', '13:00']]},
];

for (const {lang, row, from, overlap, fixed, sunday} of cases) {
  test(`centres downloaded, checked with a mistake, corrected and saved (${lang})`, async () => {
    const tr = await table(lang);
    const {context, page} = await newTablet(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openStaff(page, server.url);
    await signIn(page, tr, 'admin');
    await tap(page, {id: 'staff/go/catalog'});

    const download = page.waitForEvent('download');
    await tap(page, {id: 'staff/catalog/get-centres'});
    const csv = await readFile(await (await download).path(), 'utf8');
    assert.ok(csv.startsWith('id,name_en,name_ar,name_ur,name_hi,name_bn,name_fa,'), csv.slice(0, 80));
    const id = csv.split('\r\n')[row].split(',')[0];

    // Overlapping hours: the preview says where, and nothing can be saved.
    await upload(page, 'staff/catalog/upload-centres',
                 edited(csv, row, from, overlap));
    const where = tr['staff.catalog.at'].replace('{line}', String(row + 1))
      .replace('{column}', '11').replace('{name}', 'hours_sun');
    await find(page, {id: 'staff/catalog/problem/0', labelIncludes: where});
    const apply = await find(page, {id: 'staff/catalog/apply'});
    assert.ok(apply.state.includes('disabled'), apply.state);
    await shot(page, `${lang}-staff-catalog-problems`);

    // Corrected: the preview lists the change, and Save applies it.
    await upload(page, 'staff/catalog/upload-centres',
                 edited(csv, row, from, fixed));
    await find(page, {id: 'staff/catalog/hours_changed'});
    await tap(page, {id: 'staff/catalog/apply'});
    await quiet(page);
    await find(page, {id: 'staff/catalog/message',
                      labelIncludes: tr['staff.catalog.applied'].split('{version}')[0].trim()});
    const catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
    const centre = catalog.centres.find(c => c.id === id);
    assert.deepEqual(centre.hours.sun, sunday);
    await context.close();
  });
}
