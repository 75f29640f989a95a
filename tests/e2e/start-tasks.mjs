#!/usr/bin/env node
// Long tasks at the citizen app's start, two builds side by side: each round opens the app
// in a fresh phone context against each build's own mawid-server, waits until it is quiet
// and reads every `longtask` the page saw. Prints each run and the medians of the longest
// task and of the time the tasks spent over 50 ms. A benchmark, not a test: it asserts
// nothing and is not run by the test command (docs/performance.md, "Shorter tasks at start").
// Usage: node tests/e2e/start-tasks.mjs DIST_A DIST_B [--rounds N] [--cpu SLOWDOWN]
import {startServer, launchBrowser, newPhone, quiet} from './lib/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : Number(args.splice(at, 2)[1]);
};
const rounds = option('--rounds', 6);
const slowdown = option('--cpu', 1);
if (args.length !== 2) {
  console.error('usage: node start-tasks.mjs DIST_A DIST_B [--rounds N] [--cpu SLOWDOWN]');
  process.exit(2);
}

async function longTasksAtStart(browser, server, locale) {
  const {context, page} = await newPhone(browser, {locale});
  try {
    if (slowdown > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', {rate: slowdown});
    }
    await page.addInitScript(() => {
      window.mawidLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.mawidLongTasks.push(Math.round(entry.duration));
      }).observe({type: 'longtask', buffered: true});
    });
    // Waits for the first interactive frame by asking the page, not with openApp's
    // waitForFunction: that injects Playwright's own script, a task of 60-130 ms here that
    // would be counted as the app's.
    await page.goto(server.url + '/', {waitUntil: 'load'});
    await page.evaluate(() => new Promise((resolve) => {
      const poll = () => (window.mawid && window.mawid.firstInteractive !== undefined
        ? resolve() : setTimeout(poll, 50));
      poll();
    }));
    await quiet(page);
    return await page.evaluate(() => window.mawidLongTasks);
  } finally {
    await context.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const builds = args.map((dist) => ({dist, longest: [], over50: []}));
const browser = await launchBrowser();
for (const build of builds) build.server = await startServer({web: build.dist});
try {
  for (let round = 0; round < rounds; round++) {
    for (const [i, build] of builds.entries()) {
      const tasks = await longTasksAtStart(browser, build.server, round % 2 ? 'ar' : 'en-US');
      build.longest.push(Math.max(0, ...tasks));
      build.over50.push(tasks.reduce((sum, ms) => sum + ms - 50, 0));
      console.log(`${'AB'[i]} round ${round + 1}: tasks ${tasks.join(', ')} ms`);
    }
  }
  for (const [i, build] of builds.entries()) {
    console.log(`${'AB'[i]} ${build.dist}: longest task ${median(build.longest)} ms, ` +
                `over 50 ms ${median(build.over50)} ms (medians of ${rounds}, CPU ${slowdown}x)`);
  }
} finally {
  await browser.close();
  for (const build of builds) await build.server?.stop();
}
