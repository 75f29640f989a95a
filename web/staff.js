// The centre app's page side (loaded by staff/index.html only): the camera scanner for
// citizens' QR codes, where the browser offers BarcodeDetector. A code read is handed to
// the client as if typed (client/centre/platform_centre_web.cpp); and the file picker for a
// catalogue CSV, whose text is handed over the same way. No UI text here.
'use strict';

(function () {
  let stream = null;
  let overlay = null;
  let timer = 0;

  function stopScan() {
    clearInterval(timer);
    timer = 0;
    if (stream) stream.getTracks().forEach(t => t.stop());
    stream = null;
    if (overlay) overlay.remove();
    overlay = null;
  }

  function showVideo() {
    overlay = document.createElement('div');
    overlay.className = 'mawid-scan';
    overlay.style.cssText = 'position:fixed;inset:0;background:#000;z-index:10;display:flex;' +
      'align-items:center;justify-content:center';
    const video = document.createElement('video');
    video.setAttribute('playsinline', '');
    video.muted = true;
    video.style.cssText = 'max-width:100%;max-height:100%';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '\u00d7';
    close.style.cssText = 'position:absolute;top:12px;inset-inline-end:12px;width:56px;height:56px;' +
      'font-size:32px;border-radius:28px;border:0;background:#fff';
    close.addEventListener('click', stopScan);
    overlay.append(video, close);
    document.body.appendChild(overlay);
    return video;
  }

  window.MawidStaff = {
    canScan() {
      return 'BarcodeDetector' in window && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    },
    scan(done) {
      if (!this.canScan() || stream) return;
      const detector = new BarcodeDetector({formats: ['qr_code']});
      navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}}).then((s) => {
        stream = s;
        const video = showVideo();
        video.srcObject = s;
        video.play().catch(() => {});
        timer = setInterval(() => {
          if (video.readyState < 2) return;
          detector.detect(video).then((codes) => {
            const found = codes.find(c => c.rawValue);
            if (found) { stopScan(); done(found.rawValue); }
          }).catch(() => {});
        }, 250);
      }).catch(stopScan);
    },
    stopScan,
    // A hidden <input type=file> (id mawid-file): the picked file's text goes to `done`.
    pickFile(done) {
      let input = document.getElementById('mawid-file');
      if (!input) {
        input = document.createElement('input');
        input.type = 'file';
        input.id = 'mawid-file';
        input.accept = '.csv,text/csv';
        input.style.display = 'none';
        document.body.appendChild(input);
      }
      input.value = '';
      input.onchange = () => {
        const file = input.files && input.files[0];
        if (file) file.text().then(done).catch(() => {});
      };
      input.click();
    },
  };
})();
