// Mawid page shell: starts the wasm client and does the DOM work the client asks for
// through its bridge (client/js/library_mawid.js): text drawn by Canvas 2D, fetch,
// storage, HTML inputs over fields, the accessibility mirror, downloads and sharing.
// No UI text here: every string the person sees comes from assets/i18n through C++.
'use strict';

(function () {
  // Font stacks by the language of the text (a table's tag). Urdu prefers Nastaliq, the
  // way it is written and read, and falls back to Naskh on devices without it; Hindi
  // and Bengali name their own face first; English, Arabic and Persian keep the
  // system's face. Every stack ends in the others, so a name in another script (the
  // language list, a place name) still finds glyphs.
  const FALLBACK = '"Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Devanagari", ' +
    '"Noto Sans Bengali", sans-serif';
  const FONTS = {
    ur: '"Noto Nastaliq Urdu", "Noto Naskh Arabic", ' + FALLBACK,
    hi: '"Noto Sans Devanagari", ' + FALLBACK,
    bn: '"Noto Sans Bengali", ' + FALLBACK,
  };
  const FONT = 'system-ui, ' + FALLBACK;
  const fontFor = (lang) => FONTS[lang] || FONT;
  const PREFIX = 'mawid.';
  const canvas = document.getElementById('canvas');
  const inputsLayer = document.getElementById('inputs');
  const a11yLayer = document.getElementById('a11y');
  // Files are found next to this script, so the centre app's page (/staff/) loads the
  // same ones (the site's CSP allows no <base>). Each app has its own wasm: the page
  // names it (data-wasm on this script), the citizen app's by default.
  const ROOT = new URL('.', document.currentScript.src).href;
  const at = (file) => ROOT + file;
  const WASM = document.currentScript.dataset.wasm || 'mawid.wasm';
  const WARMUP = document.currentScript.dataset.warmup || 'warmup.js';

  // --- Translation tables: fetched in parallel with the wasm, not after it ---
  let indexPromise = null;
  function fetchIndex() {
    if (!indexPromise) indexPromise = fetch(at('i18n/index.json')).then(r => r.json()).catch(() => []);
    return indexPromise;
  }
  let languageIndex = [];
  function chooseLanguage(index, wanted) {
    const tags = index.map(l => l.tag);
    const candidates = [wanted, safeLoad('lang')].concat(navigator.languages || [navigator.language]);
    for (const c of candidates) {
      if (!c) continue;
      const primary = String(c).toLowerCase().split('-')[0];
      if (tags.includes(primary)) return primary;
    }
    return tags.includes('ar') ? 'ar' : (tags[0] || 'en');
  }
  const tables = {};
  function tableText(tag) {
    if (!tables[tag]) tables[tag] = fetch(at('i18n/' + tag + '.json')).then(r => r.text());
    return tables[tag];
  }
  // The likely language: the stored choice, else the browser's.
  function likelyLanguage() {
    const tag = (safeLoad('lang') || (navigator.language || 'ar')).toLowerCase().split('-')[0];
    return /^[a-z]{2,3}$/.test(tag) ? tag : null;
  }

  // The first use of Intl's dates in a language loads the browser's locale data for it
  // (50-200 ms here). A warm-up worker loads it for the likely language; any other is
  // loaded here, in a task of its own before the table goes to the app. Nothing is loaded
  // when the app keeps that language's month and weekday names on the device already
  // (client/platform/intl_web.cpp, "calendar.<tag>").
  function loadDateNames(tag, warmed) {
    if (tag === warmed || safeLoad('calendar.' + tag)) return;
    try {
      new Intl.DateTimeFormat(tag, {month: 'long', calendar: 'gregory', timeZone: 'UTC'}).format(0);
    } catch (e) { /* no Intl for it: the table's own names are used */ }
  }

  // The first text drawn in a font loads the font, and each new size or weight costs more:
  // 25-80 ms of the app's first frame here. So the table's words are drawn once in each text
  // style of the home screen (client/kit/ui.cpp, font_of) before it goes to the app: steps
  // of 2-46 ms each.
  function loadFonts(tag, text) {
    let table = {};
    try { table = JSON.parse(text); } catch (e) { /* the app reports a spoilt table */ }
    const words = table['home.welcome'];
    if (typeof words !== 'string') return [];
    const rtl = (table._meta || {}).dir === 'rtl';
    return [[17, true], [19, true], [24, true], [17, false]].map(([size, bold]) => () =>
      MawidShell.drawText(words, size, bold, rtl, 0, window.devicePixelRatio || 1, tag));
  }

  function safeLoad(key) {
    try { return localStorage.getItem(PREFIX + key); } catch (e) { return null; }
  }

  // --- Text: one reusable 2D canvas; each string becomes a GL texture in the bridge ---
  // Made at the first text (10-20 ms on a slow phone), not while the page starts.
  let textCanvas = null, tctx = null;
  function textContext() {
    if (!tctx) {
      textCanvas = document.createElement('canvas');
      tctx = textCanvas.getContext('2d', {willReadFrequently: false});
    }
    return tctx;
  }
  function wrapLines(text, maxPx) {
    const out = [];
    for (const para of String(text).split('\n')) {
      if (!maxPx || tctx.measureText(para).width <= maxPx) { out.push(para); continue; }
      let line = '';
      for (const word of para.split(' ')) {
        const next = line ? line + ' ' + word : word;
        if (line && tctx.measureText(next).width > maxPx) { out.push(line); line = word; }
        else line = next;
      }
      out.push(line);
    }
    return out;
  }

  // --- IndexedDB: catalogue and occupancy snapshots ---
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve) => {
        try {
          const req = indexedDB.open('mawid', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('kv');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => resolve(null);
        } catch (e) { resolve(null); }
      });
    }
    return dbPromise;
  }

  // --- Inputs placed over ImGui fields ---
  const inputs = new Map();
  let placedThisFrame = new Set();
  const KINDS = ['text', 'numeric', 'tel', 'search', 'password', 'date', 'email', 'one-time-code',
    'booking-code'];
  // A mouse wheel over a field scrolls the screen, as it would over the rest of it.
  inputsLayer.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    canvas.dispatchEvent(new WheelEvent('wheel', ev));
  }, {passive: false});
  function makeInput(field, kind) {
    const el = document.createElement('input');
    el.className = 'mawid-input';
    el.dataset.field = String(field);
    el.autocomplete = 'off';
    el.spellcheck = false;
    if (KINDS[kind] === 'numeric') {
      el.type = 'text'; el.inputMode = 'numeric'; el.pattern = '[0-9]*'; el.maxLength = 9;
    } else if (KINDS[kind] === 'one-time-code') {
      // The code of an SMS: phones offer it above the keyboard as soon as it arrives.
      el.type = 'text'; el.inputMode = 'numeric'; el.autocomplete = 'one-time-code';
      el.pattern = '[0-9]*'; el.maxLength = 6;
    } else if (KINDS[kind] === 'booking-code') {
      el.type = 'text'; el.autocapitalize = 'characters';
    } else if (KINDS[kind] === 'tel') {
      el.type = 'tel'; el.inputMode = 'tel'; el.autocomplete = 'tel';
    } else if (KINDS[kind] === 'search') {
      el.type = 'search'; el.inputMode = 'search';
    } else if (KINDS[kind] === 'password') {
      el.type = 'password'; el.autocomplete = 'current-password';
    } else if (KINDS[kind] === 'date') {
      el.type = 'date';
    } else if (KINDS[kind] === 'email') {
      // type=text, not type=email: the browser's own check must not replace ours (and its
      // message in the person's language); the keyboard is the e-mail one all the same.
      el.type = 'text'; el.inputMode = 'email'; el.autocomplete = 'email';
    } else {
      el.type = 'text';
    }
    el.addEventListener('input', () => {
      Module._mawid_on_input(field, MawidShell.cstr(el.value));
    });
    el.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') el.blur(); });
    el.addEventListener('focus', () => Module._mawid_on_focus(field));
    el.addEventListener('blur', () => Module._mawid_on_focus(-1));
    inputsLayer.appendChild(el);
    return el;
  }

  // --- Accessibility mirror of the frame's widgets ---
  let widgetList = [];
  // Elements are kept per widget id and updated in place, so keyboard focus survives the
  // many frames in which only positions change. Buttons are real, focusable <button>s:
  // Tab and Enter (or a screen reader's activation) reach the same code as a tap.
  const ROLE_TAG = {button: 'button', heading: 'h2', text: 'p', alert: 'p', image: 'p'};
  const mirrored = new Map();
  let lastScreenTitle = '';
  // The active table's language and direction: a screen reader picks its voice by `lang`.
  let pageLang = 'ar', pageDir = 'rtl';
  // The language and direction of one widget: a language in the list speaks its own
  // (lang/ur reads اردو right to left even in the English app); a label of ASCII only (a
  // booking code, a CPR, a phone number, a time) reads left to right inside any text.
  function langOf(w) {
    const own = /^lang\/([a-z]{2,3})$/.exec(w.id);
    const entry = own && languageIndex.find(l => l.tag === own[1]);
    if (entry) return {lang: entry.tag, dir: entry.dir};
    return {lang: pageLang, dir: /^[\x20-\x7e]*[0-9A-Za-z][\x20-\x7e]*$/.test(w.label || '') ? 'ltr' : pageDir};
  }
  function mirrorElement(w) {
    const el = document.createElement(ROLE_TAG[w.role] || 'p');
    el.dataset.id = w.id;
    if (el.tagName === 'BUTTON') {
      el.type = 'button';
      el.addEventListener('click', () => Module._mawid_on_activate(MawidShell.cstr(el.dataset.id)));
    }
    if (w.role === 'alert') el.setAttribute('role', 'alert');
    if (w.role === 'image') el.setAttribute('role', 'img');
    return el;
  }
  function mirror(list) {
    // The real <input>s are already in the page with their labels; fields are not repeated.
    list = list.filter(w => w.role !== 'field');
    const seen = new Set();
    let previous = null;
    for (const w of list) {
      seen.add(w.id);
      let el = mirrored.get(w.id);
      if (!el || el.tagName !== (ROLE_TAG[w.role] || 'p').toUpperCase()) {
        if (el) el.remove();
        el = mirrorElement(w);
        mirrored.set(w.id, el);
      }
      if (el.textContent !== w.label) el.textContent = w.label;
      const {lang, dir} = langOf(w);
      if (el.lang !== lang) el.lang = lang;
      if (el.dir !== dir) el.dir = dir;
      if (w.role === 'image') el.setAttribute('aria-label', w.label);
      if (w.detail) el.setAttribute('aria-description', w.detail);
      else el.removeAttribute('aria-description');
      el.style.left = w.x + 'px'; el.style.top = w.y + 'px';
      el.style.width = w.w + 'px'; el.style.height = w.h + 'px';
      if (el.tagName === 'BUTTON') {
        el.disabled = w.state.includes('disabled');
        el.setAttribute('aria-pressed', w.state.includes('selected') ? 'true' : 'false');
      }
      // Keep document order = reading order, moving only what is out of place.
      const want = previous ? previous.nextSibling : a11yLayer.firstChild;
      if (want !== el) a11yLayer.insertBefore(el, want);
      previous = el;
    }
    for (const [id, el] of mirrored) {
      if (!seen.has(id)) { el.remove(); mirrored.delete(id); }
    }
    // A new screen: move focus to its title, so a screen reader announces where we are.
    const title = list.find(w => w.id === 'nav/title');
    if (title && title.label !== lastScreenTitle) {
      const hadFocus = a11yLayer.contains(document.activeElement);
      lastScreenTitle = title.label;
      document.title = title.label;
      const el = mirrored.get('nav/title');
      if (hadFocus && el) { el.tabIndex = -1; el.focus({preventScroll: true}); }
    }
  }

  const MawidShell = {
    cstr: null,  // installed by the bridge at start (allocates a C string in wasm memory)

    // A string as white pixels in the font of `lang`. Line height is measured, never a
    // multiple of the size: the font's own ascent and descent, or the ink of a line when
    // it reaches further (Nastaliq's stacked letters), so no script is clipped.
    drawText(text, size, bold, rtl, maxWidth, dpr, lang) {
      const px = Math.max(1, Math.round(size * dpr));
      const font = (bold ? '600 ' : '') + px + 'px ' + fontFor(lang);
      textContext().font = font;
      tctx.direction = rtl ? 'rtl' : 'ltr';
      tctx.textBaseline = 'alphabetic';
      const lines = wrapLines(text, maxWidth > 0 ? maxWidth * dpr : 0);
      let width = 1, ascent = 0, descent = 0;
      for (const l of lines) {
        const m = tctx.measureText(l);
        width = Math.max(width, m.width, m.actualBoundingBoxLeft + m.actualBoundingBoxRight);
        ascent = Math.max(ascent, m.fontBoundingBoxAscent, m.actualBoundingBoxAscent);
        descent = Math.max(descent, m.fontBoundingBoxDescent, m.actualBoundingBoxDescent);
      }
      const lineH = Math.ceil(ascent + descent) + 2;
      textCanvas.width = Math.ceil(width) + 2;
      textCanvas.height = lineH * lines.length;
      tctx.font = font;  // resizing a canvas resets its state
      tctx.direction = rtl ? 'rtl' : 'ltr';
      tctx.textAlign = rtl ? 'right' : 'left';
      tctx.textBaseline = 'alphabetic';
      tctx.fillStyle = '#fff';
      const x = rtl ? textCanvas.width - 1 : 1;
      lines.forEach((l, i) => tctx.fillText(l, x, i * lineH + 1 + ascent));
      return {canvas: textCanvas, width: textCanvas.width / dpr, height: textCanvas.height / dpr};
    },

    fetch(url, init, done) {
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), 15000);
      init.signal = ctrl.signal;
      const requests = window.mawid.requests;
      requests.sent++;
      const answer = (...args) => { clearTimeout(timer); done(...args); requests.answered++; };
      // A 503 says the server is busy or its database is briefly away (a restart, a
      // failover). A request that cannot act twice (a read, or one with an Idempotency-Key)
      // is sent again after the wait the server asks for, so the person need not tap again;
      // within the same 15 s as the first try; then they see the busy message.
      const repeatable = init.method === 'GET' || 'Idempotency-Key' in init.headers;
      const lastTryBy = Date.now() + 10000;  // leaves the last try 5 s to be answered
      const attempt = () => fetch(url, init).then(r => {
        const retryAfter = parseInt(r.headers.get('Retry-After') || '0', 10);
        const again = Date.now() + retryAfter * 1000;
        if (r.status === 503 && repeatable && retryAfter > 0 && again <= lastTryBy) {
          return new Promise(wake => setTimeout(wake, retryAfter * 1000)).then(attempt);
        }
        return r.text().then(t => answer(r.status, t, r.headers.get('ETag'), retryAfter));
      });
      attempt().catch(() => answer(0, '', '', 0));
    },

    online() { return navigator.onLine !== false; },
    load(key) { return safeLoad(key) || ''; },
    save(key, value) { try { localStorage.setItem(PREFIX + key, value); } catch (e) { /* full or private mode */ } },

    idbGet(key, done) {
      db().then(d => {
        if (!d) return done(null);
        const req = d.transaction('kv').objectStore('kv').get(key);
        req.onsuccess = () => done(typeof req.result === 'string' ? req.result : null);
        req.onerror = () => done(null);
      });
    },
    idbPut(key, value) {
      const requests = window.mawid.requests;
      requests.sent++;
      db().then(d => {
        if (!d) return requests.answered++;
        const tx = d.transaction('kv', 'readwrite');
        tx.oncomplete = tx.onabort = () => requests.answered++;  // an error aborts
        tx.objectStore('kv').put(value, key);
      });
    },
    idbDelete(key) {
      db().then(d => { if (d) d.transaction('kv', 'readwrite').objectStore('kv').delete(key); });
    },

    languageIndex() { return JSON.stringify(languageIndex); },
    loadTable(wanted, done) {
      fetchIndex().then(index => {
        languageIndex = index;
        const tag = chooseLanguage(index, wanted);
        // Intl's locale data for dates, the fonts, then the table, each in a task of its own:
        // none lengthens the task that starts the app, nor another.
        return Promise.all([tableText(tag), warmup.dates]).then(([text, warmed]) => {
          const steps = [() => loadDateNames(tag, warmed), ...loadFonts(tag, text), () => done(tag, text)];
          const next = () => {
            steps.shift()();
            if (steps.length) setTimeout(next);
          };
          setTimeout(next);
        });
      }).catch(() => setTimeout(() => MawidShell.loadTable(wanted, done), 2000));
    },
    setDocumentLanguage(lang, rtl) {
      pageLang = lang;
      pageDir = rtl ? 'rtl' : 'ltr';
      document.documentElement.lang = lang;
      document.documentElement.dir = pageDir;
      for (const layer of [a11yLayer, inputsLayer]) { layer.lang = lang; layer.dir = pageDir; }
      for (const el of inputsLayer.children) el.lang = lang;
    },

    inputBeginFrame() { placedThisFrame = new Set(); },
    placeInput(field, x, y, w, h, kind, rtl, value, label, invalid) {
      let el = inputs.get(field);
      if (!el) { el = makeInput(field, kind); inputs.set(field, el); }
      placedThisFrame.add(field);
      el.style.display = '';
      el.style.left = x + 'px'; el.style.top = y + 'px';
      el.style.width = w + 'px'; el.style.height = h + 'px';
      // Digits and addresses read left to right in both languages; alignment follows the page.
      el.dir = ['numeric', 'tel', 'email', 'one-time-code', 'booking-code'].includes(KINDS[kind]) ? 'ltr' : (rtl ? 'rtl' : 'ltr');
      el.style.textAlign = rtl ? 'right' : 'left';
      el.setAttribute('aria-label', label);
      el.setAttribute('aria-invalid', invalid ? 'true' : 'false');
      if (el.lang !== pageLang) el.lang = pageLang;
      // Never overwrite what the person is typing; only bring in values set by the app.
      if (document.activeElement !== el && el.value !== value) el.value = value;
    },
    inputEndFrame() {
      for (const [field, el] of inputs) {
        if (!placedThisFrame.has(field)) {
          if (document.activeElement === el) el.blur();
          el.style.display = 'none';
          // A password stays in the page no longer than its field is on screen (the app
          // keeps what was typed until it is sent, and brings it back with the field).
          if (el.type === 'password') el.value = '';
        }
      }
    },
    blurInputs() {
      const a = document.activeElement;
      if (a && a.classList && a.classList.contains('mawid-input')) a.blur();
    },

    publishWidgets(json) {
      widgetList = JSON.parse(json);
      mirror(widgetList);
    },
    markInteractive() {
      if (window.mawid.firstInteractive === undefined) {
        window.mawid.firstInteractive = performance.now();
        window.dispatchEvent(new Event('mawid-interactive'));
      }
    },
    frameTime(cpuMs, submitMs) {
      const m = window.mawid;
      m.framesDrawn++;
      m.frameTimes.push(cpuMs);
      m.submitTimes.push(submitMs);
      m.frameStamps.push(performance.now());
      if (m.frameTimes.length > 600) { m.frameTimes.shift(); m.submitTimes.shift(); m.frameStamps.shift(); }
    },

    geolocate(done) {
      if (!navigator.geolocation) return done(false, 0, 0);
      navigator.geolocation.getCurrentPosition(
        p => done(true, p.coords.latitude, p.coords.longitude),
        () => done(false, 0, 0), {timeout: 10000, maximumAge: 600000});
    },
    download(filename, mime, content) {
      const url = URL.createObjectURL(new Blob([content], {type: mime}));
      const a = document.createElement('a');
      a.href = url; a.download = filename;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    share(title, text) {
      if (navigator.share) navigator.share({title, text}).catch(() => {});
      else if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
    },
    showFatal(key) {
      MawidShell.loadTable('', (tag, json) => {
        const table = JSON.parse(json);
        const p = document.createElement('p');
        p.className = 'mawid-fatal';
        p.lang = tag;
        p.dir = table._meta && table._meta.dir === 'rtl' ? 'rtl' : 'ltr';
        p.setAttribute('role', 'alert');
        p.textContent = table[key] || key;
        canvas.style.display = 'none';
        document.body.appendChild(p);
      });
    },
    // Each screen is a history entry of this one page: the phone's back gesture and the
    // in-app back button both go through popstate, so they can never disagree.
    historyPush() { history.pushState({mawid: true}, ''); },
    historyBack() {
      if (history.state && history.state.mawid) history.back();
      else Module._mawid_on_back();
    },
    navigate(url) { location.assign(url); },
    randomKey() {
      if (crypto.randomUUID) return crypto.randomUUID();
      const b = crypto.getRandomValues(new Uint8Array(16));
      return Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
    },
  };
  window.MawidShell = MawidShell;

  // For tests and tools: the widgets of the last frame, in CSS pixels of the page.
  window.mawid = {
    widgets: () => widgetList,
    find: (label) => widgetList.find(w => w.label === label),
    frameTimes: [],   // CPU ms per frame: input, layout, ImGui, text, registry
    submitTimes: [],  // ms to submit draw calls (includes waiting for a software GPU)
    frameStamps: [],  // performance.now() at the end of each frame
    firstInteractive: undefined,
    // API requests (and writes to the device's store) the app started, those finished,
    // and the frames drawn: a test waits for the answer it means, never for a time.
    requests: {sent: 0, answered: 0},
    framesDrawn: 0,
  };

  window.addEventListener('popstate', () => Module._mawid_on_back && Module._mawid_on_back());
  window.addEventListener('online', () => Module._mawid_on_online && Module._mawid_on_online(1));
  window.addEventListener('offline', () => Module._mawid_on_online && Module._mawid_on_online(0));

  // The wasm, fetched at once (index.html preloads it). As it streams in, a warm-up worker
  // inflates and compiles it: done here, both were one task of 190-230 ms on a phone 4x
  // slower than the test machine. The plain wasm (sent gzipped over the wire) is the
  // fallback where the worker cannot do it.
  function plainWasm() { return fetch(at(WASM)); }
  const gzippedWasm = ('DecompressionStream' in window)
    ? fetch(at(WASM + '.gz')).then((r) => {
        if (!r.ok) throw new Error('no ' + WASM + '.gz');
        return r;
      })
    : Promise.reject(new Error('no DecompressionStream'));

  // Three warm-up workers (web/warmup.js), side by side while the wasm streams in: one
  // sets up the GPU side for a drawing buffer of the canvas' size, one compiles the wasm,
  // one loads the date data of the likely language unless the app keeps its names already.
  // `gpu` settles with the first one's word, `wasm` with the compiled module (null where
  // the page must compile it), `dates` with the language loaded (null when none); each at
  // once where a worker cannot do its task or fails.
  const warmup = startWarmup();
  function startWarmup() {
    const spawn = (task, answered, transfer = []) => {
      try {
        const worker = new Worker(at(WARMUP));
        worker.onmessage = (e) => answered(e.data);
        worker.onerror = () => answered(null);
        worker.postMessage(task, transfer);
        return worker;
      } catch (e) {
        answered(null);
        return null;
      }
    };
    let gpuWorker = null, wasmWorker = null, datesWorker = null;
    const gpu = new Promise((settle) => {
      if (!('OffscreenCanvas' in window) || !('Worker' in window)) return settle();
      const size = (css) => Math.round(css * (window.devicePixelRatio || 1));
      gpuWorker = spawn({gpu: {width: size(canvas.clientWidth), height: size(canvas.clientHeight)}}, settle);
    });
    const wasm = gzippedWasm.then((response) => new Promise((settle) => {
      wasmWorker = spawn({wasm: response.body}, (answer) => settle(answer && answer.wasm),
                         [response.body]);
    })).catch(() => null);
    wasm.then(() => wasmWorker && wasmWorker.terminate());
    // Started with the likely table, in the task after this script's (below).
    let startDates = null;
    const dates = new Promise((settle) => {
      startDates = (tag) => {
        if (!('Worker' in window) || !tag || safeLoad('calendar.' + tag)) return settle(null);
        datesWorker = spawn({dates: tag}, (answer) => settle(answer && answer.dates));
      };
    });
    dates.then(() => datesWorker && datesWorker.terminate());
    // The GPU worker is let go once main() has made the app's own context.
    return {gpu, wasm, dates, startDates, end: () => gpuWorker && gpuWorker.terminate()};
  }

  // The likely language's table, the list of languages and the dates' worker start in the
  // task after this script's. On a phone 4x slower than the test machine this script's task
  // was 100-170 ms long, 23-51 ms of it the first read of the device's storage and those
  // fetches.
  setTimeout(() => {
    fetchIndex();
    const guess = likelyLanguage();
    if (guess) tableText(guess).catch(() => {});
    warmup.startDates(guess);
  });

  window.Module = {
    canvas,
    instantiateWasm(imports, done) {
      const compiled = warmup.wasm.then((module) => (module
          ? WebAssembly.instantiate(module, imports).then((instance) => ({instance, module}))
          : plainWasm().then(r => WebAssembly.instantiateStreaming(r, imports))))
        .catch(() => plainWasm().then(r => r.arrayBuffer()).then(b => WebAssembly.instantiate(b, imports)));
      // main() runs in a task of its own, not in the one that instantiated the module: the
      // browser stays responsive between the two.
      Promise.all([compiled, warmup.gpu]).then(([result]) => setTimeout(() => {
        done(result.instance, result.module);
        warmup.end();
      }));
      return {};  // exports arrive through done()
    },
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
  };

  if ('serviceWorker' in navigator) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register(at('sw.js')).catch(() => {});
    });
  }
})();
