// Phased roll-out (issue 14), in English and Arabic, on the demo catalogue: a third of the
// centres go live on the day it is seeded, the rest 30 and 90 days on.
// A citizen sees the centres that take bookings first, a planned centre with the day it
// opens, and no times there. An admin reads the roll-out plan: each phase's date, its
// centres and whether it is live or planned; moves a phase's date through its preview; and
// reads the figures by phase.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, api, find, tap, settle, shot, widgets, newPhone, openApp, quiet}
  from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, table, SUNDAY} from '../lib/staff.mjs';

// The staff server's clock is frozen on a Sunday (lib/staff.mjs); the citizen app reads the
// phone's clock, so the citizen's server runs on the real one and is seeded today.
let server, citizenServer, browser, catalog;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  citizenServer = await startServer();
  browser = await launchBrowser();
  catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
});
after(async () => { await browser?.close(); await server?.stop(); await citizenServer?.stop(); });

const locale = (lang) => (lang === 'ar' ? 'ar' : 'en-US');
// The seed day, +30 and +90 days (2026-12-06 is the frozen Sunday).
const PHASES = [SUNDAY, '2027-01-05', '2027-03-06'];
const SERVICE = 'id-card-renewal';

for (const lang of ['en', 'ar']) {
  test(`a citizen sees live centres first and a planned one with its opening day (${lang})`, async () => {
    const tr = await table(lang);
    const opens = tr['centres.opens_on'].split('{date}')[0];
    const seeded = (await api(citizenServer.url, 'GET', '/api/v1/catalog')).json;
    const seedDay = seeded.centres.map(c => c.live_from).sort()[0];
    const offering = seeded.centres.filter(c => c.services.includes(SERVICE));
    const live = new Set(offering.filter(c => c.live_from === seedDay).map(c => 'ctr/' + c.id));
    assert.ok(live.size > 0 && live.size < offering.length, 'the service has both kinds');

    const {context, page} = await newPhone(browser, {locale: locale(lang)});
    await openApp(page, citizenServer.url);
    await tap(page, tr['home.book']);
    await tap(page, {id: 'svc/' + SERVICE});
    await find(page, {idPrefix: 'ctr/'});
    await quiet(page);
    const rows = (await widgets(page)).filter(w => w.id.startsWith('ctr/'));
    assert.equal(rows.length, offering.length);
    // Every live centre before every planned one; only planned ones say when they open.
    const firstPlanned = rows.findIndex(w => !live.has(w.id));
    assert.ok(rows.slice(0, firstPlanned).every(w => live.has(w.id)));
    assert.ok(rows.slice(firstPlanned).every(w => !live.has(w.id)), 'no live centre after a planned one');
    for (const w of rows) assert.equal(w.detail.includes(opens), !live.has(w.id), w.id);
    await shot(page, `${lang}-go-live-centres`);

    // A planned centre: the day it opens, and no calendar of times.
    const planned = rows[firstPlanned];
    await tap(page, {id: planned.id});
    const notice = await find(page, {id: 'days/not-live'});
    assert.ok(notice.label.includes(opens), notice.label);
    assert.ok(!(await widgets(page)).some(w => w.id.startsWith('day/')), 'no days to choose');
    await shot(page, `${lang}-go-live-not-yet`);
    await context.close();
  });

  test(`an admin reads the roll-out plan: phases, centres, live or planned (${lang})`, async () => {
    const tr = await table(lang);
    const {context, page} = await newTablet(browser, {locale: locale(lang)});
    await openStaff(page, server.url);
    await signIn(page, tr, 'admin');
    await tap(page, {id: 'staff/go/rollout'});
    await find(page, {id: 'staff/rollout/' + PHASES[0]});
    const phases = (await widgets(page)).filter(w => w.id.startsWith('staff/rollout/2'));
    assert.deepEqual(phases.map(w => w.id), PHASES.map(d => 'staff/rollout/' + d), 'earliest first');
    const states = [tr['staff.rollout.live'], tr['staff.rollout.planned'], tr['staff.rollout.planned']];
    phases.forEach((w, i) => assert.ok(w.detail.endsWith(' · ' + states[i]), w.detail));
    // The demo staff's centre is in the first phase, by its name in the reader's language.
    const isa = catalog.centres.find(c => c.id === 'isa-town-service-centre');
    assert.ok(phases[0].detail.includes(isa.name[lang]), phases[0].detail);
    // Each phase lists exactly its centres.
    for (const [i, date] of PHASES.entries()) {
      const names = catalog.centres.filter(c => c.live_from === date).map(c => c.name[lang]);
      assert.ok(names.every(n => phases[i].detail.includes(n)), date);
    }
    if (lang === 'en') assert.ok(phases[0].label.includes('34 centres'), phases[0].label);
    await shot(page, `${lang}-rollout-plan`);
    await context.close();
  });
}

// An admin moves the last phase's date on the plan screen: the preview lists every centre it
// moves and changes nothing; the change then shows in the plan and the catalogue. English
// moves it 14 days on and Arabic 14 more, on the one server, after the reading tests above.
// Then the figures by phase: a bar for each phase, in words for screen readers.
const MOVES = {en: [PHASES[2], '2027-03-20'], ar: ['2027-03-20', '2027-04-03']};
for (const lang of ['en', 'ar']) {
  test(`an admin moves a phase's date through its preview and reads the figures by phase (${lang})`, async () => {
    const tr = await table(lang);
    const [from, to] = MOVES[lang];
    const moving = catalog.centres.filter(c => c.live_from === PHASES[2]).map(c => c.id).sort();
    const liveFrom = async () => (await api(server.url, 'GET', '/api/v1/catalog')).json.centres
      .filter(c => moving.includes(c.id)).map(c => c.live_from);
    const {context, page} = await newTablet(browser, {locale: locale(lang)});
    await openStaff(page, server.url);
    await signIn(page, tr, 'admin');
    await tap(page, {id: 'staff/go/rollout'});
    await tap(page, {id: 'staff/rollout/' + from});
    await find(page, {id: 'staff/rollout/centre/' + moving[0]}, {visible: false});
    // A date input takes a whole date (the browser's picker), not typed characters.
    await find(page, tr['staff.rollout.new_date']);
    await page.locator(`input.mawid-input[aria-label="${tr['staff.rollout.new_date']}"]`).fill(to);
    await settle(page, () => tap(page, {id: 'staff/rollout/preview'}));
    await find(page, {id: 'staff/rollout/apply'});
    const changes = (await widgets(page)).filter(w => w.id.startsWith('staff/rollout/change/'));
    assert.deepEqual(changes.map(w => w.id.slice('staff/rollout/change/'.length)).sort(), moving);
    assert.ok((await liveFrom()).every(d => d === from), 'a preview changes nothing');
    await shot(page, `${lang}-rollout-preview`);

    await settle(page, () => tap(page, {id: 'staff/rollout/apply'}));
    await find(page, {id: 'staff/rollout/' + to});
    assert.ok(!(await widgets(page)).some(w => w.id === 'staff/rollout/' + from), 'the old date is gone');
    assert.ok((await liveFrom()).every(d => d === to));

    await settle(page, () => tap(page, {id: 'staff/rollout/report'}));
    const bars = await find(page, {id: 'staff/rollout/chart/' + SUNDAY}, {visible: false});
    assert.ok(bars.label.includes(tr['staff.rollout.figures'].split(':')[0]), bars.label);
    await find(page, {id: 'staff/rollout/chart/' + to}, {visible: false});
    await context.close();
  });
}
