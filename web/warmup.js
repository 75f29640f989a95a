// Does, off the page's main thread, the two things a browser does slowly on first use, so
// the page can answer a tap all the while:
// - It makes a WebGL2 context, so the browser sets up its GPU side (on a phone without a
//   driver it trusts, a software renderer) here, not inside the app's own getContext. The
//   page waits for this word before it makes its context.
// - It formats a date in the language the page names, so the browser loads that language's
//   date data here. The data is kept for the whole page: the app's own first use of Intl's
//   dates (client/platform/intl_web.cpp) is then quick.
// The page ends the worker once both are done.
'use strict';
let made = false;
try {
  made = !!new OffscreenCanvas(1, 1).getContext('webgl2');
} catch (e) { /* no WebGL2 in workers here: the page makes its context as before */ }
postMessage({gpu: made});

onmessage = (event) => {
  const tag = String(event.data);
  try {
    new Intl.DateTimeFormat(tag, {month: 'long', calendar: 'gregory', timeZone: 'UTC'}).format(0);
  } catch (e) { /* no Intl for it: the page's table names the months */ }
  postMessage({dates: tag});
};
