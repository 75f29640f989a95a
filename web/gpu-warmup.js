// Makes a WebGL2 context off the page's main thread, so the browser sets up its GPU side
// (on a phone without a driver it trusts, a software renderer) here, not inside the app's
// own getContext, where the page could not answer a tap for the whole wait. The page
// waits for this worker's word before it makes its context, then ends the worker.
'use strict';
let made = false;
try {
  made = !!new OffscreenCanvas(1, 1).getContext('webgl2');
} catch (e) { /* no WebGL2 in workers here: the page makes its context as before */ }
postMessage(made);
