// Does, off the page's main thread, what a browser does slowly the first time, so the page
// can answer a tap all the while. The page starts one worker per task and names the task:
// - {gpu: {width, height}}: makes a WebGL2 context and draws into a buffer of the app's
//   size, so the browser sets up its GPU side (on a phone without a driver it trusts, a
//   software renderer) here, not inside the app's own getContext or its first frame. The
//   page waits for this word before it makes its context.
// - {wasm: stream}: inflates the gzipped wasm as it streams in and compiles it, answering
//   with the module (or null). The page only instantiates it.
// - {dates: tag}: formats a date in that language, so the browser loads the language's date
//   data here. The data is kept for the whole page: the app's own first use of Intl's
//   dates (client/platform/intl_web.cpp) is then quick.
'use strict';
onmessage = (event) => {
  const task = event.data;
  if (task.gpu) {
    let made = false;
    try {
      const gl = new OffscreenCanvas(task.gpu.width || 1, task.gpu.height || 1).getContext('webgl2');
      if (gl) {  // reading a pixel back waits until the buffer is there
        gl.clear(gl.COLOR_BUFFER_BIT);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
        made = true;
      }
    } catch (e) { /* no WebGL2 in workers here: the page makes its context as before */ }
    postMessage({gpu: made});
  }
  if (task.wasm) {
    const inflated = new Response(task.wasm.pipeThrough(new DecompressionStream('gzip')),
                                  {headers: {'Content-Type': 'application/wasm'}});
    WebAssembly.compileStreaming(inflated).then((module) => postMessage({wasm: module}),
                                                () => postMessage({wasm: null}));
  }
  if (task.dates) {
    try {
      new Intl.DateTimeFormat(task.dates, {month: 'long', calendar: 'gregory', timeZone: 'UTC'})
        .format(0);
    } catch (e) { /* no Intl for it: the page's table names the months */ }
    postMessage({dates: task.dates});
  }
};
