// Helpers for the centre app's end-to-end tests: a server with a frozen clock (a Sunday
// morning at the demo centre), bookings made through the citizen API, a tablet or PC
// viewport, and signing in through the real HTML inputs.
import {api, find, tap, typeInto, newPhone, openApp, quiet, table} from './harness.mjs';

export const CENTRE = 'isa-town-service-centre';
export const SERVICE = 'id-card-renewal';
export const SUNDAY = '2026-12-06';
export const MONDAY = '2026-12-07';
// 06:30 in Bahrain: the centre opens at 07:00, so the whole day is still bookable.
export const NOW = `${SUNDAY}T06:30:00+03:00`;
export const PASSWORD = 'mawid-demo-2026';
export const serverArgs = ['--now', NOW, '--fast-password-hashing'];

export function randomCpr() {
  return String(Math.floor(100000000 + Math.random() * 899999999));
}

// Books `count` bookings on `date` through the citizen API, a slot apart, from `skip` on.
export async function bookThroughApi(url, date, count, {skip = 0, service = SERVICE} = {}) {
  const avail = await api(url, 'GET',
    `/api/v1/availability?centre=${CENTRE}&service=${service}&from=${date}&days=1`);
  const slots = avail.json.slots.filter(s => s.free > 0).slice(skip, skip + count);
  const made = [];
  for (const slot of slots) {
    const cpr = randomCpr();
    const phone = '+9733600' + String(1000 + made.length + skip).slice(-4);
    const r = await api(url, 'POST', '/api/v1/bookings',
      {centre: CENTRE, service, start: slot.start, cpr, phone, lang: 'en'});
    if (r.status !== 201) throw new Error('booking failed: ' + r.text);
    made.push({...r.json, cpr, phone});
  }
  return made;
}

export async function citizenStatus(url, booking) {
  const r = await api(url, 'POST', '/api/v1/bookings/lookup', {code: booking.code, cpr: booking.cpr});
  return r.json.status;
}

// A counter PC or tablet: 1024x768, touch screen, in the given language.
export async function newTablet(browser, {locale = 'en-US'} = {}) {
  return newPhone(browser, {locale, viewport: {width: 1024, height: 768}, deviceScaleFactor: 1,
                            isMobile: false});
}

export async function openStaff(page, url) {
  await openApp(page, url, '/staff/');
}

export async function signIn(page, tr, username) {
  await typeInto(page, tr['staff.signin.username'], username);
  await typeInto(page, tr['staff.signin.password'], PASSWORD);
  await tap(page, {id: 'staff/signin/go'});
  await find(page, {id: 'staff/day/date'}, {timeout: 20000});
  await quiet(page);  // the day list has come
}

export {table};
