// The citizen's path through the app, step by step, with real taps.
import {find, tap, typeInto, shot} from './harness.mjs';

// The calendar's first free day after today at the centres (UTC+3). A test that booked
// today's first free time could see that time pass its notice (a service's
// min_notice_minutes) between the list and the tap, and fail by the clock.
export function bookableDay() {
  const today = new Date(Date.now() + 3 * 3600 * 1000).toISOString().slice(0, 10);
  return {idPrefix: 'day/', enabled: true, idAfter: `day/${today}`};
}

export function randomCpr() {
  return String(Math.floor(100000000 + Math.random() * 899999999));
}

// Goes through the UI from home to the check-and-confirm screen (service, centre, a
// bookable day and its first free time, details; no CPR typed when `cpr` is left out);
// returns the day and time chosen. `prefix` names the screenshots (e.g. "en"); `tr` is the
// translation table; `onShot(step)`, if given, is called on each screenshot's screen
// (e.g. "4-days").
export async function detailsThroughUi(page, tr, {serviceName, centreName, cpr, phone, prefix, onShot}) {
  const snap = async (step) => {
    if (!prefix) return;
    await shot(page, `${prefix}-${step}`);
    if (onShot) await onShot(step);
  };
  await tap(page, tr['home.book']);
  await find(page, tr['services.title']);
  await snap('2-services');
  await tap(page, serviceName);
  await find(page, tr['centres.title']);
  await snap('3-centres');
  await tap(page, centreName);
  await find(page, tr['days.title']);
  await find(page, bookableDay());
  await snap('4-days');
  const day = await tap(page, bookableDay());
  await find(page, tr['times.title']);
  await snap('5-times');
  const time = await tap(page, {idPrefix: 'time/', enabled: true});
  await find(page, tr['details.title']);
  if (cpr !== undefined) await typeInto(page, tr['details.cpr'], cpr);
  await typeInto(page, tr['details.phone'], phone);
  await snap('6-details');
  await tap(page, tr['details.continue']);
  await find(page, tr['confirm.title']);
  await snap('7-confirm');
  return {day: day.id.slice(4), time: time.id.slice(5)};
}

// Books `serviceName` at `centreName` through the UI; returns {code, day, time}.
export async function bookThroughUi(page, tr, options) {
  const {day, time} = await detailsThroughUi(page, tr, options);
  await tap(page, tr['confirm.book']);
  return {code: await doneCode(page, tr, options.prefix, options.onShot), day, time};
}

// The booking code on the done screen, once it is there.
export async function doneCode(page, tr, prefix, onShot) {
  await find(page, tr['done.title'], {timeout: 20000});
  const code = (await find(page, {id: 'done/code'})).label.replace(/-/g, '');
  if (prefix) {
    await shot(page, `${prefix}-8-done`);
    if (onShot) await onShot('8-done');
  }
  return code;
}
