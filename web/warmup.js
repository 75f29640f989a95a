// Does, off the page's main thread, what a browser does slowly the first time, so the page
// can answer a tap all the while. The page starts one worker per task and names the task:
// - {gpu: true}: makes a WebGL2 context, so the browser sets up its GPU side (on a phone
//   without a driver it trusts, a software renderer) here, not inside the app's own
//   getContext. The page waits for this word before it makes its context.
// - {dates: tag}: formats a date in that language, so the browser loads the language's date
//   data here. The data is kept for the whole page: the app's own first use of Intl's
//   dates (client/platform/intl_web.cpp) is then quick.
'use strict';
onmessage = (event) => {
  const task = event.data;
  if (task.gpu) {
    let made = false;
    try {
      made = !!new OffscreenCanvas(1, 1).getContext('webgl2');
    } catch (e) { /* no WebGL2 in workers here: the page makes its context as before */ }
    postMessage({gpu: made});
  }
  if (task.dates) {
    try {
      new Intl.DateTimeFormat(task.dates, {month: 'long', calendar: 'gregory', timeZone: 'UTC'})
        .format(0);
    } catch (e) { /* no Intl for it: the page's table names the months */ }
    postMessage({dates: task.dates});
  }
};
